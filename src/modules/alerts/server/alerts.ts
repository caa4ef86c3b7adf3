import "server-only";

import { enqueueEmail } from "@/modules/email/server/outbox";
import type { EmailMessage } from "@/modules/email/templates";
import { now } from "@/server/clock";
import type { Tx } from "@/server/db/client";
import { env } from "@/server/env";
import { ALERT_ROLES, alertInputSchema, defaultChannel, type AlertChannel, type AlertKind } from "../schema";

/**
 * Alerts to members (issue 13, ADR 033). `alertMembers()` runs in the caller's transaction, so an
 * alert exists exactly when the change that causes it commits: for each member whose role may
 * receive the kind, their channel (their stored choice, else the kind's default for their role)
 * decides: EMAIL → one outbox mail now; DIGEST → an AlertEvent kept for their next digest
 * (digest.ts); OFF → nothing. Members are read inside the caller's tenant scope, so another
 * organisation's members cannot be reached.
 */

/** A mail of its own for a kind that has one (e.g. access-review); without it, the generic `alert` mail. */
export type AlertMail = EmailMessage extends infer M ? (M extends EmailMessage ? Omit<M, "to"> : never) : never;

export type AlertInput = { orgId: string; kind: AlertKind; subject: string; lines: string[]; link: string; ref?: string };

export const appUrl = (path: string) => new URL(path, env().APP_URL).toString();
export const alertSettingsUrl = (slug: string) => appUrl(`/dashboard/${slug}/account-alerts`);

/** Each member of the organisation who may receive `kind`, with their channel for it. */
export async function recipientsOf(tx: Tx, orgId: string, kind: AlertKind) {
  const members = await tx.member.findMany({
    where: { orgId, role: { in: [...ALERT_ROLES[kind]] } },
    orderBy: { id: "asc" },
    select: { id: true, role: true, user: { select: { email: true } }, alertPreferences: { where: { orgId, kind }, select: { channel: true } } },
  });
  return members.map((m) => ({ memberId: m.id, email: m.user.email, channel: (m.alertPreferences[0]?.channel ?? defaultChannel(kind, m.role)) as AlertChannel }));
}

export async function alertMembers(tx: Tx, input: AlertInput, mail?: AlertMail): Promise<{ emailed: number; kept: number }> {
  const alert = alertInputSchema.parse(input);
  const org = await tx.organization.findFirstOrThrow({ where: { id: alert.orgId }, select: { name: true, slug: true } });
  let emailed = 0;
  let kept = 0;
  for (const member of await recipientsOf(tx, alert.orgId, alert.kind)) {
    if (member.channel === "EMAIL") {
      const message = mail ?? {
        template: "alert" as const,
        props: { orgName: org.name, kind: alert.kind, subject: alert.subject, lines: alert.lines, url: appUrl(alert.link), settingsUrl: alertSettingsUrl(org.slug) },
      };
      await enqueueEmail(tx, { ...message, to: member.email } as EmailMessage);
      emailed += 1;
    } else if (member.channel === "DIGEST") {
      await tx.alertEvent.create({
        data: { orgId: alert.orgId, memberId: member.memberId, kind: alert.kind, subject: alert.subject, lines: alert.lines, link: alert.link, ref: alert.ref ?? null, createdAt: new Date(now()) },
      });
      kept += 1;
    }
  }
  return { emailed, kept };
}

/** What an alert reported no longer holds (an access request was decided): it leaves the digests not yet sent. */
export async function withdrawAlerts(tx: Tx, { orgId, kind, ref }: { orgId: string; kind: AlertKind; ref: string }) {
  const { count } = await tx.alertEvent.deleteMany({ where: { orgId, kind, ref, digestedAt: null } });
  return count;
}

/**
 * A check that must alert once (an expiry threshold, a week's summary): true for the first caller
 * with this key, false ever after; the unique index decides between callers at the same moment.
 */
export async function firstTime(tx: Tx, orgId: string, key: string) {
  const { count } = await tx.alertCheck.createMany({ data: [{ orgId, key }], skipDuplicates: true });
  return count === 1;
}
