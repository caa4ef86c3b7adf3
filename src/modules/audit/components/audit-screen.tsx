import { FilterForm } from "@/components/ui/filter-form";
import { Link } from "@/components/ui/link";
import { ActionForm } from "@/components/action-form";
import { Card } from "@/components/ui/card";
import { DateText } from "@/components/ui/date-text";
import { compactInputClass, FilterField, Select } from "@/components/ui/select";
import { SubmitButton } from "@/components/ui/submit-button";
import { Table, type Column } from "@/components/ui/table";
import { verifyChainAction } from "@/modules/audit/actions";
import type { AuditFilter } from "@/modules/audit/schema";
import type { listAuditEvents } from "@/modules/audit/server/queries";

type Page = Awaited<ReturnType<typeof listAuditEvents>>;
type Event = Page["events"][number];

function describe(diff: unknown) {
  if (!diff || typeof diff !== "object") return "";
  return Object.entries(diff as Record<string, { from: unknown; to: unknown }>)
    .map(([field, change]) => `${field}: ${JSON.stringify(change.from)} → ${JSON.stringify(change.to)}`)
    .join("; ");
}

const columns: Column<Event>[] = [
  { key: "seq", header: "#", className: "font-mono text-xs", cell: (e) => e.seq },
  // UTC to the second, as the export has it: times compared across logs, not read locally.
  { key: "when", header: "When (UTC)", className: "whitespace-nowrap", cell: (e) => <DateText value={e.createdAt} withTime="seconds" utc /> },
  { key: "who", header: "Who", cell: (e) => (e.actorType === "api_key" ? `API key “${e.actorName ?? ""}”` : (e.actorEmail ?? "system")) },
  { key: "action", header: "Action", className: "font-mono text-xs", cell: (e) => e.action },
  { key: "change", header: "Change", className: "max-w-md break-words text-xs", cell: (e) => describe(e.diff) },
  { key: "from", header: "From", className: "font-mono text-xs", cell: (e) => e.ipAddress ?? "—" },
];

/** The audit log: verify the chain, filter, export, and the events page by page. */
export function AuditScreen({ slug, filter, understood, page }: { slug: string; filter: AuditFilter; understood: boolean; page: Page }) {
  const base = `/dashboard/${slug}/audit`;
  const query = (extra: Record<string, string | number | undefined>) => {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries({ actor: filter.actor, action: filter.action, from: filter.from, to: filter.to, ...extra })) {
      if (value !== undefined && value !== "") search.set(key, String(value));
    }
    return search.toString();
  };
  return (
    <div className="space-y-4">
      <Card>
        <div className="flex flex-wrap items-start justify-between gap-4">
          <div>
            <h2 className="text-lg font-semibold">Audit log</h2>
            <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">Every change, who made it and from where. Append-only and hash-chained: the database refuses edits, and any tampering breaks the chain.</p>
          </div>
          <ActionForm action={verifyChainAction.bind(null, slug)}>
            <SubmitButton variant="secondary" pendingLabel="Verifying…">
              Verify the chain
            </SubmitButton>
          </ActionForm>
        </div>
        <FilterForm className="mt-4 flex flex-wrap items-end gap-3 text-sm" action={base}>
          <FilterField label="Actor">
            <input name="actor" defaultValue={filter.actor} placeholder="email contains…" className={compactInputClass} />
          </FilterField>
          <FilterField label="Action">
            <Select size="compact" name="action" defaultValue={filter.action ?? ""} blank="Any" options={page.actions.map((action) => ({ value: action, label: action }))} />
          </FilterField>
          <FilterField label="From">
            <input type="date" name="from" defaultValue={filter.from} className={compactInputClass} />
          </FilterField>
          <FilterField label="To">
            <input type="date" name="to" defaultValue={filter.to} className={compactInputClass} />
          </FilterField>
          <button type="submit" className="rounded-md border border-zinc-300 px-3 py-1.5 dark:border-zinc-700">
            Filter
          </button>
          <span className="ml-auto flex gap-3">
            <a href={`${base}/export?${query({ format: "csv" })}`}>Export CSV</a>
            <a href={`${base}/export?${query({ format: "json" })}`}>Export JSON</a>
          </span>
        </FilterForm>
        {!understood ? <p className="mt-2 text-sm text-red-700">Some filters were not understood and were ignored.</p> : null}
      </Card>
      <Card>
        <Table className="" columns={columns} rows={page.events} rowKey={(e) => e.id} empty="No events match." />
        {page.nextBefore ? (
          <p className="mt-4 text-sm">
            <Link href={`${base}?${query({ before: page.nextBefore })}`}>Older events →</Link>
          </p>
        ) : null}
      </Card>
    </div>
  );
}
