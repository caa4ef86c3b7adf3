import { VALUE_LABELS } from "@/modules/content/kinds";

const TONES: Record<string, string> = {
  IMPLEMENTED: "bg-green-100 text-green-800 dark:bg-green-900 dark:text-green-100",
  CERTIFIED: "bg-green-100 text-green-800 dark:bg-green-900 dark:text-green-100",
  ACTIVE: "bg-green-100 text-green-800 dark:bg-green-900 dark:text-green-100",
  ALIGNED: "bg-teal-100 text-teal-800 dark:bg-teal-900 dark:text-teal-100",
  IN_PROGRESS: "bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100",
  PLANNED: "bg-blue-100 text-blue-800 dark:bg-blue-900 dark:text-blue-100",
  NOT_APPLICABLE: "bg-zinc-200 text-zinc-700 dark:bg-zinc-700 dark:text-zinc-200",
  NOT_PURSUED: "bg-zinc-200 text-zinc-700 dark:bg-zinc-700 dark:text-zinc-200",
  REMOVED: "bg-zinc-200 text-zinc-700 dark:bg-zinc-700 dark:text-zinc-200",
  EXPIRED: "bg-red-100 text-red-800 dark:bg-red-900 dark:text-red-100",
  PUBLIC: "bg-sky-100 text-sky-800 dark:bg-sky-900 dark:text-sky-100",
  NDA: "bg-violet-100 text-violet-800 dark:bg-violet-900 dark:text-violet-100",
  PRIVATE: "bg-zinc-800 text-white dark:bg-zinc-200 dark:text-zinc-900",
};

export function Badge({ value }: { value: string }) {
  return <span className={`inline-block rounded px-1.5 py-0.5 text-xs font-medium ${TONES[value] ?? "bg-zinc-100 text-zinc-800 dark:bg-zinc-800 dark:text-zinc-100"}`}>{VALUE_LABELS[value] ?? value}</span>;
}
