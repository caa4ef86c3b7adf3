import "server-only";

import { now } from "@/server/clock";
import { randomToken, sha256Hex } from "@/server/crypto";
import type { Tx } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { acceptNdaSchema, requestNewLinkSchema, SESSION_ABSOLUTE_HOURS, SESSION_IDLE_MINUTES, SESSION_TOUCH_SECONDS, tokenSchema, type Scope } from "../schema";
import { auditPublic, inPublicTenant, readSettings, takeMailSlot, type PublicAccessContext } from "./context";
import { grantActive, issueLink, scopeOf } from "./grants";
import { recordedIp } from "./ip";
import { currentNdaVersion } from "./settings";

/**
 * Grantee sessions (ADR 029): an access link, used once on the host it was made for, becomes a
 * session on that host only (a host-only cookie, 256-bit token stored as SHA-256, idle 2 h,
 * absolute 12 h). A grantee session is not a member session: it lives in its own table, in the
 * organisation's scope, and nothing on the app host reads it. Every check happens on every
 * request, against the grant as it is now, so a revocation refuses the very next request.
 */

const LINK_INVALID = "This access link was already used or has expired. Ask for a new one.";

export async function redeemAccessLink({ ctx, token }: { ctx: PublicAccessContext; token: unknown }) {
  const parsed = tokenSchema.safeParse(token);
  if (!parsed.success) throw new AppError("gone", LINK_INVALID);
  const at = now();
  return inPublicTenant(ctx, async (tx) => {
    const tokenHash = sha256Hex(parsed.data);
    const link = await tx.granteeLinkToken.findFirst({
      where: { orgId: ctx.org.id, tokenHash, usedAt: null, expiresAt: { gt: new Date(at) }, host: ctx.host },
      select: { id: true, grant: { select: { id: true, email: true, revokedAt: true, expiresAt: true } } },
    });
    if (!link || !grantActive(link.grant, at)) throw new AppError("gone", LINK_INVALID);
    const used = await tx.granteeLinkToken.updateMany({ where: { id: link.id, orgId: ctx.org.id, usedAt: null }, data: { usedAt: new Date(at) } });
    if (used.count === 0) throw new AppError("gone", LINK_INVALID);
    const sessionToken = randomToken();
    const expiresAt = new Date(Math.min(at + SESSION_ABSOLUTE_HOURS * 3_600_000, link.grant.expiresAt.getTime()));
    const session = await tx.granteeSession.create({
      data: { orgId: ctx.org.id, grantId: link.grant.id, tokenHash: sha256Hex(sessionToken), host: ctx.host, createdAt: new Date(at), lastSeenAt: new Date(at), expiresAt },
      select: { id: true },
    });
    const settings = await readSettings(tx, ctx.org.id);
    await auditPublic(tx, ctx, settings, { action: "access.session.start", targetType: "grantee_session", targetId: session.id, after: { grantId: link.grant.id, email: link.grant.email, host: ctx.host } });
    return { sessionToken, expiresAt, grantId: link.grant.id };
  });
}

export type GranteeView = {
  sessionId: string;
  grantId: string;
  email: string;
  scope: Scope;
  grantExpiresAt: Date;
  /** A click-through NDA version this grantee must accept before seeing NDA items, if any. */
  ndaRequired: { id: string; number: number; markdown: string; sha256: string } | null;
};

/** The NDA version a grantee still owes: the latest one when it asks existing grantees to accept it again. */
async function owedNda(tx: Tx, orgId: string, acceptedVersionId: string | null) {
  const settings = await readSettings(tx, orgId);
  if (settings.ndaMode !== "CLICK_THROUGH") return null;
  const current = await currentNdaVersion(tx, orgId);
  if (!current || current.id === acceptedVersionId) return null;
  if (acceptedVersionId === null) return current;
  const latestRequiring = await tx.ndaVersion.findFirst({ where: { orgId, requireReacceptance: true }, orderBy: { number: "desc" }, select: { number: true } });
  const accepted = await tx.ndaVersion.findFirst({ where: { id: acceptedVersionId, orgId }, select: { number: true } });
  return latestRequiring && accepted && latestRequiring.number > accepted.number ? current : null;
}

async function liveSession(tx: Tx, ctx: PublicAccessContext, token: string, at: number) {
  const session = await tx.granteeSession.findFirst({
    where: { orgId: ctx.org.id, tokenHash: sha256Hex(token), endedAt: null },
    select: { id: true, host: true, lastSeenAt: true, expiresAt: true, grant: { select: { id: true, email: true, scopeAll: true, scopeItems: true, expiresAt: true, revokedAt: true, ndaVersionId: true } } },
  });
  if (!session || session.host !== ctx.host) return null;
  if (session.expiresAt.getTime() <= at || session.lastSeenAt.getTime() + SESSION_IDLE_MINUTES * 60_000 <= at) return null;
  if (!grantActive(session.grant, at)) return null;
  return session;
}

