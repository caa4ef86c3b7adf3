import Link from "next/link";
import { notFound } from "next/navigation";
import { ActionForm } from "@/components/action-form";
import { Badge } from "@/components/content/badges";
import { Pagination } from "@/components/content/pagination";
import { LocalDate } from "@/components/local-date";
import { Alert } from "@/components/ui/alert";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { can } from "@/modules/permissions/permissions";
import { moveItemAction } from "@/modules/content/actions";
import { displayStatus, isKind, KINDS } from "@/modules/content/kinds";
import { listItems, listQuerySchema } from "@/modules/content/server/crud";
import { gatePage } from "@/server/gate-page";

type Props = { params: Promise<{ slug: string; type: string }>; searchParams: Promise<Record<string, string | undefined>> };

export async function generateMetadata({ params }: Props) {
  const { type } = await params;
  return { title: isKind(type) ? KINDS[type].plural : "Not found" };
}

/** The list page of a simple content type: search, filter, pages, order. */
export default async function ContentListPage({ params, searchParams }: Props) {
  const { slug, type } = await params;
  if (!isKind(type)) notFound();
  const ctx = await gatePage({ slug, action: "org.read" });
  const spec = KINDS[type];
  const raw = await searchParams;
  const query = listQuerySchema.parse(raw);
  const { rows, total, pageSize } = await listItems({ ctx, kind: type, query });
  const canEdit = can(ctx.role, "controls.write");
  const base = `/dashboard/${slug}/${type}`;
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
      <div className="mt-4 space-y-3">
        {raw.created ? <Alert tone="success">Created.</Alert> : null}
        {raw.deleted ? <Alert tone="success">Deleted.</Alert> : null}
      </div>
      <form className="mt-4 flex flex-wrap items-end gap-3 text-sm" action={base}>
        <label className="space-y-1">
          <span className="block font-medium">Search</span>
          <input name="q" defaultValue={query.q} className="rounded-md border border-zinc-300 bg-white px-2 py-1.5 dark:border-zinc-700 dark:bg-zinc-900" />
        </label>
        {spec.filter ? (
          <label className="space-y-1">
            <span className="block font-medium">{spec.filter.label}</span>
            <select name="filter" defaultValue={query.filter ?? ""} className="rounded-md border border-zinc-300 bg-white px-2 py-1.5 dark:border-zinc-700 dark:bg-zinc-900">
              <option value="">All</option>
              {spec.filter.options.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <button type="submit" className="rounded-md border border-zinc-300 px-3 py-1.5 dark:border-zinc-700">
          Apply
        </button>
      </form>
      {rows.length === 0 ? (
        <p className="mt-6 text-sm text-zinc-500">{query.q || query.filter ? "Nothing matches." : `No ${spec.plural.toLowerCase()} yet.`}</p>
      ) : (
        <div className="mt-4 overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="text-xs uppercase text-zinc-500">
              <tr>
                {spec.columns.map((column) => (
                  <th key={column.key} className="py-2 pr-4">
                    {column.label}
                  </th>
                ))}
                {reorderable ? (
                  <th className="py-2">
                    <span className="sr-only">Order</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {rows.map((row, index) => (
                <tr key={row.id} className="border-t border-zinc-200 align-top dark:border-zinc-800">
                  {spec.columns.map((column, columnIndex) => {
                    const value = column.format === "status" ? displayStatus(type, row) : row[column.key];
                    const content =
                      column.format === "date" ? (
                        <LocalDate value={value instanceof Date ? value.toISOString() : null} />
                      ) : column.format === "status" || column.format === "visibility" || column.format === "label" ? (
                        typeof value === "string" ? <Badge value={value} /> : "—"
                      ) : (
                        String(value ?? "—")
                      );
                    return (
                      <td key={column.key} className="py-2 pr-4">
                        {columnIndex === 0 ? <Link href={`${base}/${row.id}`}>{content}</Link> : content}
                      </td>
                    );
                  })}
                  {reorderable ? (
                    <td className="whitespace-nowrap py-2">
                      <ActionForm action={moveItemAction.bind(null, slug, type, row.id, "up")} className="inline" successTone={false}>
                        <button type="submit" aria-label={`Move ${String(row[spec.titleField])} up`} disabled={index === 0 && query.page === 1} className="px-1 disabled:opacity-30">
                          ↑
                        </button>
                      </ActionForm>
                      <ActionForm action={moveItemAction.bind(null, slug, type, row.id, "down")} className="inline" successTone={false}>
                        <button type="submit" aria-label={`Move ${String(row[spec.titleField])} down`} disabled={index === rows.length - 1 && query.page * pageSize >= total} className="px-1 disabled:opacity-30">
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
        <Pagination page={query.page} pageSize={pageSize} total={total} href={href} />
      </div>
    </Card>
  );
}
