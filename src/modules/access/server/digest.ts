import "server-only";

import { enqueueEmail } from "@/modules/email/server/outbox";
import { ACCESS_DIGEST_MAX_LISTED } from "@/modules/email/templates";
import { now } from "@/server/clock";
import { db } from "@/server/db/client";
import { withTenant } from "@/server/db/tenant";
import { log } from "@/server/log";
import { REVIEW_MAIL_ROLES, reviewQueueUrl } from "./mail";

/**
 * The daily digest (ADR 029, addendum D): each owner and admin who chose it gets one mail listing
 * the verified requests that began waiting for review (PENDING, by `verifiedAt`) in their window,
 * and are still waiting. Nothing new, no mail.
 *
 * The window is per member: from `lastAccessDigestAt` (exclusive) to the run's time less
 * DIGEST_GRACE_MS (inclusive), and the run moves the mark to that end. Windows meet without
 * overlapping, so a run that comes late covers everything since the last one, and a second run
 * the same day finds only what is newer: nothing is listed twice or skipped. The grace is for
 * requests whose transaction is still open when the digest reads (`verifiedAt` is taken before
 * the commit; a transaction lasts at most seconds): they wait for the next digest instead of
 * being passed over. The mark is moved by a conditional update before the mail is queued, in one
 * transaction, so two runs at once send one digest. A member with no mark yet (one who never
 * chose the digest through the form) is given the last 24 hours.
 */
export const DIGEST_GRACE_MS = 5 * 60_000;
const FIRST_WINDOW_MS = 24 * 60 * 60_000;

const stamp = (date: Date) => `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;

/** One organisation's digests, in its own scope; the number of mails queued. */
export async function sendAccessDigests(orgId: string, at = now()) {
  return withTenant({ orgId }, async (tx) => {
    const org = await tx.organization.findFirstOrThrow({ where: { id: orgId }, select: { name: true, slug: true } });
    const members = await tx.member.findMany({
      where: { orgId, role: { in: REVIEW_MAIL_ROLES }, accessRequestMail: "DAILY" },
      orderBy: { id: "asc" },
      select: { id: true, lastAccessDigestAt: true, user: { select: { email: true } } },
    });
    const until = new Date(at - DIGEST_GRACE_MS);
    let sent = 0;
    for (const member of members) {
      const since = member.lastAccessDigestAt ?? new Date(until.getTime() - FIRST_WINDOW_MS);
      if (since >= until) continue;
      const claimed = await tx.member.updateMany({
        where: { id: member.id, orgId, accessRequestMail: "DAILY", lastAccessDigestAt: member.lastAccessDigestAt },
        data: { lastAccessDigestAt: until },
      });
      if (claimed.count === 0) continue;
      const where = { orgId, status: "PENDING" as const, verifiedAt: { gt: since, lte: until } };
      const requests = await tx.accessRequest.findMany({
        where,
        orderBy: [{ verifiedAt: "asc" }, { id: "asc" }],
        take: ACCESS_DIGEST_MAX_LISTED,
        select: { email: true, fullName: true, company: true, verifiedAt: true },
      });
      if (requests.length === 0) continue;
      const total = requests.length < ACCESS_DIGEST_MAX_LISTED ? requests.length : await tx.accessRequest.count({ where });
      await enqueueEmail(tx, {
        to: member.user.email,
        template: "access-digest",
        props: {
          orgName: org.name,
          requests: requests.map((r) => ({ email: r.email, fullName: r.fullName, company: r.company, verified: stamp(r.verifiedAt!) })),
          more: total - requests.length,
          url: reviewQueueUrl(org.slug),
        },
      });
      sent += 1;
    }
    return sent;
  });
}

/** Every organisation, one scope each (candor_org_ids() reveals ids only); one's failure stops no other. */
export async function sendAccessDigestsEverywhere(at = now()) {
  const orgs = await db.$queryRaw<{ id: string }[]>`SELECT candor_org_ids() AS id`;
  let emails = 0;
  let failed = 0;
  for (const { id: orgId } of orgs) {
    try {
      emails += await sendAccessDigests(orgId, at);
    } catch (error) {
      failed += 1;
      log.error({ err: error, orgId }, "access digests failed for an organisation");
    }
  }
  return { organizations: orgs.length, emails, failed };
}