/** The grant behind a session cookie on this host, or null (unknown, ended, idle, expired, revoked, another host). */
export async function resolveGranteeSession({ ctx, token }: { ctx: PublicAccessContext; token: unknown }): Promise<GranteeView | null> {
  const parsed = tokenSchema.safeParse(token);
  if (!parsed.success) return null;
  const at = now();
  return inPublicTenant(ctx, async (tx) => {
    const session = await liveSession(tx, ctx, parsed.data, at);
    if (!session) return null;
    if (at - session.lastSeenAt.getTime() >= SESSION_TOUCH_SECONDS * 1000) {
      await tx.granteeSession.updateMany({ where: { id: session.id, orgId: ctx.org.id }, data: { lastSeenAt: new Date(at) } });
    }
    const { grant } = session;
    return { sessionId: session.id, grantId: grant.id, email: grant.email, scope: scopeOf(grant), grantExpiresAt: grant.expiresAt, ndaRequired: await owedNda(tx, ctx.org.id, grant.ndaVersionId) };
  });
}

/** Signing out: the session ends now. Unknown tokens end nothing and say nothing. */
export async function endGranteeSession({ ctx, token }: { ctx: PublicAccessContext; token: unknown }) {
  const parsed = tokenSchema.safeParse(token);
  if (!parsed.success) return;
  await inPublicTenant(ctx, (tx) => tx.granteeSession.updateMany({ where: { orgId: ctx.org.id, tokenHash: sha256Hex(parsed.data), endedAt: null }, data: { endedAt: new Date(now()) } }));
}

/**
 * "Email me a new link": while a grant for this address lasts, a new single-use link for this
 * host. The answer is the same whether or not one exists (the route says "if you have access, we
 * sent a link"); only `deliver` sees the token. The hourly mail cap applies either way, before
 * anything is looked up, so it reveals nothing.
 */
export async function requestNewLink({ ctx, input, deliver }: { ctx: PublicAccessContext; input: unknown; deliver?: (tx: Tx, token: string, to: { email: string }) => Promise<unknown> }) {
  const { email } = requestNewLinkSchema.parse(input);
  const at = now();
  return inPublicTenant(ctx, async (tx) => {
    const settings = await readSettings(tx, ctx.org.id);
    await takeMailSlot(tx, ctx.org.id, settings.mailCapPerHour, at);
    const grant = await tx.accessGrant.findFirst({ where: { orgId: ctx.org.id, email, revokedAt: null, expiresAt: { gt: new Date(at) } }, orderBy: { expiresAt: "desc" }, select: { id: true } });
    if (!grant) return { accepted: true as const, linkToken: null };
    const link = await issueLink(tx, { orgId: ctx.org.id, grantId: grant.id, host: ctx.host, at });
    await auditPublic(tx, ctx, settings, { action: "access.link.request", targetType: "access_grant", targetId: grant.id, after: { host: ctx.host } });
    await deliver?.(tx, link.token, { email });
    return { accepted: true as const, linkToken: link.token };
  });
}

/** A grantee accepts the current click-through NDA (a new version asking existing grantees to). */
export async function acceptNda({ ctx, sessionToken, input }: { ctx: PublicAccessContext; sessionToken: unknown; input: unknown }) {
  const data = acceptNdaSchema.parse(input);
  const parsed = tokenSchema.safeParse(sessionToken);
  if (!parsed.success) throw new AppError("unauthenticated", "Your session has ended. Use your access link again.");
  const at = now();
  return inPublicTenant(ctx, async (tx) => {
    const session = await liveSession(tx, ctx, parsed.data, at);
    if (!session) throw new AppError("unauthenticated", "Your session has ended. Use your access link again.");
    const current = await currentNdaVersion(tx, ctx.org.id);
    if (!current || current.id !== data.versionId) throw new AppError("conflict", "The NDA changed while you were reading it. Read the new version and accept it again.");
    const settings = await readSettings(tx, ctx.org.id);
    const ip = recordedIp(ctx.request.ip, settings.ipRecording);
    const acceptance = await tx.ndaAcceptance.create({
      data: { orgId: ctx.org.id, grantId: session.grant.id, ndaVersionId: current.id, textSha256: current.sha256, email: session.grant.email, acceptedAt: new Date(at), userAgent: ctx.request.userAgent?.slice(0, 500) ?? null, ipAddress: ip },
      select: { id: true },
    });
    await tx.accessGrant.updateMany({ where: { id: session.grant.id, orgId: ctx.org.id }, data: { ndaVersionId: current.id } });
    await auditPublic(tx, ctx, settings, { action: "access.nda.accept", targetType: "access_grant", targetId: session.grant.id, after: { ndaVersion: current.number, sha256: current.sha256 } });
    return { acceptanceId: acceptance.id, ndaVersion: current.number };
  });
}
