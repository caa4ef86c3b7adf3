import { LABELS } from "@/modules/content/schema";

const TONES: Record<string, string> = {
  PASS: "bg-green-100 text-green-800 dark:bg-green-900 dark:text-green-100",
  PARTIAL: "bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100",
  FAIL: "bg-red-100 text-red-800 dark:bg-red-900 dark:text-red-100",
  NOT_APPLICABLE: "bg-zinc-200 text-zinc-700 dark:bg-zinc-700 dark:text-zinc-200",
};

/** A checklist row's result: Pass, Partial, Fail, N/A, or not answered yet. */
export function ResultBadge({ result }: { result: keyof typeof LABELS.reviewResult | null }) {
  if (!result) return <span className="inline-block rounded border border-dashed border-zinc-400 px-1.5 py-0.5 text-xs text-zinc-600 dark:text-zinc-300">Unanswered</span>;
  return <span className={`inline-block rounded px-1.5 py-0.5 text-xs font-medium ${TONES[result]}`}>{LABELS.reviewResult[result]}</span>;
}

/** Pass / partial / fail / n.a. / unanswered counts in one line. */
export function ResultCounts({ counts }: { counts: { PASS: number; PARTIAL: number; FAIL: number; NOT_APPLICABLE: number; unanswered: number } }) {
  const parts = [
    ["Pass", counts.PASS, "text-green-800 dark:text-green-300"],
    ["Partial", counts.PARTIAL, "text-amber-800 dark:text-amber-300"],
    ["Fail", counts.FAIL, "text-red-800 dark:text-red-300"],
    ["N/A", counts.NOT_APPLICABLE, "text-zinc-600 dark:text-zinc-400"],
    ["Unanswered", counts.unanswered, "text-zinc-600 dark:text-zinc-400"],
  ] as const;
  return (
    <span className="inline-flex flex-wrap gap-x-3 gap-y-1 text-xs">
      {parts.map(([label, n, tone]) => (
        <span key={label} className={n > 0 ? tone : "text-zinc-400"}>
          {label} <span className="font-semibold tabular-nums">{n}</span>
        </span>
      ))}
    </span>
  );
}
