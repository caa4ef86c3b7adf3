import { ActionForm } from "@/components/action-form";
import { Select } from "@/components/ui/select";
import { SubmitButton } from "@/components/ui/submit-button";
import { approveAccessRequestAction, denyAccessRequestAction } from "../actions";
import { GRANT_DAYS } from "../schema";
import type { requestQueue } from "../server/dashboard";

type Queue = Awaited<ReturnType<typeof requestQueue>>;
type Request = Queue["requests"][number];

const inputClass = "rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900";

/** The NDA items to choose from: those published now, plus any the requester asked for that no longer are. */
function choices(request: Request, items: Queue["items"]) {
  if ("all" in request.scope) return items;
  const listed = new Set(items.map((item) => item.key));
  const asked = request.scope.items;
  const gone = asked.flatMap((key, i) => (listed.has(key) ? [] : [{ key, title: `${request.itemTitles?.[i] ?? "An item"} (no longer published)` }]));
  return [...items, ...gone];
}

/** Approve: the scope (all NDA items, or chosen ones; preset to what was asked), the days, and under an NDA signed outside Candor the signed copy. */
export function ApproveForm({ slug, request, queue }: { slug: string; request: Request; queue: Queue }) {
  const asked = "all" in request.scope ? null : new Set(request.scope.items);
  return (
    <ActionForm action={approveAccessRequestAction.bind(null, slug, request.id)} className="space-y-2">
      <fieldset className="space-y-1">
        <legend className="font-medium">Scope</legend>
        <label className="flex items-center gap-2">
          <input type="radio" name="scope" value="all" defaultChecked={!asked} /> All NDA items
        </label>
        <label className="flex items-center gap-2">
          <input type="radio" name="scope" value="chosen" defaultChecked={Boolean(asked)} /> Only the items ticked:
        </label>
        <ul className="space-y-1 pl-6">
          {choices(request, queue.items).map((item) => (
            <li key={item.key}>
              <label className="flex items-center gap-2">
                <input type="checkbox" name="items" value={item.key} defaultChecked={asked ? asked.has(item.key) : false} /> {item.title}
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
      <label className="block space-y-1">
        <span className="block font-medium">Access for (days)</span>
        <input type="number" name="days" min={GRANT_DAYS.min} max={GRANT_DAYS.max} defaultValue={queue.settings.defaultGrantDays} required className={`${inputClass} w-24`} />
        <span className="block text-xs text-zinc-500">
          {GRANT_DAYS.min} to {GRANT_DAYS.max} days; the organisation&apos;s default is {queue.settings.defaultGrantDays}.
        </span>
      </label>
      {queue.settings.ndaMode === "EXTERNAL" ? (
        <label className="block space-y-1">
          <span className="block font-medium">The signed NDA</span>
          <Select size="compact" name="externalNdaDocumentId" blank="Choose the uploaded, signed copy" options={queue.signedNdaDocuments.map((d) => ({ value: d.id, label: d.title }))} />
        </label>
      ) : null}
      <SubmitButton pendingLabel="Approving…">Approve and email the link</SubmitButton>
    </ActionForm>
  );
}

/** Deny: a reason (kept in the record; sent only if the box is ticked). */
export function DenyForm({ slug, request }: { slug: string; request: Request }) {
  return (
    <ActionForm action={denyAccessRequestAction.bind(null, slug, request.id)} className="space-y-2">
      <label className="block space-y-1">
        <span className="block font-medium">Reason for denying</span>
        <textarea name="reason" rows={2} maxLength={1000} required className={`${inputClass} block w-full`} />
      </label>
      <label className="flex items-center gap-2">
        <input type="checkbox" name="notify" defaultChecked /> Email the requester this reason
      </label>
      <SubmitButton variant="danger" pendingLabel="Denying…">
        Deny
      </SubmitButton>
    </ActionForm>
  );
}
