import { DateText } from "@/components/ui/date-text";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { TextAreaField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { approveRequestAction, rejectRequestAction, withdrawRequestAction } from "../actions";
import { MAX_REQUEST_TEXT } from "../schema";
import type { listRequests } from "../server/requests";
import { ChangeReview } from "./change-review";
import { PublishForm } from "./publish-form";

type Requests = Awaited<ReturnType<typeof listRequests>>;
type Pending = NonNullable<Requests["pending"]>;

const STATUS_LABEL = { APPROVED: "Approved", REJECTED: "Rejected", WITHDRAWN: "Withdrawn", SUPERSEDED: "Replaced", PENDING: "Pending" } as const;

/**
 * The pending request, inside the publish page's review: who asked and why, whether the review
 * above is exactly what they asked for (or, for a stale request, what they asked for and what
 * changed since), and the decisions this person may take on it (ADR 022).
 */
export function PendingRequest({ slug, pending, canDecide, requireApproval }: { slug: string; pending: Pending; canDecide: boolean; requireApproval: boolean }) {
  const ownUnderFourEyes = requireApproval && pending.mine;
  return (
    <div className="mt-5 space-y-3 rounded-md border border-blue-200 bg-blue-50/50 p-4 dark:border-blue-900 dark:bg-blue-950/40" data-testid="pending-request">
      <h4 className="font-semibold">Publication request</h4>
      <p className="text-sm">
        <strong>{pending.mine ? "You" : (pending.requestedBy ?? "A former member")}</strong> asked to publish on <DateText value={pending.requestedAt.toISOString()} withTime />
        {pending.note ? <>: “{pending.note}”</> : "."}
      </p>
      {pending.stale ? (
        <>
          <div>
            <h5 className="text-sm font-semibold">What the request asked to publish</h5>
            <ChangeReview review={pending.review} testId="request-changes" />
          </div>
          <Alert tone="warning" title="The draft changed since the request">
            Approving is blocked: it would publish something nobody asked for. Review what changed, then request again (a new request replaces this one) or reject it.
            {pending.changedSinceReview ? <ChangeReview review={pending.changedSinceReview} testId="changed-since-request" /> : null}
          </Alert>
        </>
      ) : (
        <p className="text-sm" data-testid="request-matches-review">
          The review above is exactly what this request asks to publish: approving publishes it, nothing else.
        </p>
      )}
      <div className="flex flex-wrap items-start gap-3">
        {canDecide && !pending.stale && !ownUnderFourEyes ? (
          <PublishForm action={approveRequestAction.bind(null, slug, pending.id)}>
            <SubmitButton pendingLabel="Publishing…">Approve and publish</SubmitButton>
          </PublishForm>
        ) : null}
        {pending.mine ? (
          <PublishForm action={withdrawRequestAction.bind(null, slug, pending.id)}>
            <SubmitButton variant="secondary" pendingLabel="Withdrawing…">
              Withdraw my request
            </SubmitButton>
          </PublishForm>
        ) : null}
      </div>
      {ownUnderFourEyes ? <p className="text-sm text-zinc-500">Another owner or admin must approve your request: this organisation requires a second person to publish.</p> : null}
      {canDecide ? (
        <PublishForm action={rejectRequestAction.bind(null, slug, pending.id)} className="space-y-2">
          <TextAreaField name="reason" label="Reason for rejecting" rows={2} maxLength={MAX_REQUEST_TEXT} hint="The requester is emailed this." />
          <SubmitButton variant="danger" pendingLabel="Rejecting…">
            Reject
          </SubmitButton>
        </PublishForm>
      ) : null}
    </div>
  );
}

/** Decided publication requests (ADR 022), for members who may request or decide; the pending one is in the review. */
export function RequestsPanel({ requests }: { requests: Requests }) {
  if (requests.decided.length === 0) return null;
  return (
    <Card>
      <h3 className="font-semibold">Publication requests</h3>
      {requests.decided.length ? (
        <div className="relative mt-4 overflow-x-auto">
          <table className="w-full text-left text-sm" data-testid="decided-requests">
            <thead className="text-xs uppercase text-zinc-500">
              <tr>
                <th className="py-1 pr-3">Asked</th>
                <th className="py-1 pr-3">By</th>
                <th className="py-1 pr-3">Outcome</th>
                <th className="py-1">Decided by</th>
              </tr>
            </thead>
            <tbody>
              {requests.decided.map((r) => (
                <tr key={r.id} className="border-t border-zinc-200 align-top dark:border-zinc-800">
                  <td className="py-1 pr-3">
                    <DateText value={r.requestedAt.toISOString()} withTime />
                  </td>
                  <td className="py-1 pr-3">{r.requestedBy ?? "—"}</td>
                  <td className="py-1 pr-3">
                    {STATUS_LABEL[r.status]}
                    {r.publicationSeq ? ` (#${r.publicationSeq})` : ""}
                    {r.reason ? <span className="block text-zinc-600 dark:text-zinc-400">“{r.reason}”</span> : null}
                  </td>
                  <td className="py-1">{r.decidedBy ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </Card>
  );
}
