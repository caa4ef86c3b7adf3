import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ActionForm } from "@/components/action-form";
import { Badge } from "@/components/content/badges";
import { LocalDate } from "@/components/local-date";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { SubmitButton } from "@/components/ui/submit-button";
import { can } from "@/modules/permissions/permissions";
import { LABELS } from "@/modules/content/schema";
import { addReviewItemAction, deleteReviewAction, moveReviewItemAction, removeReviewItemAction, updateReviewAction, updateReviewItemAction } from "@/modules/reviews/actions";
import { ResultBadge, ResultCounts } from "@/modules/reviews/components/result-badge";
import { ReviewForm } from "@/modules/reviews/components/review-form";
import { AddReviewItemForm, ReviewItemForm } from "@/modules/reviews/components/review-item-form";
import { getReview, type ReviewItemRow } from "@/modules/reviews/server/reviews";
import { AppError } from "@/server/errors";
import { gatePage } from "@/server/gate-page";

export const metadata: Metadata = { title: "Security review" };

const FILTERS = {
  all: { label: "All rows", keep: () => true },
  open: { label: "Unanswered", keep: (item: ReviewItemRow) => item.result === null },
  findings: { label: "Partial or fail", keep: (item: ReviewItemRow) => item.result === "PARTIAL" || item.result === "FAIL" },
} as const;
type FilterKey = keyof typeof FILTERS;

/** Rows grouped by area, areas in the order they first appear in the checklist. */
function byArea(items: ReviewItemRow[]) {
  const groups = new Map<string, ReviewItemRow[]>();
  for (const item of items) groups.set(item.area, [...(groups.get(item.area) ?? []), item]);
  return [...groups.entries()].map(([area, rows]) => ({ area, rows }));
}

export default async function ReviewPage({ params, searchParams }: { params: Promise<{ slug: string; id: string }>; searchParams: Promise<{ created?: string; show?: string }> }) {
  const { slug, id } = await params;
  const ctx = await gatePage({ slug, action: "org.read" });
  const review = await getReview({ ctx, id }).catch((error) => {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  });
  const canEdit = can(ctx.role, "controls.write");
  const query = await searchParams;
  const filter: FilterKey = query.show === "open" || query.show === "findings" ? query.show : "all";
  const base = `/dashboard/${slug}/reviews`;
  const areas = byArea(review.items);
  const shownAreas = areas.map((group) => ({ ...group, shown: group.rows.filter(FILTERS[filter].keep) })).filter((group) => group.shown.length > 0);
  const reorderable = canEdit && filter === "all";

  return (
    <div className="max-w-4xl space-y-4">
      <Card>
        <p className="text-sm">
          <Link href={base}>← Security reviews</Link>
        </p>
        <h2 className="mt-2 text-lg font-semibold">{review.title}</h2>
        <p className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-zinc-600 dark:text-zinc-400">
          <LocalDate value={review.reviewedAt} />
          <span>{review.templateName}</span>
          <Badge value={review.visibility} />
        </p>
        <p className="mt-2">
          <ResultCounts counts={review.counts} />
        </p>
        {query.created ? (
          <div className="mt-3">
            <Alert tone="success">Review created with {review.counts.total} {review.counts.total === 1 ? "row" : "rows"}. Answer each row below.</Alert>
          </div>
        ) : null}
        <div className="mt-4">
          <ReviewForm
            action={updateReviewAction.bind(null, slug, review.id)}
            version={review.version}
            values={{ title: review.title, reviewedAt: review.reviewedAt, summary: review.summary, visibility: review.visibility }}
            canEdit={canEdit}
          />
        </div>
      </Card>

      <Card>
        <div className="flex flex-wrap items-baseline justify-between gap-3">
          <h3 className="font-semibold">Checklist</h3>
          <nav aria-label="Show rows" className="flex gap-3 text-sm">
            {(Object.keys(FILTERS) as FilterKey[]).map((key) => {
              const count = review.items.filter(FILTERS[key].keep).length;
              const label = `${FILTERS[key].label} (${count})`;
              return key === filter ? (
                <span key={key} aria-current="true" className="font-semibold">
                  {label}
                </span>
              ) : (
                <Link key={key} href={key === "all" ? `${base}/${review.id}` : `${base}/${review.id}?show=${key}`}>
                  {label}
                </Link>
              );
            })}
          </nav>
        </div>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          Open a row to answer it. A remediated finding links to its fix; a finding accepted as residual risk states the rationale.
        </p>
        {review.items.length === 0 ? <p className="mt-4 text-sm text-zinc-500">No rows yet.{canEdit ? " Add the questions this review answers below." : ""}</p> : null}
        {review.items.length > 0 && shownAreas.length === 0 ? <p className="mt-4 text-sm text-zinc-500">No row matches.</p> : null}
        <div className="mt-4 space-y-6">
          {shownAreas.map(({ area, rows, shown }) => (
            <section key={area} aria-label={area}>
              <h4 className="text-sm font-semibold">
                {area} <span className="font-normal text-zinc-500">· {rows.length} {rows.length === 1 ? "row" : "rows"}</span>
              </h4>
              <ul className="mt-2 space-y-1">
                {shown.map((item) => {
                  const index = rows.indexOf(item);
                  const name = item.ref || item.question.slice(0, 40);
                  return (
                    <li key={item.id}>
                      {/* `open` may be set by a click before hydration: not a mismatch. */}
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
                            canEdit={canEdit}
                          />
                          {canEdit ? (
                            <div className="flex flex-wrap items-center gap-2 border-t border-zinc-100 pt-2 text-sm dark:border-zinc-800">
                              {reorderable ? (
                                <>
                                  <ActionForm action={moveReviewItemAction.bind(null, slug, item.id, "up")} className="inline" successTone={false}>
                                    <button type="submit" disabled={index === 0} aria-label={`Move ${name} up`} className="px-1 disabled:opacity-30">
                                      ↑
                                    </button>
                                  </ActionForm>
                                  <ActionForm action={moveReviewItemAction.bind(null, slug, item.id, "down")} className="inline" successTone={false}>
                                    <button type="submit" disabled={index === rows.length - 1} aria-label={`Move ${name} down`} className="px-1 disabled:opacity-30">
                                      ↓
                                    </button>
                                  </ActionForm>
                                </>
                              ) : null}
                              <ActionForm action={removeReviewItemAction.bind(null, slug, item.id)} className="ml-auto inline" successTone={false}>
                                <button type="submit" aria-label={`Remove ${name}`} className="text-red-700 underline dark:text-red-400">
                                  Remove row
                                </button>
                              </ActionForm>
                            </div>
                          ) : null}
                        </div>
                      </details>
                    </li>
                  );
                })}
              </ul>
            </section>
          ))}
        </div>
      </Card>

      {canEdit ? (
        <Card>
          <h3 className="font-semibold">Add a row</h3>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">A question of your own, added at the end of its area.</p>
          <div className="mt-3">
            <AddReviewItemForm action={addReviewItemAction.bind(null, slug, review.id)} areas={areas.map((group) => group.area)} />
          </div>
        </Card>
      ) : null}

      {canEdit ? (
        <Card>
          <h3 className="font-semibold">Delete this review</h3>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">Its rows go with it. The audit log keeps the record.</p>
          <ActionForm action={deleteReviewAction.bind(null, slug, review.id)} className="mt-2">
            <input type="hidden" name="version" value={review.version} />
            <SubmitButton variant="danger" pendingLabel="Deleting…">
              Delete review
            </SubmitButton>
          </ActionForm>
        </Card>
      ) : null}
    </div>
  );
}
