import { Link } from "@/components/ui/link";
import { ActionForm } from "@/components/action-form";
import { Badge } from "@/components/content/badges";
import { DeleteCard } from "@/components/delete-card";
import { MoveButtons, MoveForm } from "@/components/move-buttons";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { DateText } from "@/components/ui/date-text";
import { can, type Role } from "@/modules/permissions/permissions";
import { LABELS } from "@/modules/content/schema";
import { addReviewItemAction, deleteReviewAction, moveReviewItemAction, removeReviewItemAction, updateReviewAction, updateReviewItemAction } from "@/modules/reviews/actions";
import { ResultBadge, ResultCounts } from "@/modules/reviews/components/result-badge";
import { ReviewForm } from "@/modules/reviews/components/review-form";
import { AddReviewItemForm, ReviewItemForm } from "@/modules/reviews/components/review-item-form";
import type { getReview, ReviewItemRow } from "@/modules/reviews/server/reviews";

type Review = Awaited<ReturnType<typeof getReview>>;

const FILTERS = {
  all: { label: "All rows", keep: () => true },
  open: { label: "Unanswered", keep: (item: ReviewItemRow) => item.result === null },
  findings: { label: "Partial or fail", keep: (item: ReviewItemRow) => item.result === "PARTIAL" || item.result === "FAIL" },
} as const;
type FilterKey = keyof typeof FILTERS;

/** The row filter named by `?show=`; anything else shows every row. */
export const reviewFilterOf = (show: string | undefined): FilterKey => (show === "open" || show === "findings" ? show : "all");

/** Rows grouped by area, areas in the order they first appear in the checklist. */
function byArea(items: ReviewItemRow[]) {
  const groups = new Map<string, ReviewItemRow[]>();
  for (const item of items) groups.set(item.area, [...(groups.get(item.area) ?? []), item]);
  return [...groups.entries()].map(([area, rows]) => ({ area, rows }));
}

type Scope = { slug: string; canEdit: boolean; reorderable: boolean };

/** One security review: its header and form, the checklist by area, adding a row, deleting it. */
export function ReviewScreen({ slug, role, review, filter, created }: { slug: string; role: Role; review: Review; filter: FilterKey; created: boolean }) {
  const canEdit = can(role, "controls.write");
  const areas = byArea(review.items);
  return (
    <div className="max-w-4xl space-y-4">
      <Card>
        <p className="text-sm">
          <Link href={`/dashboard/${slug}/reviews`}>← Security reviews</Link>
        </p>
        <h2 className="mt-2 text-lg font-semibold">{review.title}</h2>
        <p className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-zinc-600 dark:text-zinc-400">
          <DateText value={review.reviewedAt} />
          <span>{review.templateName}</span>
          <Badge value={review.visibility} />
        </p>
        <p className="mt-2">
          <ResultCounts counts={review.counts} />
        </p>
        {created ? (
          <div className="mt-3">
            <Alert tone="success">Review created with {review.counts.total} {review.counts.total === 1 ? "row" : "rows"}. Answer each row below.</Alert>
          </div>
        ) : null}
        <div className="mt-4">
          <ReviewForm action={updateReviewAction.bind(null, slug, review.id)} version={review.version} values={{ title: review.title, reviewedAt: review.reviewedAt, summary: review.summary, visibility: review.visibility }} canEdit={canEdit} />
        </div>
      </Card>
      <ChecklistCard scope={{ slug, canEdit, reorderable: canEdit && filter === "all" }} review={review} areas={areas} filter={filter} />
      {canEdit ? (
        <Card>
          <h3 className="font-semibold">Add a row</h3>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">A question of your own, added at the end of its area.</p>
          <div className="mt-3">
            <AddReviewItemForm action={addReviewItemAction.bind(null, slug, review.id)} areas={areas.map((group) => group.area)} />
          </div>
        </Card>
      ) : null}
      {canEdit ? <DeleteCard title="Delete this review" note="Its rows go with it. The audit log keeps the record." action={deleteReviewAction.bind(null, slug, review.id)} version={review.version} label="Delete review" /> : null}
    </div>
  );
}

