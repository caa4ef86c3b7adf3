import { Link } from "@/components/ui/link";
import { Card } from "@/components/ui/card";
import { DateText } from "@/components/ui/date-text";
import { Table, type Column } from "@/components/ui/table";
import { isoDay } from "@/lib/calendar-day";
import type { listChanges } from "../server/changes";
import { NoticesHeader, Pill } from "./notices-nav";

type Change = Awaited<ReturnType<typeof listChanges>>[number];

const KIND_LABELS: Record<string, string> = { ADDED: "New subprocessor", CHANGED: "Changed" };

/**
 * Every recorded subprocessor change: what changed and when it takes effect, the publication
 * that told customers, how many objected, and who was notified (a CSV per change).
 */
export function ChangesScreen({ slug, noticeDays, changes }: { slug: string; noticeDays: number; changes: Change[] }) {
  return (
    <NoticesHeader slug={slug} current="changes">
      <Card>
        <p className="max-w-3xl text-sm text-zinc-600 dark:text-zinc-400">
          {noticeDays > 0
            ? `Customers are given ${noticeDays} days' notice: a new subprocessor, or a change of purpose, data or location, takes effect no earlier than that unless marked urgent with a reason.`
            : "No notice period is set: changes may take effect on any date. Set one in the organisation's settings."}{" "}
          A change is announced by the first publication after it is recorded.
        </p>
        <Table columns={changeColumns(slug)} rows={changes} rowKey={(c) => c.id} rowTestId={(c) => `change-${c.vendor}`} empty="No subprocessor change has been recorded yet." />
      </Card>
    </NoticesHeader>
  );
}

function changeColumns(slug: string): Column<Change>[] {
  const base = `/dashboard/${slug}/subprocessors`;
  return [
    { key: "vendor", header: "Vendor", cell: (c) => <span className="font-medium">{c.vendor}</span> },
    { key: "kind", header: "Kind", className: "whitespace-nowrap", cell: (c) => KIND_LABELS[c.kind] ?? c.kind },
    { key: "summary", header: "What changed", cell: (c) => <p className="max-w-md">{c.summary}</p> },
    {
      key: "effective",
      header: "Takes effect",
      cell: (c) => (
        <div className="space-y-1">
          <p className="whitespace-nowrap">{isoDay(c.effectiveOn)}</p>
          {c.urgent ? <Pill tone="warn">Urgent</Pill> : null}
          {c.urgent && c.urgentReason ? <p className="max-w-xs text-zinc-600 dark:text-zinc-400">“{c.urgentReason}”</p> : null}
        </div>
      ),
    },
    {
      key: "told",
      header: "Announced",
      cell: (c) => (
        <div className="space-y-0.5">
          <p>{c.publicationSeq !== null ? `Publication #${c.publicationSeq}` : "Not yet published"}</p>
          <p className="text-xs text-zinc-500">
            Recorded <DateText value={c.createdAt} /> {c.createdByEmail ? `by ${c.createdByEmail}` : ""}
          </p>
        </div>
      ),
    },
    { key: "objections", header: "Objections", className: "whitespace-nowrap", cell: (c) => (c.objections > 0 ? <Link href={`${base}/objections`}>{c.objections}</Link> : "0") },
    {
      key: "notified",
      header: "Notified",
      className: "whitespace-nowrap",
      cell: (c) => (
        <a href={`${base}/changes/${c.id}/notified.csv`} download>
          Who was notified (CSV)
        </a>
      ),
    },
  ];
}
