import "server-only";

import { recordAudit } from "@/modules/audit/server/audit";
import { can } from "@/modules/permissions/permissions";
import { now } from "@/server/clock";
import type { Tx } from "@/server/db/client";
import { inTenant } from "@/server/db/write";
import { AppError } from "@/server/errors";
import type { OrgContext } from "@/server/gate";
import { mailPreferenceSchema, type MailPreference } from "../schema";

/**
 * A member's own choice of mail about verified requests that wait for review (ADR 029, addendum
 * D): each request (the default), a daily digest, or none. Only roles with `access.notify`
 * (owners, admins) are mailed, so only they choose; the gate says so. There is no member id in
 * the input: the row changed is always the acting person's own membership.
 */

/** What the settings screen shows the acting member. */
export async function ownMailPreference(tx: Tx, ctx: Pick<OrgContext, "org" | "user" | "role">): Promise<{ receives: boolean; preference: MailPreference }> {
  const member = await tx.member.findFirst({ where: { orgId: ctx.org.id, userId: ctx.user.id }, select: { accessRequestMail: true } });
  return { receives: can(ctx.role, "access.notify"), preference: member?.accessRequestMail ?? "EACH" };
}

export async function setMailPreference({ ctx, input }: { ctx: OrgContext; input: unknown }) {
  const { accessRequestMail } = mailPreferenceSchema.parse(input);
  return inTenant(ctx, async (tx) => {
    const member = await tx.member.findFirst({ where: { orgId: ctx.org.id, userId: ctx.user.id }, select: { id: true, accessRequestMail: true } });
    if (!member) throw new AppError("not_found", "No such organisation.");
    if (member.accessRequestMail === accessRequestMail) return { accessRequestMail, changed: false };
    // A digest starts with what arrives from now on: what came before was mailed one by one, or
    // was not wanted. (Leaving the digest keeps the mark; it is reset on the next start.)
    const data = accessRequestMail === "DAILY" ? { accessRequestMail, lastAccessDigestAt: new Date(now()) } : { accessRequestMail };
    await tx.member.updateMany({ where: { id: member.id, orgId: ctx.org.id, userId: ctx.user.id }, data });
    await recordAudit(tx, ctx, {
      action: "access.mail.update",
      targetType: "member",
      targetId: member.id,
      before: { accessRequestMail: member.accessRequestMail },
      after: { accessRequestMail },
    });
    return { accessRequestMail, changed: true };
  });
}
