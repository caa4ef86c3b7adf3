import "server-only";

import { recordAudit } from "@/modules/audit/server/audit";
import { enqueueEmail } from "@/modules/email/server/outbox";
import type { PublicationRequestStatus } from "@/generated/prisma/client";
import type { Tx } from "@/server/db/client";
import { env } from "@/server/env";
import { AppError } from "@/server/errors";
import type { OrgContext } from "@/server/gate";

/**
 * How a publication request ends (ADR 022), inside the caller's transaction: the state change,
 * its audit event and the email to the requester commit together or not at all. Used by
 * publish.ts (a direct publication supersedes a pending request) and requests.ts.
 */
export type Ending = { status: "APPROVED"; publicationSeq: number } | { status: "REJECTED"; reason: string } | { status: "WITHDRAWN" } | { status: "SUPERSEDED"; by: string };

const AUDIT_ACTION: Record<Ending["status"], string> = {
  APPROVED: "publish.request.approve",
  REJECTED: "publish.request.reject",
  WITHDRAWN: "publish.request.withdraw",
  SUPERSEDED: "publish.request.supersede",
};

export const REQUEST_SELECT = { id: true, status: true, requestedById: true, viewHash: true, viewCanonical: true, note: true } as const;
export type OpenRequest = { id: string; status: PublicationRequestStatus; requestedById: string | null; viewHash: string; viewCanonical: string; note: string };

export function publishPageUrl(slug: string) {
  return new URL(`/dashboard/${slug}/publish`, env().APP_URL).toString();
}

/** Ends `request` if it is still pending; a request decided meanwhile is a conflict, never decided twice. */
export async function endRequest(tx: Tx, ctx: OrgContext, request: Pick<OpenRequest, "id" | "requestedById">, ending: Ending) {
  const changed = await tx.publicationRequest.updateMany({
    where: { id: request.id, orgId: ctx.org.id, status: "PENDING" },
    data: {
      status: ending.status,
      decidedById: ctx.user.id,
      decidedAt: new Date(),
      reason: ending.status === "REJECTED" ? ending.reason : null,
      publicationSeq: ending.status === "APPROVED" ? ending.publicationSeq : null,
    },
  });
  if (changed.count === 0) throw new AppError("conflict", "This request was already decided. Reload the page to see its outcome.");
  const { status: _status, ...details } = ending;
  await recordAudit(tx, ctx, {
    action: AUDIT_ACTION[ending.status],
    targetType: "publication_request",
    targetId: request.id,
    before: { status: "PENDING" },
    after: { status: ending.status, ...details },
  });
  // The requester hears of an outcome someone else decided, not of their own withdrawal.
  if (ending.status === "WITHDRAWN" || !request.requestedById || request.requestedById === ctx.user.id) return;
  const requester = await tx.user.findUnique({ where: { id: request.requestedById }, select: { email: true } });
  if (!requester) return;
  await enqueueEmail(tx, {
    to: requester.email,
    template: "publication-request",
    props: {
      orgName: ctx.org.name,
      kind: ending.status === "APPROVED" ? "approved" : ending.status === "REJECTED" ? "rejected" : "superseded",
      actorEmail: ctx.user.email,
      detail: ending.status === "REJECTED" ? ending.reason : "",
      seq: ending.status === "APPROVED" ? ending.publicationSeq : null,
      url: publishPageUrl(ctx.org.slug),
    },
  });
}

/** Ends the organisation's pending request, if there is one. */
export async function endPendingRequest(tx: Tx, ctx: OrgContext, ending: Ending) {
  const pending = await tx.publicationRequest.findFirst({ where: { orgId: ctx.org.id, status: "PENDING" }, select: REQUEST_SELECT });
  if (pending) await endRequest(tx, ctx, pending, ending);
  return pending;
}

/** Tells every owner and admin but the requester that a request waits for them. */
export async function notifyApprovers(tx: Tx, ctx: OrgContext, note: string) {
  const approvers = await tx.member.findMany({
    where: { orgId: ctx.org.id, role: { in: ["OWNER", "ADMIN"] }, userId: { not: ctx.user.id } },
    select: { user: { select: { email: true } } },
  });
  for (const approver of approvers) {
    await enqueueEmail(tx, {
      to: approver.user.email,
      template: "publication-request",
      props: { orgName: ctx.org.name, kind: "requested", actorEmail: ctx.user.email, detail: note, seq: null, url: publishPageUrl(ctx.org.slug) },
    });
  }
  return approvers.length;
}
