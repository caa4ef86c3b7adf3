import "server-only";

import { withdrawAlerts } from "@/modules/alerts/server/alerts";
import { recordAudit } from "@/modules/audit/server/audit";
import { now } from "@/server/clock";
import type { Tx } from "@/server/db/client";
import { inTenant, versionedUpdate } from "@/server/db/write";
import { AppError } from "@/server/errors";
import type { OrgContext } from "@/server/gate";
import { approveSchema, denySchema, extendGrantSchema, listGrantsSchema, listRequestsSchema, PAGE_SIZE, revokeGrantSchema } from "../schema";
import { readSettings } from "./context";
import { createGrant, grantActive, issueLink, scopeOf } from "./grants";
import { ndaItemKeys } from "./requests";
import { emitEvent } from "@/modules/webhooks/server/emit";

/**
 * The reviewers' side (`access.review`, gated by the caller): the request queue, approving with a
 * scope and an expiry, denying with a reason, and the grants (extend, revoke). Another
 * organisation's request or grant is simply not found (row-level security and { id, orgId }).
 */

const DAY_MS = 86_400_000;

/**
 * Runs inside the decision's transaction (like the public side's `deliver`): the caller puts the
 * requester's mail in the outbox with the decision, so both commit or neither does.
 */
/** `language`: the requester's (ADR 038), for the mail. */
type ApprovalDelivery = (tx: Tx, approval: { email: string; host: string; language: string; linkToken: string; linkExpiresAt: Date; expiresAt: Date }) => Promise<unknown>;
type DenialDelivery = (tx: Tx, denial: { email: string; host: string; language: string; reason: string }) => Promise<unknown>;

const REQUEST_SELECT = {
  id: true,
  email: true,
  fullName: true,
  company: true,
  reason: true,
  scopeAll: true,
  scopeItems: true,
  status: true,
  host: true,
  createdAt: true,
  verifiedAt: true,
  decidedAt: true,
  decidedById: true,
  decidedByRule: true,
  decisionReason: true,
  ndaVersion: { select: { number: true } },
  grant: { select: { id: true } },
} as const;

export async function listRequests({ ctx, input, window }: { ctx: OrgContext; input: unknown; /** The REST API's cursor page instead of the numbered page. */ window?: { limit: number; offset: number } }) {
  const { status, page } = listRequestsSchema.parse(input ?? {});
  return inTenant(ctx, async (tx) => {
    const where = { orgId: ctx.org.id, ...(status ? { status } : { status: { not: "UNVERIFIED" as const } }) };
    const total = await tx.accessRequest.count({ where });
    const rows = await tx.accessRequest.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "asc" }], skip: window?.offset ?? (page - 1) * PAGE_SIZE, take: window?.limit ?? PAGE_SIZE, select: REQUEST_SELECT });
    return { total, page, pageSize: PAGE_SIZE, requests: rows.map(({ scopeAll, scopeItems, ...row }) => ({ ...row, scope: scopeOf({ scopeAll, scopeItems }) })) };
  });
}

async function pendingRequest(tx: Tx, ctx: OrgContext, requestId: string) {
  const request = await tx.accessRequest.findFirst({ where: { id: requestId, orgId: ctx.org.id, status: { not: "UNVERIFIED" } }, select: { id: true, email: true, status: true, host: true, language: true, scopeAll: true, scopeItems: true, ndaVersionId: true } });
  if (!request) throw new AppError("not_found", "No such request.");
  if (request.status !== "PENDING") throw new AppError("conflict", "This request was already decided. Reload the page to see its outcome.");
  return request;
}

