import { Link } from "@/components/ui/link";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { SubmitButton } from "@/components/ui/submit-button";
import { can, type Role } from "@/modules/permissions/permissions";
import { publishAction } from "@/modules/publishing/actions";
import { PublishFeedback, PublishForm } from "@/modules/publishing/components/publish-form";
import { PublicationHistory, RequestForm, TakeOffline } from "@/modules/publishing/components/publish-page";
import { ChangeReview } from "@/modules/publishing/components/change-review";
import { PendingRequest, RequestsPanel } from "@/modules/publishing/components/requests-panel";
import type { listPublications, previewPublication } from "@/modules/publishing/server/publish";
import type { listRequests } from "@/modules/publishing/server/requests";

type Preview = Awaited<ReturnType<typeof previewPublication>>;
type History = Awaited<ReturnType<typeof listPublications>>;
type Requests = Awaited<ReturnType<typeof listRequests>>;

/** Publishing: the status, what would change, publish or request it, the requests, the history. */
export function PublishScreen({ slug, role, preview, history, requests }: { slug: string; role: Role; preview: Preview; history: History; requests: Requests | null }) {
  const canPublish = can(role, "publish");
  const canRequest = can(role, "publish.request");
  // Owners and admins publish directly unless the organisation requires a second person;
  // then they, like editors, request, and someone else approves (ADR 022).
  const publishesDirectly = canPublish && !preview.requireApproval;
  return (
    <PublishFeedback slug={slug}>
      <div className="max-w-4xl space-y-4">
        <Card>
          <h2 className="text-lg font-semibold">Publish</h2>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
            Nothing you edit is public until you publish. A publication is a signed snapshot of everything marked Public (NDA documents are listed, without their files); each one
            names the one before it, so your history can be verified by anyone.
          </p>
          <p className="mt-3 text-sm">
            Status: {preview.live ? <strong>published (#{preview.seq})</strong> : history.length ? <strong>offline</strong> : <strong>never published</strong>}
            {" · "}
            <Link href={`/t/${slug}`}>public page</Link>
          </p>
          <h3 className="mt-5 font-semibold">
            {preview.unchanged ? "No changes since the last publication" : preview.live ? "What publishing now would change" : "What publishing would show"}
          </h3>
          <ChangeReview review={preview.review} testId="pending-changes" />
          {/* The approval step sits in the review it approves (issue 15): who asked, and the decision. */}
          {requests?.pending ? <PendingRequest slug={slug} pending={requests.pending} canDecide={canPublish} requireApproval={preview.requireApproval} /> : null}
          <div className="mt-5 flex flex-wrap gap-3">
            <a href={`/dashboard/${slug}/publish/preview`} className={buttonClass("secondary")} target="_blank" rel="noopener">
              Preview the page ↗
            </a>
            {publishesDirectly ? (
              <PublishForm action={publishAction.bind(null, slug)}>
                <SubmitButton pendingLabel="Publishing…">{preview.live ? "Publish changes" : "Publish"}</SubmitButton>
              </PublishForm>
            ) : null}
            {!canRequest ? <p className="text-sm text-zinc-500">Owners and admins publish; editors can request publication.</p> : null}
          </div>
          {canRequest && !publishesDirectly ? (
            preview.unchanged ? (
              <p className="mt-4 text-sm text-zinc-500">Nothing to request: the draft is what is live.</p>
            ) : requests?.pending && !requests.pending.stale ? (
              <p className="mt-4 text-sm text-zinc-500">This draft is waiting for approval (see the request above).</p>
            ) : (
              <RequestForm slug={slug} requireApproval={preview.requireApproval} again={Boolean(requests?.pending)} />
            )
          ) : null}
        </Card>
        {requests ? <RequestsPanel requests={requests} /> : null}
        <PublicationHistory slug={slug} history={history} />
        {canPublish && preview.live ? <TakeOffline slug={slug} /> : null}
      </div>
    </PublishFeedback>
  );
}
