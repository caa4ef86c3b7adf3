import "server-only";

import { enqueueEmail } from "@/modules/email/server/outbox";
import { ALERT_DIGEST_MAX_LISTED } from "@/modules/email/templates";
import { now } from "@/server/clock";
import { db, type Tx } from "@/server/db/client";
import { withTenant } from "@/server/db/tenant";
import { log } from "@/server/log";
import { mayReceive, type AlertKind } from "../schema";
import { alertSettingsUrl, appUrl } from "./alerts";

/**
 * The daily digest (08:00 UTC, ADR 033): one mail per member listing the alerts kept for them
 * (AlertEvent, channel DIGEST) that no digest has taken yet, of every kind; nothing when there
 * is nothing. A run takes a member's events by a conditional update (`digestedAt` still null)
 * before queueing the mail in the same transaction, so a rerun the same day finds nothing, and
 * two runs at once send one digest (the second waits on the rows, then updates none).
 *
 * An event younger than DIGEST_GRACE_MS waits for the next digest (as the access digest did, ADR
 * 029 D): the digest of 08:00 covers what happened up to 07:55. Taken events of a kind the member
 * no longer gets by digest (they switched it, or their role no longer receives it) are marked but
 * not listed: leaving the digest sends no final one.
 */
export const DIGEST_GRACE_MS = 5 * 60_000;

const stamp = (date: Date) => `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;

/** One organisation's digests, in its own scope; the number of mails queued. */
export async function sendDigests(orgId: string, at = now()) {
  return withTenant({ orgId }, async (tx) => {
    const org = await tx.organization.findFirstOrThrow({ where: { id: orgId }, select: { name: true, slug: true } });
    const until = new Date(at - DIGEST_GRACE_MS);
    const waiting = await tx.alertEvent.groupBy({ by: ["memberId"], where: { orgId, digestedAt: null, createdAt: { lte: until } }, orderBy: { memberId: "asc" } });
    let sent = 0;
    for (const { memberId } of waiting) {
      const taken = await tx.alertEvent.updateManyAndReturn({
        where: { orgId, memberId, digestedAt: null, createdAt: { lte: until } },
        data: { digestedAt: new Date(at) },
        select: { kind: true, subject: true, lines: true, link: true, createdAt: true, id: true },
      });
      const member = await tx.member.findFirst({ where: { id: memberId, orgId }, select: { role: true, user: { select: { email: true } } } });
      if (!member || taken.length === 0) continue;
      const digestKinds = await digestKindsOf(tx, orgId, memberId, member.role);
      const listed = taken
        .filter((e) => digestKinds.has(e.kind as AlertKind))
        .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
      if (listed.length === 0) continue;
      await enqueueEmail(tx, {
        to: member.user.email,
        template: "alert-digest",
        props: {
          orgName: org.name,
          alerts: listed.slice(0, ALERT_DIGEST_MAX_LISTED).map((e) => ({ kind: e.kind, subject: e.subject, lines: e.lines, at: stamp(e.createdAt), url: appUrl(e.link) })),
          more: Math.max(0, listed.length - ALERT_DIGEST_MAX_LISTED),
          url: appUrl(`/dashboard/${org.slug}`),
          settingsUrl: alertSettingsUrl(org.slug),
        },
      });
      sent += 1;
    }
    return sent;
  });
}

/** The kinds this member gets by digest now (their role may receive it and their channel is DIGEST). */
async function digestKindsOf(tx: Tx, orgId: string, memberId: string, role: string) {
  const kinds = new Set<AlertKind>();
  const stored = await tx.alertPreference.findMany({ where: { orgId, memberId, channel: "DIGEST" }, select: { kind: true } });
  for (const { kind } of stored) if (mayReceive(role, kind as AlertKind)) kinds.add(kind as AlertKind);
  return kinds;
}

/** Every organisation, one scope each (candor_org_ids() reveals ids only); one's failure stops no other. */
export async function sendDigestsEverywhere(at = now()) {
  const orgs = await db.$queryRaw<{ id: string }[]>`SELECT candor_org_ids() AS id`;
  let emails = 0;
  let failed = 0;
  for (const { id: orgId } of orgs) {
    try {
      emails += await sendDigests(orgId, at);
    } catch (error) {
      failed += 1;
      log.error({ err: error, orgId }, "alert digests failed for an organisation");
    }
  }
  return { organizations: orgs.length, emails, failed };
}
