import { Link } from "@/components/ui/link";
import { Card } from "@/components/ui/card";
import { DateText } from "@/components/ui/date-text";
import { Table, type Column } from "@/components/ui/table";
import { isoDay } from "@/lib/calendar-day";
import { can, type Role } from "@/modules/permissions/permissions";
import { objectionReference, REGISTER_STATUSES, STATUS_LABELS } from "../schema";
import type { objectionRegister } from "../server/register";
import { DecideObjectionForm } from "./decide-form";
import { NoticesHeader } from "./notices-nav";

type Register = Awaited<ReturnType<typeof objectionRegister>>;
type Objection = Register["rows"][number];

const EMPTY = { OPEN: "No objection is open.", RESOLVED: "No objection has been resolved.", WITHDRAWN: "No objection has been withdrawn." } as const;

/** The objection register: a tab per status; owners and admins settle open objections with a note, editors read. */
export function ObjectionsScreen({ slug, role, register }: { slug: string; role: Role; register: Register }) {
  const base = `/dashboard/${slug}/subprocessors/objections`;
  return (
    <NoticesHeader slug={slug} current="objections">
      <Card>
        <nav aria-label="Objection status" className="flex flex-wrap gap-2 text-sm">
          {REGISTER_STATUSES.map((status) => (
            <Link
              key={status}
              href={`${base}?status=${status.toLowerCase()}`}
              aria-current={status === register.status ? "page" : undefined}
              className={`rounded-md px-3 py-1.5 no-underline ${status === register.status ? "bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900" : "border border-zinc-300 dark:border-zinc-700"}`}
            >
              {STATUS_LABELS[status]} ({register.counts[status]})
            </Link>
          ))}
        </nav>
        <Table columns={objectionColumns(slug, can(role, "objections.manage"))} rows={register.rows} rowKey={(o) => o.id} rowTestId={(o) => `objection-${o.email}`} empty={EMPTY[register.status]} />
      </Card>
    </NoticesHeader>
  );
}

function objectionColumns(slug: string, canManage: boolean): (Column<Objection> | false)[] {
  return [
    {
      key: "change",
      header: "Change",
      cell: (o) => (
        <div className="max-w-xs space-y-0.5">
          <p className="font-medium">{o.change.vendor}</p>
          <p className="text-zinc-600 dark:text-zinc-400">{o.change.summary}</p>
          <p className="text-xs text-zinc-500">Takes effect {isoDay(o.change.effectiveOn)}</p>
        </div>
      ),
    },
    {
      key: "who",
      header: "Objector",
      cell: (o) => (
        <div className="space-y-0.5">
          <p>{o.email}</p>
          <p className="text-zinc-600 dark:text-zinc-400">{o.company}</p>
          <p className="font-mono text-xs text-zinc-500">{objectionReference(o.id)}</p>
        </div>
      ),
    },
    { key: "reason", header: "Reason", cell: (o) => <p className="max-w-md whitespace-pre-line">{o.reason}</p> },
    {
      key: "dates",
      header: "Dates",
      cell: (o) => (
        <div className="space-y-0.5 text-xs">
          <p>
            Filed <DateText value={o.verifiedAt} withTime />
          </p>
          {o.decidedAt ? (
            <p>
              {STATUS_LABELS[o.status]} <DateText value={o.decidedAt} withTime />
            </p>
          ) : null}
        </div>
      ),
    },
    { key: "note", header: "Note", cell: (o) => (o.note ? <p className="max-w-xs whitespace-pre-line">{o.note}</p> : <span className="text-zinc-500">—</span>) },
    canManage && {
      key: "decide",
      header: "Decide",
      cell: (o) =>
        o.status === "OPEN" ? (
          <details className="min-w-64">
            <summary className="cursor-pointer font-medium">Resolve or mark withdrawn</summary>
            <div className="mt-2">
              <DecideObjectionForm slug={slug} objection={o} />
            </div>
          </details>
        ) : (
          <span className="text-zinc-500">—</span>
        ),
    },
  ];
}