async function decide(tx: Tx, ctx: OrgContext, requestId: string, data: { status: "APPROVED" | "DENIED"; decisionReason?: string }, at: number) {
  const result = await tx.accessRequest.updateMany({ where: { id: requestId, orgId: ctx.org.id, status: "PENDING" }, data: { ...data, decidedById: ctx.user.id, decidedAt: new Date(at) } });
  // A decided request no longer waits: it leaves the digests not yet sent (ADR 033).
  await withdrawAlerts(tx, { orgId: ctx.org.id, kind: "ACCESS_REQUEST", ref: requestId });
  if (result.count === 0) throw new AppError("conflict", "This request was already decided. Reload the page to see its outcome.");
  await emitEvent(tx, { orgId: ctx.org.id, type: "access_request.decided", data: { requestId, status: data.status } });
}

/** Under "signed outside Candor" the approver attaches the signed copy: a document of this organisation. */
async function externalNdaDocument(tx: Tx, ctx: OrgContext, ndaMode: string, documentId: string | undefined) {
  if (!documentId) {
    if (ndaMode === "EXTERNAL") throw new AppError("validation", "Attach the signed NDA first.", { fieldErrors: { externalNdaDocumentId: ["Attach the signed NDA (upload it as a private document)."] } });
    return null;
  }
  const document = await tx.document.findFirst({ where: { id: documentId, orgId: ctx.org.id }, select: { id: true } });
  if (!document) throw new AppError("validation", "No such document.", { fieldErrors: { externalNdaDocumentId: ["No such document."] } });
  return document.id;
}

/** Approves a pending request: a grant (the asked scope or the reviewer's) and a single-use access link for the host it was asked on. */
export async function approveRequest({ ctx, input, deliver }: { ctx: OrgContext; input: unknown; deliver?: ApprovalDelivery }) {
  const data = approveSchema.parse(input);
  const at = now();
  return inTenant(ctx, async (tx) => {
    const request = await pendingRequest(tx, ctx, data.requestId);
    const settings = await readSettings(tx, ctx.org.id);
    const scope = data.scope ?? scopeOf(request);
    // A chosen item must be one the live publication lists as NDA (the download route checks
    // again; this keeps a grant from naming what it can never open, or another tenant's ids).
    if ("items" in scope) {
      const listed = await ndaItemKeys(tx, ctx.org.id);
      if (!listed || scope.items.some((key) => !listed.has(key))) {
        throw new AppError("validation", "Some of the chosen items are not on the published trust center.", { fieldErrors: { scope: ["Choose items listed on the published trust center."] } });
      }
    }
    const days = data.days ?? settings.defaultGrantDays;
    const externalNda = await externalNdaDocument(tx, ctx, settings.ndaMode, data.externalNdaDocumentId);
    await decide(tx, ctx, request.id, { status: "APPROVED" }, at);
    const grant = await createGrant(tx, { orgId: ctx.org.id, request, scope, days, at });
    if (externalNda) await tx.accessGrant.updateMany({ where: { id: grant.id, orgId: ctx.org.id }, data: { externalNdaDocumentId: externalNda } });
    const link = await issueLink(tx, { orgId: ctx.org.id, grantId: grant.id, host: request.host, at });
    await recordAudit(tx, ctx, { action: "access.request.approve", targetType: "access_request", targetId: request.id, before: { status: "PENDING" }, after: { status: "APPROVED", grantId: grant.id, email: request.email, scope, days, externalNdaDocumentId: externalNda } });
    await deliver?.(tx, { email: request.email, host: request.host, language: request.language, linkToken: link.token, linkExpiresAt: link.expiresAt, expiresAt: grant.expiresAt });
    return { grantId: grant.id, expiresAt: grant.expiresAt, host: request.host, email: request.email, linkToken: link.token, linkExpiresAt: link.expiresAt };
  });
}

export async function denyRequest({ ctx, input, deliver }: { ctx: OrgContext; input: unknown; deliver?: DenialDelivery }) {
  const data = denySchema.parse(input);
  return inTenant(ctx, async (tx) => {
    const request = await pendingRequest(tx, ctx, data.requestId);
    await decide(tx, ctx, request.id, { status: "DENIED", decisionReason: data.reason }, now());
    await recordAudit(tx, ctx, { action: "access.request.deny", targetType: "access_request", targetId: request.id, before: { status: "PENDING" }, after: { status: "DENIED", reason: data.reason, emailed: Boolean(deliver) } });
    await deliver?.(tx, { email: request.email, host: request.host, language: request.language, reason: data.reason });
    return { requestId: request.id, email: request.email };
  });
}

