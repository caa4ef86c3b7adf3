import { Link } from "@/components/ui/link";
import { ActionForm } from "@/components/action-form";
import { DateText } from "@/components/ui/date-text";
import { Card } from "@/components/ui/card";
import { TextAreaField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { requestPublicationAction, unpublishAction } from "../actions";
import { MAX_REQUEST_TEXT } from "../schema";
import type { listPublications } from "../server/publish";
import { PublishForm } from "./publish-form";

/** The publish page's parts (src/app/dashboard/[slug]/publish/page.tsx composes them). */
export function PublicationHistory({ slug, history }: { slug: string; history: Awaited<ReturnType<typeof listPublications>> }) {
  return (
    <Card>
      <h3 className="font-semibold">History</h3>
      {history.length === 0 ? (
        <p className="mt-2 text-sm text-zinc-500">No publications yet.</p>
      ) : (
        <div className="relative mt-2 overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="text-xs uppercase text-zinc-500">
              <tr>
                <th className="py-1 pr-3">#</th>
                <th className="py-1 pr-3">What</th>
                <th className="py-1 pr-3">When</th>
                <th className="py-1 pr-3">By</th>
                <th className="py-1">Hash</th>
              </tr>
            </thead>
            <tbody>
              {history.map((p) => (
                <tr key={p.seq} className="border-t border-zinc-200 dark:border-zinc-800">
                  <td className="py-1 pr-3">{p.seq}</td>
                  <td className="py-1 pr-3">{p.kind === "PUBLISH" ? "Published" : "Taken offline"}</td>
                  <td className="py-1 pr-3">
                    <DateText value={p.publishedAt.toISOString()} withTime />
                  </td>
                  <td className="py-1 pr-3">{p.publishedBy ?? "—"}</td>
                  <td className="py-1 font-mono text-xs" title={p.hash}>
                    {p.hash.slice(0, 12)}…
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="mt-3 text-sm">
        <Link href={`/t/${slug}/changelog`}>Public changelog</Link> · <Link href={`/t/${slug}/verify`}>How anyone verifies it</Link>
      </p>
    </Card>
  );
}

export function TakeOffline({ slug }: { slug: string }) {
  return (
    <Card>
      <h3 className="font-semibold">Take the trust center offline</h3>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">The public page then says it is offline. This is recorded in the chain; earlier publications stay verifiable.</p>
      <ActionForm action={unpublishAction.bind(null, slug)} className="mt-2">
        <SubmitButton variant="danger" pendingLabel="Taking offline…">
          Take offline
        </SubmitButton>
      </ActionForm>
    </Card>
  );
}

/** Asking for publication: editors always; owners and admins when the organisation requires a second person. */
export function RequestForm({ slug, requireApproval, again }: { slug: string; requireApproval: boolean; again: boolean }) {
  return (
    <PublishForm action={requestPublicationAction.bind(null, slug)} className="mt-5 space-y-2">
      <TextAreaField
        name="note"
        label="Note for the approver (optional)"
        rows={2}
        maxLength={MAX_REQUEST_TEXT}
        hint={
          requireApproval
            ? "This organisation requires a second person to publish: another owner or admin approves exactly the draft you see now."
            : "An owner or admin approves exactly the draft you see now; they are emailed."
        }
      />
      <SubmitButton pendingLabel="Requesting…">{again ? "Request again with the current draft" : "Request publication"}</SubmitButton>
    </PublishForm>
  );
}
