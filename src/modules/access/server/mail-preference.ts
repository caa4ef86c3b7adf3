import "server-only";

import { ownChannel, writeOwnChannel } from "@/modules/alerts/server/preferences";
import type { AlertChannel } from "@/modules/alerts/schema";
import { recordAudit } from "@/modules/audit/server/audit";
import { can } from "@/modules/permissions/permissions";
import type { Tx } from "@/server/db/client";
import { inTenant } from "@/server/db/write";
import type { OrgContext } from "@/server/gate";
import { mailPreferenceSchema, type MailPreference } from "../schema";

/**
 * A member's own choice of mail about verified requests that wait for review (ADR 029, addendum
 * D): each request (the default), a daily digest, or none. Since issue 13 the choice is the
 * member's ACCESS_REQUEST alert setting (ADR 033: EACH is EMAIL, DAILY is DIGEST, NONE is OFF),
 * also shown on their alerts page; this form on Access → Settings writes the same row. Only roles
 * with `access.notify` (owners, admins) are mailed, so only they choose; the gate says so. There
 * is no member id in the input: the row changed is always the acting person's own membership.
 */
const TO_CHANNEL: Record<MailPreference, AlertChannel> = { EACH: "EMAIL", DAILY: "DIGEST", NONE: "OFF" };
const FROM_CHANNEL: Record<AlertChannel, MailPreference> = { EMAIL: "EACH", DIGEST: "DAILY", OFF: "NONE" };

/** What the settings screen shows the acting member. */
export async function ownMailPreference(tx: Tx, ctx: Pick<OrgContext, "org" | "user" | "role">): Promise<{ receives: boolean; preference: MailPreference }> {
  return { receives: can(ctx.role, "access.notify"), preference: FROM_CHANNEL[await ownChannel(tx, ctx, "ACCESS_REQUEST")] };
}

export async function setMailPreference({ ctx, input }: { ctx: OrgContext; input: unknown }) {
  const { accessRequestMail } = mailPreferenceSchema.parse(input);
  return inTenant(ctx, async (tx) => {
    const { memberId, before } = await writeOwnChannel(tx, ctx, "ACCESS_REQUEST", TO_CHANNEL[accessRequestMail]);
    if (FROM_CHANNEL[before] === accessRequestMail) return { accessRequestMail, changed: false };
    await recordAudit(tx, ctx, {
      action: "access.mail.update",
      targetType: "member",
      targetId: memberId,
      before: { accessRequestMail: FROM_CHANNEL[before] },
      after: { accessRequestMail },
    });
    return { accessRequestMail, changed: true };
  });
}