const GRANT_SELECT = {
  id: true,
  email: true,
  scopeAll: true,
  scopeItems: true,
  createdAt: true,
  expiresAt: true,
  extendedAt: true,
  revokedAt: true,
  version: true,
  ndaVersion: { select: { number: true } },
  request: { select: { fullName: true, company: true } },
} as const;

export async function listGrants({ ctx, input }: { ctx: OrgContext; input: unknown }) {
  const { active, page } = listGrantsSchema.parse(input ?? {});
  const at = new Date(now());
  return inTenant(ctx, async (tx) => {
    const where = { orgId: ctx.org.id, ...(active ? { revokedAt: null, expiresAt: { gt: at } } : { OR: [{ revokedAt: { not: null } }, { expiresAt: { lte: at } }] }) };
    const total = await tx.accessGrant.count({ where });
    const rows = await tx.accessGrant.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "asc" }], skip: (page - 1) * PAGE_SIZE, take: PAGE_SIZE, select: GRANT_SELECT });
    return { total, page, pageSize: PAGE_SIZE, grants: rows.map(({ scopeAll, scopeItems, ...row }) => ({ ...row, scope: scopeOf({ scopeAll, scopeItems }) })) };
  });
}

/** Extends a grant by `days` from its expiry (or from today, if it has lapsed). Not a revoked one. */
export async function extendGrant({ ctx, input }: { ctx: OrgContext; input: unknown }) {
  const data = extendGrantSchema.parse(input);
  const at = now();
  return inTenant(ctx, async (tx) => {
    let expiresAt = new Date(at);
    const { before, version } = await versionedUpdate(
      { model: tx.accessGrant, key: { id: data.grantId, orgId: ctx.org.id }, version: data.version, missing: "No such grant." },
      (grant) => {
        if (grant.revokedAt) throw new AppError("conflict", "This grant was revoked; approve a new request instead.");
        expiresAt = new Date(Math.max(grant.expiresAt.getTime(), at) + data.days * DAY_MS);
        return { expiresAt, extendedAt: new Date(at) };
      },
    );
    await recordAudit(tx, ctx, { action: "access.grant.extend", targetType: "access_grant", targetId: data.grantId, before: { expiresAt: before.expiresAt.toISOString() }, after: { expiresAt: expiresAt.toISOString() } });
    return { expiresAt, version };
  });
}

/** Revokes a grant: its sessions end now, so the grantee's very next request is refused. */
export async function revokeGrant({ ctx, input }: { ctx: OrgContext; input: unknown }) {
  const data = revokeGrantSchema.parse(input);
  const at = new Date(now());
  return inTenant(ctx, async (tx) => {
    const { before, version } = await versionedUpdate(
      { model: tx.accessGrant, key: { id: data.grantId, orgId: ctx.org.id }, version: data.version, missing: "No such grant." },
      (grant) => {
        if (grant.revokedAt) throw new AppError("conflict", "This grant is already revoked.");
        return { revokedAt: at, revokedById: ctx.user.id };
      },
    );
    const ended = await tx.granteeSession.updateMany({ where: { orgId: ctx.org.id, grantId: data.grantId, endedAt: null }, data: { endedAt: at } });
    await emitEvent(tx, { orgId: ctx.org.id, type: "grant.revoked", data: { grantId: data.grantId, email: before.email } });
    await recordAudit(tx, ctx, {
      action: "access.grant.revoke",
      targetType: "access_grant",
      targetId: data.grantId,
      before: { revoked: false, active: grantActive(before, at.getTime()) },
      after: { revoked: true, sessionsEnded: ended.count },
    });
    return { version };
  });
}
