import { DateText } from "@/components/ui/date-text";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { TextAreaField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { approveRequestAction, rejectRequestAction, withdrawRequestAction } from "../actions";
import { MAX_REQUEST_TEXT } from "../schema";
import type { listRequests } from "../server/requests";
import { PublishForm } from "./publish-form";

type Requests = Awaited<ReturnType<typeof listRequests>>;
type Pending = NonNullable<Requests["pending"]>;

const STATUS_LABEL = { APPROVED: "Approved", REJECTED: "Rejected", WITHDRAWN: "Withdrawn", SUPERSEDED: "Replaced", PENDING: "Pending" } as const;

function Changes({ lines, testId }: { lines: string[]; testId: string }) {
  return (
    <ul className="mt-2 list-disc space-y-1 pl-5 text-sm" data-testid={testId}>
      {lines.map((line) => (
        <li key={line}>{line}</li>
      ))}
    </ul>
  );
}

/** What the pending request asks for, and the decisions this person may take on it. */
function PendingRequest({ slug, pending, canDecide, requireApproval }: { slug: string; pending: Pending; canDecide: boolean; requireApproval: boolean }) {
  const ownUnderFourEyes = requireApproval && pending.mine;
  return (
    <div className="mt-2 space-y-3" data-testid="pending-request">
      <p className="text-sm">
        <strong>{pending.mine ? "You" : (pending.requestedBy ?? "A former member")}</strong> asked to publish on <DateText value={pending.requestedAt.toISOString()} withTime />
        {pending.note ? <>: “{pending.note}”</> : "."}
      </p>
      <div>
        <h4 className="text-sm font-semibold">What approving would publish</h4>
        <Changes lines={pending.changes} testId="request-changes" />
      </div>
      {pending.stale ? (
        <Alert tone="warning" title="The draft changed since the request">
          Approving is blocked: it would publish something nobody asked for. Review what changed, then request again (a new request replaces this one) or reject it.
          <Changes lines={pending.changedSince} testId="changed-since-request" />
        </Alert>
      ) : null}
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

/** Publication requests (ADR 022), for members who may request or decide; viewers never see it. */
export function RequestsPanel({ slug, requests, canDecide, requireApproval }: { slug: string; requests: Requests; canDecide: boolean; requireApproval: boolean }) {
  if (!requests.pending && requests.decided.length === 0) return null;
  return (
    <Card>
      <h3 className="font-semibold">Publication requests</h3>
      {requests.pending ? (
        <PendingRequest slug={slug} pending={requests.pending} canDecide={canDecide} requireApproval={requireApproval} />
      ) : (
        <p className="mt-2 text-sm text-zinc-500">No request is waiting.</p>
      )}
      {requests.decided.length ? (
        <table className="mt-4 w-full text-left text-sm" data-testid="decided-requests">
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
      ) : null}
    </Card>
  );
}
