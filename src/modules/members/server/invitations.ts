import "server-only";

import { recordAudit } from "@/modules/audit/server/audit";
import type { CurrentUser } from "@/modules/auth/server/sessions";
import { enqueueEmail } from "@/modules/email/server/outbox";
import { randomToken, sha256Hex } from "@/server/crypto";
import { db } from "@/server/db/client";
import { withTenant } from "@/server/db/tenant";
import { env } from "@/server/env";
import { AppError } from "@/server/errors";
import type { OrgContext, RequestInfo } from "@/server/gate";
import { ROLE_LABELS } from "@/modules/permissions/permissions";
import { INVITATION_TTL_DAYS, invitationIdSchema, inviteSchema, ROLE_RANK } from "../schema";

const ttl = () => new Date(Date.now() + INVITATION_TTL_DAYS * 24 * 60 * 60 * 1000);
const invitationUrl = (token: string) => new URL(`/invite?${new URLSearchParams({ token })}`, env().APP_URL).toString();

export async function listPendingInvitations({ ctx }: { ctx: OrgContext }) {
  const rows = await withTenant({ orgId: ctx.org.id, userId: ctx.user.id }, (tx) =>
    tx.invitation.findMany({
      where: { orgId: ctx.org.id, acceptedAt: null, revokedAt: null },
      orderBy: { createdAt: "desc" },
      select: { id: true, email: true, role: true, createdAt: true, lastSentAt: true, expiresAt: true, invitedBy: { select: { email: true } } },
    }),
  );
  return rows.map((row) => ({ ...row, invitedBy: row.invitedBy?.email ?? null, expired: row.expiresAt <= new Date() }));
}

/**
 * Invites someone by email. The token is 256 random bits, emailed once, stored only as its
 * SHA-256, valid for 7 days and for one acceptance. Nobody invites above their own role.
 */
export async function inviteMember({ ctx, input }: { ctx: OrgContext; input: unknown }) {
  const { email, role } = inviteSchema.parse(input);
  if (ROLE_RANK[role] > ROLE_RANK[ctx.role]) {
    throw new AppError("forbidden", `You cannot invite someone as ${ROLE_LABELS[role]}: that is above your own role.`, {
      fieldErrors: { role: ["Choose a role no higher than your own."] },
    });
  }
  const token = randomToken(32);
  await withTenant({ orgId: ctx.org.id, userId: ctx.user.id }, async (tx) => {
    const member = await tx.member.findFirst({ where: { orgId: ctx.org.id, user: { email } }, select: { id: true } });
    if (member) throw new AppError("conflict", `${email} is already a member.`, { fieldErrors: { email: [`${email} is already a member of ${ctx.org.name}.`] } });
    const pending = await tx.invitation.findFirst({ where: { orgId: ctx.org.id, email, acceptedAt: null, revokedAt: null }, select: { id: true } });
    if (pending) {
      throw new AppError("conflict", `${email} already has a pending invitation.`, {
        fieldErrors: { email: [`${email} already has a pending invitation. Resend or revoke it below.`] },
      });
    }
    const invitation = await tx.invitation.create({
      data: { orgId: ctx.org.id, email, role, tokenHash: sha256Hex(token), invitedById: ctx.user.id, expiresAt: ttl() },
      select: { id: true, expiresAt: true },
    });
    await enqueueEmail(tx, {
      to: email,
      template: "invitation",
      props: { orgName: ctx.org.name, inviterEmail: ctx.user.email, role: ROLE_LABELS[role], url: invitationUrl(token), expiresInDays: INVITATION_TTL_DAYS },
    });
    await recordAudit(tx, ctx, { action: "members.invite", targetType: "invitation", targetId: invitation.id, after: { email, role } });
  });
}

/** Sends a pending invitation again with a new token (the old link stops working) and a new expiry. */
export async function resendInvitation({ ctx, input }: { ctx: OrgContext; input: unknown }) {
  const { invitationId } = invitationIdSchema.parse(input);
  const token = randomToken(32);
  await withTenant({ orgId: ctx.org.id, userId: ctx.user.id }, async (tx) => {
    const invitation = await tx.invitation.findFirst({ where: { id: invitationId, orgId: ctx.org.id, acceptedAt: null, revokedAt: null } });
    if (!invitation) throw new AppError("not_found", "No such pending invitation.");
    if (ROLE_RANK[invitation.role] > ROLE_RANK[ctx.role]) throw new AppError("forbidden", "That invitation is for a role above your own.");
    await tx.invitation.updateMany({ where: { id: invitation.id, orgId: ctx.org.id }, data: { tokenHash: sha256Hex(token), expiresAt: ttl(), lastSentAt: new Date() } });
    await enqueueEmail(tx, {
      to: invitation.email,
      template: "invitation",
      props: { orgName: ctx.org.name, inviterEmail: ctx.user.email, role: ROLE_LABELS[invitation.role], url: invitationUrl(token), expiresInDays: INVITATION_TTL_DAYS },
    });
    await recordAudit(tx, ctx, { action: "members.invite.resend", targetType: "invitation", targetId: invitation.id, after: { email: invitation.email } });
  });
}