function ChecklistCard({ scope, review, areas, filter }: { scope: Scope; review: Review; areas: ReturnType<typeof byArea>; filter: FilterKey }) {
  const shownAreas = areas.map((group) => ({ ...group, shown: group.rows.filter(FILTERS[filter].keep) })).filter((group) => group.shown.length > 0);
  const here = `/dashboard/${scope.slug}/reviews/${review.id}`;
  return (
    <Card>
      <div className="flex flex-wrap items-baseline justify-between gap-3">
        <h3 className="font-semibold">Checklist</h3>
        <nav aria-label="Show rows" className="flex gap-3 text-sm">
          {(Object.keys(FILTERS) as FilterKey[]).map((key) => {
            const label = `${FILTERS[key].label} (${review.items.filter(FILTERS[key].keep).length})`;
            return key === filter ? (
              <span key={key} aria-current="true" className="font-semibold">
                {label}
              </span>
            ) : (
              <Link key={key} href={key === "all" ? here : `${here}?show=${key}`}>
                {label}
              </Link>
            );
          })}
        </nav>
      </div>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">Open a row to answer it. A remediated finding links to its fix; a finding accepted as residual risk states the rationale.</p>
      {review.items.length === 0 ? <p className="mt-4 text-sm text-zinc-500">No rows yet.{scope.canEdit ? " Add the questions this review answers below." : ""}</p> : null}
      {review.items.length > 0 && shownAreas.length === 0 ? <p className="mt-4 text-sm text-zinc-500">No row matches.</p> : null}
      {scope.reorderable ? <MoveForm id="move-review-item" action={moveReviewItemAction.bind(null, scope.slug)} /> : null}
      <div className="mt-4 space-y-6">
        {shownAreas.map(({ area, rows, shown }) => (
          <section key={area} aria-label={area}>
            <h4 className="text-sm font-semibold">
              {area} <span className="font-normal text-zinc-500">· {rows.length} {rows.length === 1 ? "row" : "rows"}</span>
            </h4>
            <ul className="mt-2 space-y-1">
              {shown.map((item) => (
                <li key={item.id}>
                  <ReviewItem scope={scope} item={item} index={rows.indexOf(item)} count={rows.length} />
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
    </Card>
  );
}

function ReviewItem({ scope, item, index, count }: { scope: Scope; item: ReviewItemRow; index: number; count: number }) {
  const { slug } = scope;
  const name = item.ref || item.question.slice(0, 40);
  return (
    // `open` may be set by a click before hydration: not a mismatch.
    <details className="group rounded-md border border-zinc-200 dark:border-zinc-800" data-testid="review-item" suppressHydrationWarning>
      <summary className="flex cursor-pointer items-start gap-3 px-3 py-2 text-sm">
        <span className="w-20 shrink-0 font-mono text-xs leading-5">{item.ref || "—"}</span>
        <span className="line-clamp-1 min-w-0 flex-1 group-open:line-clamp-none">{item.question}</span>
        <span className="flex shrink-0 items-center gap-2">
          {item.resolution !== "NONE" ? <span className="text-xs text-zinc-500">{LABELS.findingResolution[item.resolution]}</span> : null}
          <ResultBadge result={item.result} />
        </span>
      </summary>
      <div className="space-y-3 border-t border-zinc-200 px-3 py-3 dark:border-zinc-800">
        <ReviewItemForm
          action={updateReviewItemAction.bind(null, slug, item.id)}
          itemId={item.id}
          values={{ result: item.result, evidence: item.evidence, finding: item.finding, resolution: item.resolution, remediationUrl: item.remediationUrl, rationale: item.rationale }}
          canEdit={scope.canEdit}
        />
        {scope.canEdit ? (
          <div className="flex flex-wrap items-center gap-2 border-t border-zinc-100 pt-2 text-sm dark:border-zinc-800">
            {scope.reorderable ? <MoveButtons form="move-review-item" id={item.id} name={name} first={index === 0} last={index === count - 1} /> : null}
            <ActionForm action={removeReviewItemAction.bind(null, slug, item.id)} className="ml-auto inline" successTone={false}>
              <button type="submit" aria-label={`Remove ${name}`} className="text-red-700 underline dark:text-red-400">
                Remove row
              </button>
            </ActionForm>
          </div>
        ) : null}
      </div>
    </details>
  );
}
