import { Link } from "@/components/ui/link";
import type { ReactNode } from "react";

/** One column: its header (a label, a sort link, or an sr-only name) and how a row fills its cell. */
export type Column<Row> = {
  key: string;
  header: ReactNode;
  cell: (row: Row, index: number) => ReactNode;
  /** Extra classes for the cells (e.g. "whitespace-nowrap", "font-mono text-xs"). */
  className?: string;
};

type Paging = { page: number; pageSize: number; total: number; href: (page: number) => string };

/** A header that only screen readers announce (a column of checkboxes or buttons). */
export const hiddenHeader = (text: string) => <span className="sr-only">{text}</span>;

/**
 * The dashboard's table: header, rows, the sentence shown when there are none, and pagination.
 * `columns` may hold `false` for a column the viewer does not get (e.g. checkboxes for editors).
 */
export function Table<Row>({
  columns,
  rows,
  rowKey,
  rowTestId,
  empty,
  paging,
  className = "mt-4",
}: {
  columns: readonly (Column<Row> | false | null | undefined)[];
  rows: readonly Row[];
  rowKey: (row: Row) => string | number;
  rowTestId?: (row: Row) => string;
  empty: ReactNode;
  paging?: Paging;
  className?: string;
}) {
  const shown = columns.filter((column): column is Column<Row> => Boolean(column));
  return (
    <>
      {rows.length === 0 ? (
        <p className={`${className} text-sm text-zinc-500`}>{empty}</p>
      ) : (
        // relative: the scroll box is the containing block of what sits absolutely inside it (a
        // header's sr-only text), which would otherwise escape it and widen the page on a phone.
        <div className={`${className} relative overflow-x-auto`}>
          <table className="data-table w-full text-left text-sm">
            <thead className="text-xs uppercase text-zinc-500">
              <tr>
                {shown.map((column) => (
                  <th key={column.key}>
                    {column.header}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row, index) => (
                <tr key={rowKey(row)} data-testid={rowTestId?.(row)}>
                  {shown.map((column) => (
                    <td key={column.key} className={column.className}>
                      {column.cell(row, index)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {paging ? (
        <div className="mt-4">
          <Pagination {...paging} />
        </div>
      ) : null}
    </>
  );
}

/** Previous/next links that keep the other URL parameters (`href` builds them). */
export function Pagination({ page, pageSize, total, href }: Paging) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages === 1) return <p className="text-sm text-zinc-500">{total} {total === 1 ? "item" : "items"}</p>;
  return (
    <nav aria-label="Pages" className="flex items-center gap-4 text-sm">
      {page > 1 ? <Link href={href(page - 1)}>← Previous</Link> : <span className="text-zinc-400">← Previous</span>}
      <span>
        Page {page} of {pages} · {total} items
      </span>
      {page < pages ? <Link href={href(page + 1)}>Next →</Link> : <span className="text-zinc-400">Next →</span>}
    </nav>
  );
}
