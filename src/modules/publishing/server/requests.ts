import "server-only";

import { recordAudit } from "@/modules/audit/server/audit";
import type { Tx } from "@/server/db/client";
import { inTenant } from "@/server/db/write";
import { AppError } from "@/server/errors";
import type { OrgContext } from "@/server/gate";
import { describeChanges, sameContent } from "../diff";
import { reviewChanges } from "../review";
import { decideRequestSchema, rejectRequestSchema, requestPublicationSchema, type PublicationRequestStatus } from "../schema";
import { publicViewSchema, type PublicView } from "../view";
import { forgetLocally, liveView, lockPublishing, projectDraft, publishDraft, requiresApproval } from "./publish";
import { endPendingRequest, endRequest, notifyApprovers, REQUEST_SELECT } from "./request-lifecycle";
import { translator } from "../render/i18n";

/**
 * Publication requests (ADR 022): an editor (or anyone who may request) asks to publish the
 * draft exactly as they saw it; an owner or admin approves, which publishes it only if the
 * draft still projects to the same hash, or rejects it with a reason. Under four-eyes
 * publishing the approver must be someone other than the requester. One pending request per
 * organisation: a new one supersedes it (a partial unique index holds that in the database).
 */

async function findRequest(tx: Tx, ctx: OrgContext, requestId: string) {
  const request = await tx.publicationRequest.findFirst({ where: { id: requestId, orgId: ctx.org.id }, select: REQUEST_SELECT });
  if (!request) throw new AppError("not_found", "No such request.");
  if (request.status !== "PENDING") throw new AppError("conflict", "This request was already decided. Reload the page to see its outcome.");
  return request;
}

export async function requestPublication({ ctx, input }: { ctx: OrgContext; input: unknown }) {
  const data = requestPublicationSchema.parse(input);
  return inTenant(
    ctx,
    async (tx) => {
      await lockPublishing(tx, ctx.org.id);
      const draft = await projectDraft(tx, ctx.org.id);
      const { view: live } = await liveView(tx, ctx.org.id);
      if (live && sameContent(live, draft.view)) {
        throw new AppError("conflict", "Nothing to publish: the draft is what is live.");
      }
      // The same draft asked for twice would only email every approver again.
      const pending = await tx.publicationRequest.findFirst({ where: { orgId: ctx.org.id, status: "PENDING" }, select: { viewHash: true } });
      if (pending?.viewHash === draft.hash) throw new AppError("conflict", "This draft is already waiting for approval.");
      await endPendingRequest(tx, ctx, { status: "SUPERSEDED", by: "a newer request" });
      const request = await tx.publicationRequest.create({
        data: { orgId: ctx.org.id, requestedById: ctx.user.id, note: data.note, viewCanonical: draft.canonical, viewHash: draft.hash },
        select: { id: true, viewHash: true },
      });
      await recordAudit(tx, ctx, {
        action: "publish.request",
        targetType: "publication_request",
        targetId: request.id,
        after: { status: "PENDING", viewHash: request.viewHash, note: data.note, changes: describeChanges(live, draft.view, translator("en")).slice(0, 50) },
      });
      const notified = await notifyApprovers(tx, ctx, data.note);
      return { ...request, notified };
    },
    { timeoutMs: 60_000 },
  );
}

/**
 * Publishes the request's draft. Refused when the draft changed since the request (someone
 * must request again, so that what is approved is what was asked for), and, under four-eyes
 * publishing, when the approver is the requester.
 */
export async function approveRequest({ ctx, input }: { ctx: OrgContext; input: unknown }) {
  const { requestId } = decideRequestSchema.parse(input);
  const result = await inTenant(
    ctx,
    async (tx) => {
      await lockPublishing(tx, ctx.org.id);
      const request = await findRequest(tx, ctx, requestId);
      if (request.requestedById === ctx.user.id && (await requiresApproval(tx, ctx.org.id))) {
        throw new AppError("forbidden", "You asked for this publication: under this organisation's four-eyes rule, another owner or admin must approve it.");
      }
      const draft = await projectDraft(tx, ctx.org.id);
      if (draft.hash !== request.viewHash) {
        throw new AppError("conflict", "The draft changed since this request, so approving it would publish something nobody asked for. Review the new changes and request again.");
      }
      const published = await publishDraft(tx, ctx, draft);
      await endRequest(tx, ctx, request, { status: "APPROVED", publicationSeq: published.seq });
      return published;
    },
    { timeoutMs: 60_000 },
  );
  forgetLocally(ctx.org.slug);
  return result;
}

export async function rejectRequest({ ctx, input }: { ctx: OrgContext; input: unknown }) {
  const { requestId, reason } = rejectRequestSchema.parse(input);
  return inTenant(ctx, async (tx) => {
    await lockPublishing(tx, ctx.org.id);
    const request = await findRequest(tx, ctx, requestId);
    await endRequest(tx, ctx, request, { status: "REJECTED", reason });
  });
}