export async function revokeInvitation({ ctx, input }: { ctx: OrgContext; input: unknown }) {
  const { invitationId } = invitationIdSchema.parse(input);
  await withTenant({ orgId: ctx.org.id, userId: ctx.user.id }, async (tx) => {
    const invitation = await tx.invitation.findFirst({ where: { id: invitationId, orgId: ctx.org.id, acceptedAt: null, revokedAt: null } });
    if (!invitation) throw new AppError("not_found", "No such pending invitation.");
    await tx.invitation.updateMany({ where: { id: invitation.id, orgId: ctx.org.id }, data: { revokedAt: new Date() } });
    await recordAudit(tx, ctx, { action: "members.invite.revoke", targetType: "invitation", targetId: invitation.id, before: { email: invitation.email, role: invitation.role } });
  });
}

export type InvitationView = {
  state: "valid" | "expired" | "accepted" | "revoked";
  email: string;
  role: string;
  orgName: string;
  orgSlug: string;
  inviterEmail: string | null;
};

async function orgIdForToken(token: string) {
  const [row] = await db.$queryRaw<{ id: string | null }[]>`SELECT candor_invitation_org_id(${sha256Hex(token)}) AS id`;
  return row?.id ?? null;
}

/** What an invitation link shows, without using it. */
export async function viewInvitation(token: string): Promise<InvitationView | null> {
  const orgId = await orgIdForToken(token);
  if (!orgId) return null;
  return withTenant({ orgId }, async (tx) => {
    const invitation = await tx.invitation.findUnique({
      where: { tokenHash: sha256Hex(token) },
      select: { email: true, role: true, expiresAt: true, acceptedAt: true, revokedAt: true, org: { select: { name: true, slug: true } }, invitedBy: { select: { email: true } } },
    });
    if (!invitation) return null;
    const state = invitation.revokedAt ? "revoked" : invitation.acceptedAt ? "accepted" : invitation.expiresAt <= new Date() ? "expired" : "valid";
    return { state, email: invitation.email, role: ROLE_LABELS[invitation.role], orgName: invitation.org.name, orgSlug: invitation.org.slug, inviterEmail: invitation.invitedBy?.email ?? null };
  }, { readOnly: true });
}

/**
 * Accepts an invitation (a POST: the button on /invite). Creates the person's account if needed
 * and the membership, once; the token then stops working. Signing in stays the magic-link flow.
 */
export async function acceptInvitation({ token, request }: { token: string; request: RequestInfo }) {
  const orgId = await orgIdForToken(token);
  if (!orgId) throw new AppError("gone", "This invitation link no longer works.");
  return withTenant({ orgId }, async (tx) => {
    const [locked] = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Invitation" WHERE "tokenHash" = ${sha256Hex(token)} FOR UPDATE`;
    const invitation = locked ? await tx.invitation.findUnique({ where: { id: locked.id }, include: { org: { select: { id: true, slug: true, name: true } } } }) : null;
    if (!invitation || invitation.revokedAt || invitation.acceptedAt || invitation.expiresAt <= new Date()) {
      throw new AppError("gone", "This invitation link no longer works: it was used, revoked, replaced by a newer one, or it expired. Ask for a new one.");
    }
    const user: CurrentUser = await tx.user.upsert({ where: { email: invitation.email }, create: { email: invitation.email }, update: {}, select: { id: true, email: true, name: true } });
    const existing = await tx.member.findFirst({ where: { orgId, userId: user.id }, select: { id: true } });
    if (!existing) await tx.member.create({ data: { orgId, userId: user.id, role: invitation.role } });
    await tx.invitation.updateMany({ where: { id: invitation.id, orgId }, data: { acceptedAt: new Date(), acceptedById: user.id } });
    await recordAudit(tx, { user, org: invitation.org, request }, {
      action: "members.join",
      targetType: "member",
      targetId: user.id,
      after: { email: user.email, role: existing ? "unchanged (already a member)" : invitation.role, invitation: invitation.id },
    });
    return { email: user.email, org: invitation.org };
  });
}
