import type { Metadata } from "next";
import Link from "next/link";
import { ActionForm } from "@/components/action-form";
import { Badge } from "@/components/content/badges";
import { Pagination } from "@/components/content/pagination";
import { LocalDate } from "@/components/local-date";
import { Alert } from "@/components/ui/alert";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { SubmitButton } from "@/components/ui/submit-button";
import { can } from "@/modules/permissions/permissions";
import { CONTROL_STATUSES, LABELS, VISIBILITIES } from "@/modules/content/schema";
import { bulkControlsAction, moveControlAction } from "@/modules/controls/actions";
import { needsReview } from "@/modules/controls/coverage";
import { controlQuerySchema, type ControlQuery } from "@/modules/controls/query";
import { controlSummary, listControls } from "@/modules/controls/server/controls";
import { liveCoverage } from "@/modules/publishing/server/live-coverage";
import { gatePage } from "@/server/gate-page";
import { readTogether } from "@/server/page-reads";

export const metadata: Metadata = { title: "Controls" };

const selectClass = "rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900";

export default async function ControlsPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const { slug } = await params;
  const ctx = await gatePage({ slug, action: "org.read" });
  const raw = await searchParams;
  const query = controlQuerySchema.parse(raw);
  const [{ rows, total, pageSize }, summary, live] = await readTogether(ctx, () => Promise.all([listControls({ ctx, query }), controlSummary({ ctx }), liveCoverage({ ctx })]));
  const canEdit = can(ctx.role, "controls.write");
  const base = `/dashboard/${slug}/controls`;
  const link = (changes: Partial<ControlQuery>) => {
    const next = { ...query, ...changes };
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(next)) if (value !== undefined && value !== "" && !(key === "page" && value === 1) && !(key === "sort" && value === "position") && !(key === "dir" && value === "asc")) search.set(key, String(value));
    return `${base}?${search}`;
  };
  const sortLink = (sort: ControlQuery["sort"], label: string) => (
    <Link href={link({ sort, dir: query.sort === sort && query.dir === "asc" ? "desc" : "asc", page: 1 })} className="no-underline" aria-sort={query.sort === sort ? (query.dir === "asc" ? "ascending" : "descending") : undefined}>
      {label}
      {query.sort === sort ? (query.dir === "asc" ? " ▲" : " ▼") : ""}
    </Link>
  );
  const filtered = Boolean(query.q || query.status || query.visibility || query.area || query.review);
  const reorderable = canEdit && query.sort === "position" && query.dir === "asc" && !filtered;
  const c = summary.coverage;

  return (
    <div className="space-y-4">
      <Card>
        <div className="flex flex-wrap items-start justify-between gap-4">
          <div>
            <h2 className="text-lg font-semibold">Controls</h2>
            <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">What you do to protect customers, with evidence a reviewer can check.</p>
          </div>
          <div className="flex gap-2">
            <Link href={`${base}/areas`} className={buttonClass("secondary")}>
              Areas
            </Link>
            {canEdit ? (
              <Link href={`${base}/new`} className={buttonClass()}>
                New control
              </Link>
            ) : null}
          </div>
        </div>
        <dl className="mt-4 grid grid-cols-2 gap-3 text-center sm:grid-cols-7" data-testid="coverage">
          {[
            ["Total", c.total],
            ["Implemented", c.IMPLEMENTED],
            ["In progress", c.IN_PROGRESS],
            ["Planned", c.PLANNED],
            ["Not applicable", c.NOT_APPLICABLE],
            // Two figures, each saying what it counts (issue 10, item 9).
            ["Coverage, all controls", c.percent === null ? "—" : `${c.percent}%`],
            [live.seq && live.coverage ? `On the public page (#${live.seq})` : "On the public page", live.coverage?.percent != null ? `${live.coverage.percent}%` : "—"],
          ].map(([label, value]) => (
            <div key={label} className="rounded-md bg-zinc-50 p-2 dark:bg-zinc-800">
              <dt className="text-xs uppercase text-zinc-500">{label}</dt>
              <dd className="text-xl font-semibold">{value}</dd>
            </div>
          ))}
        </dl>
        {summary.reviewDue > 0 ? (
          <p className="mt-3 text-sm">
            <Link href={link({ review: "due", page: 1 })}>{summary.reviewDue} {summary.reviewDue === 1 ? "control needs" : "controls need"} review</Link> (its cadence has passed since the last review, or since it was created if never reviewed).
          </p>
        ) : null}
        <div className="mt-3 space-y-2">
          {raw.deleted ? <Alert tone="success">Control deleted.</Alert> : null}
        </div>
      </Card>

      <Card>
        <form className="flex flex-wrap items-end gap-3 text-sm" action={base}>
          <label className="space-y-1">
            <span className="block font-medium">Search</span>
            <input name="q" defaultValue={query.q} placeholder="AC-01, MFA…" className={selectClass} />
          </label>
          <label className="space-y-1">
            <span className="block font-medium">Status</span>
            <select name="status" defaultValue={query.status ?? ""} className={selectClass}>
              <option value="">All</option>
              {CONTROL_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {LABELS.controlStatus[s]}
                </option>
              ))}
            </select>
          </label>
          <label className="space-y-1">
            <span className="block font-medium">Area</span>
            <select name="area" defaultValue={query.area ?? ""} className={selectClass}>
              <option value="">All</option>
              {summary.areas.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </select>
          </label>
          <label className="space-y-1">
            <span className="block font-medium">Visibility</span>
            <select name="visibility" defaultValue={query.visibility ?? ""} className={selectClass}>
              <option value="">All</option>
              {VISIBILITIES.map((v) => (
                <option key={v} value={v}>
                  {LABELS.visibility[v]}
                </option>
              ))}
            </select>
          </label>
          <label className="flex items-center gap-2 pb-2">
            <input type="checkbox" name="review" value="due" defaultChecked={query.review === "due"} /> Needs review
          </label>
          <button type="submit" className="rounded-md border border-zinc-300 px-3 py-1.5 dark:border-zinc-700">
            Apply
          </button>
          {filtered ? <Link href={base}>Clear</Link> : null}
        </form>

        {canEdit && rows.length > 0 ? (
          <ActionForm action={bulkControlsAction.bind(null, slug)} id="bulk" className="mt-4 flex flex-wrap items-end gap-3 rounded-md bg-zinc-50 p-3 text-sm dark:bg-zinc-800">
            <span className="pb-1.5 font-medium">With the selected controls:</span>
            <label className="space-y-1">
              <span className="block">Set status</span>
              <select name="bulkStatus" defaultValue="" className={selectClass}>
                <option value="">(unchanged)</option>
                {CONTROL_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {LABELS.controlStatus[s]}
                  </option>
                ))}
              </select>
            </label>
            <label className="space-y-1">
              <span className="block">Set visibility</span>
              <select name="bulkVisibility" defaultValue="" className={selectClass}>
                <option value="">(unchanged)</option>
                {VISIBILITIES.map((v) => (
                  <option key={v} value={v}>
                    {LABELS.visibility[v]}
                  </option>
                ))}
              </select>
            </label>
            <SubmitButton variant="secondary" pendingLabel="Applying…">
              Apply to selected
            </SubmitButton>
            <button type="submit" name="intent" value="mark-reviewed" className={buttonClass("secondary")}>
              Mark reviewed today
            </button>
          </ActionForm>
        ) : null}

        {rows.length === 0 ? (
          <p className="mt-6 text-sm text-zinc-500">{filtered ? "No control matches." : "No controls yet. Create one, or import a CSV or JSON file (Import & export)."}</p>
        ) : (
          <div className="mt-4 overflow-x-auto">
            <table className="w-full text-left text-sm">
              <thead className="text-xs uppercase text-zinc-500">
                <tr>
                  {canEdit ? (
                    <th className="py-2 pr-2">
                      <span className="sr-only">Select</span>
                    </th>
                  ) : null}
                  <th className="py-2 pr-3">{sortLink("ref", "Ref")}</th>
                  <th className="py-2 pr-3">{sortLink("title", "Title")}</th>
                  <th className="py-2 pr-3">{sortLink("area", "Area")}</th>
                  <th className="py-2 pr-3">{sortLink("status", "Status")}</th>
                  <th className="py-2 pr-3">Visibility</th>
                  <th className="py-2 pr-3">Evidence</th>
                  <th className="py-2 pr-3">{sortLink("lastReviewed", "Reviewed")}</th>
                  {reorderable ? (
                    <th className="py-2">
                      <span className="sr-only">Order</span>
                    </th>
                  ) : null}
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.id} className="border-t border-zinc-200 align-top dark:border-zinc-800" data-testid={`control-${row.ref}`}>
                    {canEdit ? (
                      <td className="py-2 pr-2">
                        <input type="checkbox" name="ids" value={row.id} form="bulk" aria-label={`Select ${row.ref}`} />
                      </td>
                    ) : null}
                    <td className="whitespace-nowrap py-2 pr-3 font-mono text-xs">
                      <Link href={`${base}/${row.id}`}>{row.ref}</Link>
                    </td>
                    <td className="py-2 pr-3">{row.title}</td>
                    <td className="py-2 pr-3">{row.area}</td>
                    <td className="py-2 pr-3">
                      <Badge value={row.status} />
                    </td>
                    <td className="py-2 pr-3">
                      <Badge value={row.visibility} />
                    </td>
                    <td className="py-2 pr-3">{row.evidenceCount}</td>
                    <td className="whitespace-nowrap py-2 pr-3">
                      <LocalDate value={row.lastReviewedAt?.toISOString() ?? null} />
                      {needsReview(row) ? <span className="ml-1 rounded bg-amber-100 px-1 text-xs text-amber-900 dark:bg-amber-900 dark:text-amber-100">needs review</span> : null}
                    </td>
                    {reorderable ? (
                      <td className="whitespace-nowrap py-2">
                        <ActionForm action={moveControlAction.bind(null, slug, row.id, "up")} className="inline" successTone={false}>
                          <button type="submit" aria-label={`Move ${row.ref} up`} className="px-1">
                            ↑
                          </button>
                        </ActionForm>
                        <ActionForm action={moveControlAction.bind(null, slug, row.id, "down")} className="inline" successTone={false}>
                          <button type="submit" aria-label={`Move ${row.ref} down`} className="px-1">
                            ↓
                          </button>
                        </ActionForm>
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <div className="mt-4">
          <Pagination page={query.page} pageSize={pageSize} total={total} href={(page) => link({ page })} />
        </div>
      </Card>
    </div>
  );
}