/** The requester takes their own request back; others reject it instead. */
export async function withdrawRequest({ ctx, input }: { ctx: OrgContext; input: unknown }) {
  const { requestId } = decideRequestSchema.parse(input);
  return inTenant(ctx, async (tx) => {
    await lockPublishing(tx, ctx.org.id);
    const request = await findRequest(tx, ctx, requestId);
    if (request.requestedById !== ctx.user.id) throw new AppError("forbidden", "Only the person who asked can withdraw a request; an owner or admin can reject it.");
    await endRequest(tx, ctx, request, { status: "WITHDRAWN" });
  });
}

const LIST_SELECT = {
  id: true,
  status: true,
  note: true,
  reason: true,
  viewHash: true,
  viewCanonical: true,
  requestedAt: true,
  decidedAt: true,
  publicationSeq: true,
  requestedById: true,
  requestedBy: { select: { email: true } },
  decidedBy: { select: { email: true } },
} as const;

type ListedRow = { viewCanonical: string; requestedBy: { email: string } | null; decidedBy: { email: string } | null };
function shape<T extends ListedRow>({ viewCanonical: _canonical, requestedBy, decidedBy, ...row }: T) {
  return { ...row, requestedBy: requestedBy?.email ?? null, decidedBy: decidedBy?.email ?? null };
}

/**
 * The publish page's view of requests: the pending one with what approving it would publish
 * (live → requested) and, if the draft moved on since, what changed (requested → draft); and
 * the last ten decided ones.
 */
export async function listRequests({ ctx, draft }: { ctx: OrgContext; draft: { hash: string; view: PublicView } }) {
  return inTenant(
    ctx,
    async (tx) => {
      const rows = await tx.publicationRequest.findMany({ where: { orgId: ctx.org.id }, orderBy: { requestedAt: "desc" }, take: 11, select: LIST_SELECT });
      const { view: live } = await liveView(tx, ctx.org.id);
      const pendingRow = rows.find((row) => row.status === "PENDING");
      let pending = null;
      if (pendingRow) {
        const requested = publicViewSchema.parse(JSON.parse(pendingRow.viewCanonical));
        const stale = pendingRow.viewHash !== draft.hash;
        pending = {
          ...shape(pendingRow),
          mine: pendingRow.requestedById === ctx.user.id,
          changes: describeChanges(live, requested, translator("en")),
          review: reviewChanges(live, requested),
          stale,
          changedSince: stale ? describeChanges(requested, draft.view, translator("en")) : [],
          changedSinceReview: stale ? reviewChanges(requested, draft.view) : null,
        };
      }
      return {
        pending,
        decided: rows
          .filter((row) => row.status !== "PENDING")
          .slice(0, 10)
          .map(shape),
      };
    },
    { readOnly: true },
  );
}

/** Requests newest first, by window (the REST API's pages), optionally of one status. */
export async function pageRequests({ ctx, status, window }: { ctx: OrgContext; status?: PublicationRequestStatus; window: { limit: number; offset: number } }) {
  return inTenant(
    ctx,
    async (tx) => {
      const where = { orgId: ctx.org.id, ...(status ? { status } : {}) };
      const [rows, total] = await Promise.all([
        tx.publicationRequest.findMany({ where, orderBy: [{ requestedAt: "desc" }, { id: "asc" }], skip: window.offset, take: window.limit, select: LIST_SELECT }),
        tx.publicationRequest.count({ where }),
      ]);
      return { rows: rows.map(shape), total };
    },
    { readOnly: true },
  );
}

/**
 * One request with what approving it would publish: the changes from what is live to what was
 * requested, and whether the draft moved on since (then approving is refused: request again).
 * Another organisation's request, or an id that cannot be one, is not found.
 */
export async function getRequest({ ctx, id }: { ctx: OrgContext; id: unknown }) {
  const { requestId } = decideRequestSchema.safeParse({ requestId: id }).data ?? { requestId: null };
  if (!requestId) throw new AppError("not_found", "No such request.");
  return inTenant(
    ctx,
    async (tx) => {
      const row = await tx.publicationRequest.findFirst({ where: { id: requestId, orgId: ctx.org.id }, select: LIST_SELECT });
      if (!row) throw new AppError("not_found", "No such request.");
      const requested = publicViewSchema.parse(JSON.parse(row.viewCanonical));
      if (row.status !== "PENDING") return { ...shape(row), changes: [] as string[], stale: false, changedSince: [] as string[] };
      const { view: live } = await liveView(tx, ctx.org.id);
      const draft = await projectDraft(tx, ctx.org.id);
      const stale = row.viewHash !== draft.hash;
      return { ...shape(row), changes: describeChanges(live, requested, translator("en")), stale, changedSince: stale ? describeChanges(requested, draft.view, translator("en")) : [] };
    },
    { readOnly: true, timeoutMs: 30_000 },
  );
}
