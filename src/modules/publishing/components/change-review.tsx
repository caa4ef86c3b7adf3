import type { Review, ReviewEntry, ReviewSection } from "../review";

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "2 added · 1 removed · 3 changed", leaving out the noughts. */
export function countsText(counts: Review["counts"]) {
  const parts = [counts.added ? `${counts.added} added` : "", counts.removed ? `${counts.removed} removed` : "", counts.changed ? `${counts.changed} changed` : ""].filter(Boolean);
  return parts.length ? parts.join(" · ") : "No visible change";
}

function Fields({ entry }: { entry: ReviewEntry }) {
  if (entry.fields.length === 0) return <p className="text-zinc-500">Details updated.</p>;
  return (
    <dl className="mt-1 space-y-2">
      {entry.fields.map((f) => (
        <div key={f.field} data-testid="field-change">
          <dt className="text-xs font-semibold text-zinc-600 dark:text-zinc-400">{f.field}</dt>
          <dd className="grid gap-1 sm:grid-cols-[1fr_auto_1fr] sm:items-start">
            <span className="whitespace-pre-wrap break-words rounded bg-rose-50 px-2 py-1 text-rose-900 line-through decoration-rose-400/60 dark:bg-rose-950 dark:text-rose-100">
              <span className="sr-only">Before: </span>
              {f.before}
            </span>
            <span aria-hidden="true" className="hidden px-1 text-zinc-400 sm:block">
              →
            </span>
            <span className="whitespace-pre-wrap break-words rounded bg-emerald-50 px-2 py-1 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100">
              <span className="sr-only">After: </span>
              {f.after}
            </span>
          </dd>
        </div>
      ))}
    </dl>
  );
}

const MARK = { added: "+", removed: "−", changed: "~" } as const;
const TONE = { added: "text-emerald-700 dark:text-emerald-400", removed: "text-rose-700 dark:text-rose-400", changed: "text-amber-700 dark:text-amber-400" } as const;

function Group({ kind, entries }: { kind: keyof typeof MARK; entries: ReviewEntry[] }) {
  if (entries.length === 0) return null;
  return (
    <div className="mt-2">
      <h5 className={`text-xs font-semibold uppercase tracking-wide ${TONE[kind]}`}>
        {kind === "added" ? "Added" : kind === "removed" ? "Removed" : "Changed"} ({entries.length})
      </h5>
      <ul className="mt-1 space-y-2 text-sm">
        {entries.map((entry) => (
          <li key={entry.key} data-testid={`review-${kind}`} className="flex gap-2">
            <span aria-hidden="true" className={`w-3 shrink-0 font-mono font-bold ${TONE[kind]}`}>
              {MARK[kind]}
            </span>
            <div className="min-w-0 flex-1">
              <p className="font-medium break-words">{entry.title}</p>
              {kind === "changed" ? <Fields entry={entry} /> : null}
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}

function Section({ section }: { section: ReviewSection }) {
  const counts = { added: section.added.length, removed: section.removed.length, changed: section.changed.length };
  return (
    // Open by default; whoever closes it before the page hydrates owns `open` (as the shell's menu).
    <details open suppressHydrationWarning className="rounded-md border border-zinc-200 p-3 dark:border-zinc-800" data-testid={`review-section-${section.key}`}>
      <summary className="cursor-pointer">
        <h4 className="inline text-sm font-semibold">{section.label}</h4> <span className="text-sm text-zinc-600 dark:text-zinc-400">· {countsText(counts)}</span>
      </summary>
      <Group kind="added" entries={section.added} />
      <Group kind="removed" entries={section.removed} />
      <Group kind="changed" entries={section.changed} />
    </details>
  );
}

/**
 * A diff to review before publishing or approving: counted, grouped by section, each change
 * readable (a field's old and new value side by side). `testId` names it for the tests.
 */
export function ChangeReview({ review, testId }: { review: Review; testId: string }) {
  if (review.kind === "offline") return <p className="mt-2 text-sm" data-testid={testId}>The trust center would be taken offline.</p>;
  const total = review.counts.added + review.counts.removed + review.counts.changed;
  return (
    <div className="mt-2 space-y-3" data-testid={testId}>
      <p className="text-sm" data-testid={`${testId}-counts`}>
        {review.kind === "first" ? "First publication: " : ""}
        {total ? `${countsText(review.counts)} in ${plural(review.sections.length, "section")}.` : "No visible change."}
      </p>
      {review.sections.map((section) => (
        <Section key={section.key} section={section} />
      ))}
    </div>
  );
}
