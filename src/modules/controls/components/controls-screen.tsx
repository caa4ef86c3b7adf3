import { FilterForm } from "@/components/ui/filter-form";
import { Link } from "@/components/ui/link";
import { ActionForm } from "@/components/action-form";
import { Alert } from "@/components/ui/alert";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { compactInputClass, FilterField, optionsOf, Select } from "@/components/ui/select";
import { SubmitButton } from "@/components/ui/submit-button";
import { MoveForm } from "@/components/move-buttons";
import { can, type Role } from "@/modules/permissions/permissions";
import { CONTROL_STATUSES, LABELS, VISIBILITIES } from "@/modules/content/schema";
import { bulkControlsAction, moveControlAction } from "@/modules/controls/actions";
import { needsReview } from "@/modules/controls/coverage";
import { controlListHref, type ControlQuery } from "@/modules/controls/query";
import { ControlsTable, type ControlListRow } from "@/modules/controls/components/controls-table";
import type { controlSummary, listControls } from "@/modules/controls/server/controls";

type List = Awaited<ReturnType<typeof listControls>>;
type Row = List["rows"][number];
type Summary = Awaited<ReturnType<typeof controlSummary>>;
/** What the public page shows now (publishing's liveCoverage), by shape: no import of publishing. */
type Live = { seq: number | null; coverage: { percent: number | null } | null };
type Link = ReturnType<typeof controlListHref>;

/** The controls list: coverage, filters, bulk edits, the sortable table, pages. */
export function ControlsScreen({ slug, role, query, list, summary, live, deleted }: { slug: string; role: Role; query: ControlQuery; list: List; summary: Summary; live: Live; deleted: boolean }) {
  const canEdit = can(role, "controls.write");
  const base = `/dashboard/${slug}/controls`;
  const link = controlListHref(base, query);
  const filtered = Boolean(query.q || query.status || query.visibility || query.area || query.review);
  const reorderable = canEdit && query.sort === "position" && query.dir === "asc" && !filtered;
  return (
    <div className="space-y-4">
      <CoverageCard base={base} canEdit={canEdit} summary={summary} live={live} link={link} deleted={deleted} />
      <Card>
        <ControlFilters base={base} query={query} areas={summary.areas} filtered={filtered} />
        {canEdit && list.rows.length > 0 ? <BulkBar slug={slug} /> : null}
        {reorderable ? <MoveForm id="move-control" action={moveControlAction.bind(null, slug)} /> : null}
        <ControlsTable base={base} query={query} rows={list.rows.map(listRow)} total={list.total} pageSize={list.pageSize} canEdit={canEdit} reorderable={reorderable} filtered={filtered} />
      </Card>
    </div>
  );
}

function CoverageCard({ base, canEdit, summary, live, link, deleted }: { base: string; canEdit: boolean; summary: Summary; live: Live; link: Link; deleted: boolean }) {
  const c = summary.coverage;
  const figures: [string, string | number][] = [
    ["Total", c.total],
    ["Implemented", c.IMPLEMENTED],
    ["In progress", c.IN_PROGRESS],
    ["Planned", c.PLANNED],
    ["Not applicable", c.NOT_APPLICABLE],
    // Two figures, each saying what it counts (issue 10, item 9).
    ["Coverage, all controls", c.percent === null ? "—" : `${c.percent}%`],
    [live.seq && live.coverage ? `On the public page (#${live.seq})` : "On the public page", live.coverage?.percent != null ? `${live.coverage.percent}%` : "—"],
  ];
  return (
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
        {figures.map(([label, value]) => (
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
      <div className="mt-3 space-y-2">{deleted ? <Alert tone="success">Control deleted.</Alert> : null}</div>
    </Card>
  );
}

function ControlFilters({ base, query, areas, filtered }: { base: string; query: ControlQuery; areas: Summary["areas"]; filtered: boolean }) {
  return (
    <FilterForm className="flex flex-wrap items-end gap-3 text-sm" action={base}>
      <FilterField label="Search">
        <input name="q" defaultValue={query.q} placeholder="AC-01, MFA…" className={compactInputClass} />
      </FilterField>
      <FilterField label="Status">
        <Select size="compact" name="status" defaultValue={query.status ?? ""} blank="All" options={optionsOf(CONTROL_STATUSES, LABELS.controlStatus)} />
      </FilterField>
      <FilterField label="Area">
        <Select size="compact" name="area" defaultValue={query.area ?? ""} blank="All" options={areas.map((d) => ({ value: d.id, label: d.name }))} />
      </FilterField>
      <FilterField label="Visibility">
        <Select size="compact" name="visibility" defaultValue={query.visibility ?? ""} blank="All" options={optionsOf(VISIBILITIES, LABELS.visibility)} />
      </FilterField>
      <label className="flex items-center gap-2 pb-2">
        <input type="checkbox" name="review" value="due" defaultChecked={query.review === "due"} /> Needs review
      </label>
      <button type="submit" className="rounded-md border border-zinc-300 px-3 py-1.5 dark:border-zinc-700">
        Apply
      </button>
      {filtered ? <Link href={base}>Clear</Link> : null}
    </FilterForm>
  );
}

function BulkBar({ slug }: { slug: string }) {
  return (
    <ActionForm action={bulkControlsAction.bind(null, slug)} id="bulk" className="mt-4 flex flex-wrap items-end gap-3 rounded-md bg-zinc-50 p-3 text-sm dark:bg-zinc-800">
      <span className="pb-1.5 font-medium">With the selected controls:</span>
      <label className="space-y-1">
        <span className="block">Set status</span>
        <Select size="compact" name="bulkStatus" defaultValue="" blank="(unchanged)" options={optionsOf(CONTROL_STATUSES, LABELS.controlStatus)} />
      </label>
      <label className="space-y-1">
        <span className="block">Set visibility</span>
        <Select size="compact" name="bulkVisibility" defaultValue="" blank="(unchanged)" options={optionsOf(VISIBILITIES, LABELS.visibility)} />
      </label>
      <SubmitButton variant="secondary" pendingLabel="Applying…">
        Apply to selected
      </SubmitButton>
      <button type="submit" name="intent" value="mark-reviewed" className={buttonClass("secondary")}>
        Mark reviewed today
      </button>
    </ActionForm>
  );
}

/** A row as the table shows it, and nothing more (its review state decided here, on the server). */
function listRow(row: Row): ControlListRow {
  return { id: row.id, ref: row.ref, title: row.title, area: row.area, status: row.status, visibility: row.visibility, evidenceCount: row.evidenceCount, lastReviewedAt: row.lastReviewedAt, due: needsReview(row) };
}
