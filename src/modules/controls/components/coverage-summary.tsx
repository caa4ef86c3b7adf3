import { Link } from "@/components/ui/link";
import type { StatusCounts } from "../coverage";

type Coverage = StatusCounts & { total: number; applicable: number; percent: number | null };
const percent = (c: Coverage) => (c.percent === null ? "—" : `${c.percent}%`);

/**
 * Coverage, twice and labelled: over every control in the dashboard (public, NDA and private,
 * as they stand now), and as the public page shows it (the public controls of the live
 * publication). The two differ whenever some controls are not public or not yet published, and
 * read unlabelled they looked like a contradiction (issue 10, item 9).
 */
export function CoverageSummary({ draft, live, slug }: { draft: Coverage; live: { seq: number | null; coverage: Coverage | null }; slug: string }) {
  return (
    <dl className="grid gap-3 sm:grid-cols-2" data-testid="coverage-summary">
      <div>
        <dt className="text-sm text-zinc-600 dark:text-zinc-400">All controls, as they stand now</dt>
        <dd>
          <span className="text-3xl font-semibold" data-testid="coverage-draft">{percent(draft)}</span>
          <span className="block text-sm text-zinc-600 dark:text-zinc-400">
            {draft.IMPLEMENTED} implemented of {draft.applicable} applicable ({draft.IN_PROGRESS} in progress, {draft.PLANNED} planned, {draft.NOT_APPLICABLE} not applicable), public, NDA and private alike
          </span>
        </dd>
      </div>
      <div>
        <dt className="text-sm text-zinc-600 dark:text-zinc-400">On your public page{live.coverage && live.seq ? ` (publication #${live.seq})` : ""}</dt>
        <dd>
          {live.coverage ? (
            <>
              <span className="text-3xl font-semibold" data-testid="coverage-live">{percent(live.coverage)}</span>
              <span className="block text-sm text-zinc-600 dark:text-zinc-400">
                {live.coverage.IMPLEMENTED} implemented of {live.coverage.applicable} applicable public controls, as last published
              </span>
            </>
          ) : (
            <span className="block text-sm text-zinc-600 dark:text-zinc-400" data-testid="coverage-live">
              Nothing is live. <Link href={`/dashboard/${slug}/publish`}>Publish</Link> to show coverage there.
            </span>
          )}
        </dd>
      </div>
    </dl>
  );
}
