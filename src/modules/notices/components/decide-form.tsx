import { ActionForm } from "@/components/action-form";
import { SubmitButton } from "@/components/ui/submit-button";
import { decideObjectionAction } from "../actions";

const inputClass = "rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900";

/** Settle an open objection: resolved or withdrawn, with a note saying how (kept in the register and the audit chain). */
export function DecideObjectionForm({ slug, objection }: { slug: string; objection: { id: string; version: number } }) {
  return (
    <ActionForm action={decideObjectionAction.bind(null, slug, objection.id)} className="space-y-2">
      <input type="hidden" name="version" value={objection.version} />
      <fieldset className="space-y-1">
        <legend className="font-medium">Outcome</legend>
        <label className="flex items-center gap-2">
          <input type="radio" name="status" value="RESOLVED" defaultChecked /> Resolved
        </label>
        <label className="flex items-center gap-2">
          <input type="radio" name="status" value="WITHDRAWN" /> Withdrawn by the objector
        </label>
      </fieldset>
      <label className="block space-y-1">
        <span className="block font-medium">Note</span>
        <textarea name="note" rows={3} maxLength={2000} required className={`${inputClass} block w-full`} />
      </label>
      <SubmitButton pendingLabel="Saving…">Save decision</SubmitButton>
    </ActionForm>
  );
}
