"use client";

import { Link } from "@/components/ui/link";
import { useRouter } from "next/navigation";
import type { MouseEvent } from "react";
import { Badge } from "@/components/content/badges";
import { DateText } from "@/components/ui/date-text";
import { hiddenHeader, Table, type Column } from "@/components/ui/table";
import { MoveButtons } from "@/components/move-buttons";
import { controlListHref, type ControlQuery } from "@/modules/controls/query";

/** What a row of the list shows: only this crosses to the browser. */
export type ControlListRow = { id: string; ref: string; title: string; area: string; status: string; visibility: string; evidenceCount: number; lastReviewedAt: Date | null; due: boolean };

/**
 * The control list's table. A client component for its weight, not for interaction: rendered on
 * the server, its rows travel in the page's payload as data (about 200 bytes each) instead of
 * as a tree of elements with their classes (about 1.7 KB each), which was over half of a list
 * page (225 KiB) and of the time the server spent on it (issue 10 item 4.4, issue 11).
 */
export function ControlsTable({ base, query, rows, total, pageSize, canEdit, reorderable, filtered }: { base: string; query: ControlQuery; rows: ControlListRow[]; total: number; pageSize: number; canEdit: boolean; reorderable: boolean; filtered: boolean }) {
  const link = controlListHref(base, query);
  const router = useRouter();
  return (
    // One listener for the rows' plain links (below: why not next/link): with JavaScript, opening a
    // control is a client navigation like every other link of the dashboard. Keyboard activation
    // of a link is a click too; a modified click, or a middle one, stays the browser's.
    <div onClick={(event) => followInApp(event, router.push)}>
      <Table
        columns={controlColumns({ base, query, link, canEdit, reorderable })}
        rows={rows}
        rowKey={(row) => row.id}
        rowTestId={(row) => `control-${row.ref}`}
        empty={filtered ? "No control matches." : "No controls yet. Create one, or import a CSV or JSON file (Import & export)."}
        paging={{ page: query.page, pageSize, total, href: (page) => link({ page }) }}
      />
    </div>
  );
}

/** A plain left click on a row's link (`data-row-link`), followed as next/link follows one. */
function followInApp(event: MouseEvent, push: (href: string) => void) {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const anchor = event.target instanceof Element ? event.target.closest("a[data-row-link]") : null;
  if (!(anchor instanceof HTMLAnchorElement) || anchor.target || anchor.origin !== window.location.origin) return;
  event.preventDefault();
  push(anchor.pathname + anchor.search);
}

function controlColumns({ base, query, link, canEdit, reorderable }: { base: string; query: ControlQuery; link: ReturnType<typeof controlListHref>; canEdit: boolean; reorderable: boolean }): (Column<ControlListRow> | false)[] {
  const sortable = (sort: ControlQuery["sort"], label: string) => {
    const current = query.sort === sort;
    return (
      <Link href={link({ sort, dir: current && query.dir === "asc" ? "desc" : "asc", page: 1 })} className="no-underline" aria-sort={current ? (query.dir === "asc" ? "ascending" : "descending") : undefined}>
        {label}
        {current ? (query.dir === "asc" ? " ▲" : " ▼") : ""}
      </Link>
    );
  };
  return [
    canEdit && { key: "select", header: hiddenHeader("Select"), cell: (row) => <input type="checkbox" name="ids" value={row.id} form="bulk" aria-label={`Select ${row.ref}`} /> },
    // A plain link per row, not next/link: fifty of them were ~7% of the list's render on the server
    // (hooks, context and prefetch set-up each), and a browser in view of the list prefetched all fifty.
    // With JavaScript, the table's one listener (followInApp) makes a click on it a client navigation.
    { key: "ref", header: sortable("ref", "Ref"), className: "whitespace-nowrap font-mono text-xs", cell: (row) => <a href={`${base}/${row.id}`} data-row-link="">{row.ref}</a> },
        // The title takes the width the table has (two fifths, at least 18rem): a long one wraps to two lines, not
    // four while the margins stay empty (issue 15; tests/e2e/dashboard.spec.ts measures it).
    { key: "title", header: sortable("title", "Title"), className: "min-w-72 w-2/5", cell: (row) => row.title },
    { key: "area", header: sortable("area", "Area"), cell: (row) => row.area },
    { key: "status", header: sortable("status", "Status"), className: "whitespace-nowrap", cell: (row) => <Badge value={row.status} /> },
    { key: "visibility", header: "Visibility", className: "whitespace-nowrap", cell: (row) => <Badge value={row.visibility} /> },
    { key: "evidence", header: "Evidence", cell: (row) => row.evidenceCount },
    {
      key: "reviewed",
      header: sortable("lastReviewed", "Reviewed"),
      className: "whitespace-nowrap",
      cell: (row) => (
        <>
          <DateText value={row.lastReviewedAt} />
          {row.due ? <span className="badge tone-amber ml-1">needs review</span> : null}
        </>
      ),
    },
    reorderable && { key: "order", header: hiddenHeader("Order"), className: "whitespace-nowrap", cell: (row) => <MoveButtons form="move-control" id={row.id} name={row.ref} /> },
  ];
}
