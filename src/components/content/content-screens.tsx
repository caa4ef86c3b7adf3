import { FilterForm } from "@/components/ui/filter-form";
import { Link } from "@/components/ui/link";
import type { ReactNode } from "react";
import { Badge } from "@/components/content/badges";
import { ContentForm } from "@/components/content/content-form";
import { DeleteCard } from "@/components/delete-card";
import { MoveButtons, MoveForm } from "@/components/move-buttons";
import { Alert } from "@/components/ui/alert";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { DateText } from "@/components/ui/date-text";
import { compactInputClass, FilterField, Select } from "@/components/ui/select";
import { hiddenHeader, Table, type Column } from "@/components/ui/table";
import { can, type Role } from "@/modules/permissions/permissions";
import { deleteItemAction, moveItemAction, saveItemAction } from "@/modules/content/actions";
import { displayStatus, KINDS, type ColumnSpec, type KindKey } from "@/modules/content/kinds";
import type { getItem, listItems, listQuerySchema, toInput } from "@/modules/content/server/crud";

// The content kit's screens live with its form (components/content), not in modules/content:
// components/content already imports modules/content, and the reverse would be a cycle.

type Item = Awaited<ReturnType<typeof getItem>>;
type List = Awaited<ReturnType<typeof listItems>>;
type Row = List["rows"][number];
type Query = ReturnType<(typeof listQuerySchema)["parse"]>;

function cellOf(kind: KindKey, column: ColumnSpec, row: Row): ReactNode {
  const value = column.format === "status" ? displayStatus(kind, row) : row[column.key];
  if (column.format === "date") return <DateText value={value instanceof Date ? value : null} />;
  if (column.format === "status" || column.format === "visibility" || column.format === "label") return typeof value === "string" ? <Badge value={value} /> : "—";
  return String(value ?? "—");
}

function itemColumns({ slug, kind, query, list, reorderable }: { slug: string; kind: KindKey; query: Query; list: List; reorderable: boolean }): (Column<Row> | false)[] {
  const spec = KINDS[kind];
  const base = `/dashboard/${slug}/${kind}`;
  const last = (index: number) => index === list.rows.length - 1 && query.page * list.pageSize >= list.total;
  return [
    ...spec.columns.map((column, columnIndex): Column<Row> => ({
      key: column.key,
      header: column.label,
      cell: (row) => (columnIndex === 0 ? <Link href={`${base}/${row.id}`}>{cellOf(kind, column, row)}</Link> : cellOf(kind, column, row)),
    })),
    reorderable && {
      key: "order",
      header: hiddenHeader("Order"),
      className: "whitespace-nowrap",
      cell: (row, index) => <MoveButtons form="move-item" id={row.id} name={String(row[spec.titleField])} first={index === 0 && query.page === 1} last={last(index)} />,
    },
  ];
}

/** The list page of a simple content type: search, filter, pages, order. */
export function ContentListScreen({ slug, role, kind, query, list, flash }: { slug: string; role: Role; kind: KindKey; query: Query; list: List; flash: { created: boolean; deleted: boolean } }) {
  const spec = KINDS[kind];
  const canEdit = can(role, "controls.write");
  const base = `/dashboard/${slug}/${kind}`;
  const href = (page: number) => `${base}?${new URLSearchParams({ ...(query.q ? { q: query.q } : {}), ...(query.filter ? { filter: query.filter } : {}), page: String(page) })}`;
  const reorderable = spec.ordered && canEdit && !query.q && !query.filter;
  return (
    <Card>
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h2 className="text-lg font-semibold">{spec.plural}</h2>
          <p className="mt-1 max-w-2xl text-sm text-zinc-600 dark:text-zinc-400">{spec.description}</p>
        </div>
        {canEdit ? (
          <Link href={`${base}/new`} className={buttonClass()}>
            New {spec.singular}
          </Link>
        ) : null}
      </div>
      {kind === "subprocessors" && can(role, "objections.review") ? <NoticeLinks slug={slug} /> : null}
      <div className="mt-4 space-y-3">
        {flash.created ? <Alert tone="success">Created.</Alert> : null}
        {flash.deleted ? <Alert tone="success">Deleted.</Alert> : null}
      </div>
      <FilterForm className="mt-4 flex flex-wrap items-end gap-3 text-sm" action={base}>
        <FilterField label="Search">
          <input name="q" defaultValue={query.q} className={compactInputClass} />
        </FilterField>
        {spec.filter ? (
          <FilterField label={spec.filter.label}>
            <Select size="compact" name="filter" defaultValue={query.filter ?? ""} blank="All" options={spec.filter.options} />
          </FilterField>
        ) : null}
        <button type="submit" className="rounded-md border border-zinc-300 px-3 py-1.5 dark:border-zinc-700">
          Apply
        </button>
      </FilterForm>
      {reorderable ? <MoveForm id="move-item" action={moveItemAction.bind(null, slug, kind)} /> : null}
      <Table
        columns={itemColumns({ slug, kind, query, list, reorderable })}
        rows={list.rows}
        rowKey={(row) => row.id}
        empty={query.q || query.filter ? "Nothing matches." : `No ${spec.plural.toLowerCase()} yet.`}
        paging={{ page: query.page, pageSize: list.pageSize, total: list.total, href }}
      />
    </Card>
  );
}

/** Subprocessors only, for those who may read them: the recorded changes (who was notified) and the objection register (ADR 031). */
function NoticeLinks({ slug }: { slug: string }) {
  return (
    <nav aria-label="Notices and objections" className="mt-3 flex flex-wrap gap-4 text-sm">
      <Link href={`/dashboard/${slug}/subprocessors/changes`}>Changes and notices</Link>
      <Link href={`/dashboard/${slug}/subprocessors/objections`}>Objection register</Link>
    </nav>
  );
}

/** One item of a simple content type: its form and (except subprocessors) deleting it. */
export function ContentItemScreen({ slug, role, kind, item, values, choices }: { slug: string; role: Role; kind: KindKey; item: Item; values: ReturnType<typeof toInput>; choices?: Record<string, readonly { value: string; label: string }[]> }) {
  const spec = KINDS[kind];
  const canEdit = can(role, "controls.write");
  return (
    <div className="max-w-3xl space-y-4">
      <Card>
        <p className="text-sm">
          <Link href={`/dashboard/${slug}/${kind}`}>← {spec.plural}</Link>
        </p>
        <h2 className="mt-2 text-lg font-semibold">{String(item[spec.titleField])}</h2>
        <div className="mt-4">
          <ContentForm kind={kind} action={saveItemAction.bind(null, slug, kind, item.id)} values={values} version={item.version} canEdit={canEdit} choices={choices} />
        </div>
      </Card>
      {/* A subprocessor is not deleted but set to Removed with its date, so its history stays visible. */}
      {canEdit && kind !== "subprocessors" ? <DeleteCard title={`Delete this ${spec.singular}`} action={deleteItemAction.bind(null, slug, kind, item.id)} version={item.version} label={`Delete ${spec.singular}`} /> : null}
    </div>
  );
}

