import type { Metadata } from "next";
import Link from "next/link";
import { ActionForm } from "@/components/action-form";
import { Card } from "@/components/ui/card";
import { SubmitButton } from "@/components/ui/submit-button";
import { verifyChainAction } from "@/modules/audit/actions";
import { auditFilterSchema, type AuditFilter } from "@/modules/audit/schema";
import { listAuditEvents } from "@/modules/audit/server/queries";
import { gatePage } from "@/server/gate-page";

export const metadata: Metadata = { title: "Audit log" };

const inputClass = "rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900";

function describe(diff: unknown) {
  if (!diff || typeof diff !== "object") return "";
  return Object.entries(diff as Record<string, { from: unknown; to: unknown }>)
    .map(([field, change]) => `${field}: ${JSON.stringify(change.from)} → ${JSON.stringify(change.to)}`)
    .join("; ");
}

export default async function AuditPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const { slug } = await params;
  const ctx = await gatePage({ slug, action: "audit.read" });
  const raw = await searchParams;
  const parsed = auditFilterSchema.safeParse(raw);
  const filter: AuditFilter = parsed.success ? parsed.data : { actor: undefined, action: undefined };
  const { events, nextBefore, actions } = await listAuditEvents({ ctx, filter });
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
            <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
              Every change, who made it and from where. Append-only and hash-chained: the database refuses edits, and any tampering breaks
              the chain.
            </p>
          </div>
          <ActionForm action={verifyChainAction.bind(null, slug)}>
            <SubmitButton variant="secondary" pendingLabel="Verifying…">
              Verify the chain
            </SubmitButton>
          </ActionForm>
        </div>
        <form className="mt-4 flex flex-wrap items-end gap-3 text-sm" action={`/dashboard/${slug}/audit`}>
          <label className="space-y-1">
            <span className="block font-medium">Actor</span>
            <input name="actor" defaultValue={filter.actor} placeholder="email contains…" className={inputClass} />
          </label>
          <label className="space-y-1">
            <span className="block font-medium">Action</span>
            <select name="action" defaultValue={filter.action ?? ""} className={inputClass}>
              <option value="">Any</option>
              {actions.map((action) => (
                <option key={action} value={action}>
                  {action}
                </option>
              ))}
            </select>
          </label>
          <label className="space-y-1">
            <span className="block font-medium">From</span>
            <input type="date" name="from" defaultValue={filter.from} className={inputClass} />
          </label>
          <label className="space-y-1">
            <span className="block font-medium">To</span>
            <input type="date" name="to" defaultValue={filter.to} className={inputClass} />
          </label>
          <button type="submit" className="rounded-md border border-zinc-300 px-3 py-1.5 dark:border-zinc-700">
            Filter
          </button>
          <span className="ml-auto flex gap-3">
            <a href={`/dashboard/${slug}/audit/export?${query({ format: "csv" })}`}>Export CSV</a>
            <a href={`/dashboard/${slug}/audit/export?${query({ format: "json" })}`}>Export JSON</a>
          </span>
        </form>
        {!parsed.success ? <p className="mt-2 text-sm text-red-700">Some filters were not understood and were ignored.</p> : null}
      </Card>
      <Card>
        {events.length === 0 ? (
          <p className="text-sm text-zinc-500">No events match.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <thead className="text-xs uppercase text-zinc-500">
                <tr>
                  <th className="py-2 pr-3">#</th>
                  <th className="py-2 pr-3">When (UTC)</th>
                  <th className="py-2 pr-3">Who</th>
                  <th className="py-2 pr-3">Action</th>
                  <th className="py-2 pr-3">Change</th>
                  <th className="py-2">From</th>
                </tr>
              </thead>
              <tbody>
                {events.map((event) => (
                  <tr key={event.id} className="border-t border-zinc-200 align-top dark:border-zinc-800">
                    <td className="py-2 pr-3 font-mono text-xs">{event.seq}</td>
                    <td className="whitespace-nowrap py-2 pr-3">{event.createdAt.toISOString().replace("T", " ").slice(0, 19)}</td>
                    <td className="py-2 pr-3">{event.actorEmail ?? "system"}</td>
                    <td className="py-2 pr-3 font-mono text-xs">{event.action}</td>
                    <td className="max-w-md break-words py-2 pr-3 text-xs">{describe(event.diff)}</td>
                    <td className="py-2 font-mono text-xs">{event.ipAddress ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {nextBefore ? (
          <p className="mt-4 text-sm">
            <Link href={`/dashboard/${slug}/audit?${query({ before: nextBefore })}`}>Older events →</Link>
          </p>
        ) : null}
      </Card>
    </div>
  );
}
