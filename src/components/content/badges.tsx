import { VALUE_LABELS } from "@/modules/content/kinds";

const TONES: Record<string, string> = {
  IMPLEMENTED: "tone-green",
  CERTIFIED: "tone-green",
  ACTIVE: "tone-green",
  ALIGNED: "tone-teal",
  IN_PROGRESS: "tone-amber",
  PLANNED: "tone-blue",
  NOT_APPLICABLE: "tone-zinc",
  NOT_PURSUED: "tone-zinc",
  REMOVED: "tone-zinc",
  EXPIRED: "tone-red",
  PUBLIC: "tone-sky",
  NDA: "tone-violet",
  PRIVATE: "tone-dark",
};

export function Badge({ value }: { value: string }) {
  return <span className={`badge ${TONES[value] ?? "tone-plain"}`}>{VALUE_LABELS[value] ?? value}</span>;
}
