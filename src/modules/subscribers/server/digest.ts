import "server-only";

import { localeOr, type Locale } from "@/lib/locales";
import { enqueueEmails } from "@/modules/email/server/outbox";
import { NOTICE_DIGEST_MAX_LISTED, NOTICE_MAX_LINES, type EmailMessage } from "@/modules/email/templates";
import { viewOf } from "@/modules/publishing/server/publish";
import { db, type Tx } from "@/server/db/client";
import { withTenant } from "@/server/db/tenant";
import { log } from "@/server/log";
import { noticeLinks } from "./fanout-links";
import { changesByLanguage, describeIn, linesFor, type DescribeIn, type TopicChanges } from "./fanout-topics";

/**
 * Subscribers' digests (queues `subscribers.digest-daily`, 08:00 UTC, and `subscribers.digest-weekly`,
 * Mondays 08:00 UTC): each subscriber with PENDING notices of that mode gets one mail listing them,
 * and those notices become SENT with the mail's outbox id, in the same transaction. The notices are
 * locked while they are read, so two runs at once, or a run repeated after a crash, send each
 * notice once: the second finds them SENT. Notices of subscribers who unsubscribed or whose address
 * is suppressed since are left PENDING and never sent.
 *
 * Each notice's lines are in its subscriber's language, rendered once per (publication, language)
 * for the whole run, however many subscribers read them.
 */
export type DigestPeriod = "daily" | "weekly";
const MODE = { daily: "DAILY", weekly: "WEEKLY" } as const;
export const DIGEST_CHUNK = 200;

type ChangesIn = (locale: Locale) => TopicChanges;
type Run = { orgId: string; period: DigestPeriod; after: string; changes: Map<string, ChangesIn>; describe: DescribeIn };
type Pending = { id: string; subscriberId: string; email: string; host: string; language: string; topics: string[]; publicationId: string; seq: number; publishedAt: Date };

export async function sendSubscriberDigestsEverywhere(period: DigestPeriod) {
  const orgs = await db.$queryRaw<{ id: string }[]>`SELECT candor_org_ids() AS id`;
  let sent = 0;
  for (const { id } of orgs) {
    try {
      sent += await sendSubscriberDigests(id, period);
    } catch (error) {
      log.error({ err: error, orgId: id }, "subscriber digests failed for one organisation");
    }
  }
  return { organizations: orgs.length, sent };
}

/** One organisation's digests of one period; the number of mails queued. */
export async function sendSubscriberDigests(orgId: string, period: DigestPeriod, options: { describe?: DescribeIn } = {}): Promise<number> {
  const changes = new Map<string, ChangesIn>();
  const describe = options.describe ?? describeIn;
  let after = "00000000-0000-0000-0000-000000000000";
  let sent = 0;
  for (;;) {
    const step = await withTenant({ orgId }, (tx) => digestChunk(tx, { orgId, period, after, changes, describe }), { timeoutMs: 120_000 });
    if (step.last === null) return sent;
    sent += step.sent;
    after = step.last;
  }
}

async function digestChunk(tx: Tx, run: Run) {
  const subscribers = await tx.$queryRaw<{ id: string }[]>`
    SELECT DISTINCT n."subscriberId" AS id FROM "PublicationNotice" n
    WHERE n."orgId" = ${run.orgId}::uuid AND n.status = 'PENDING' AND n.mode::text = ${MODE[run.period]} AND n."subscriberId" > ${run.after}::uuid
    ORDER BY 1 LIMIT ${DIGEST_CHUNK}`;
  if (subscribers.length === 0) return { last: null, sent: 0 };
  const pending = await tx.$queryRaw<Pending[]>`
    SELECT n.id, n."subscriberId", s.email, s.host, s.language, n.topics::text[] AS topics, n."publicationId", p.seq, p."publishedAt"
    FROM "PublicationNotice" n
    JOIN "Subscriber" s ON s.id = n."subscriberId" AND s."orgId" = n."orgId"
    JOIN "Publication" p ON p.id = n."publicationId" AND p."orgId" = n."orgId"
    WHERE n."orgId" = ${run.orgId}::uuid AND n.status = 'PENDING' AND n.mode::text = ${MODE[run.period]}
      AND n."subscriberId" = ANY(${subscribers.map((s) => s.id)}::uuid[])
      AND s.status = 'CONFIRMED' AND NOT EXISTS (SELECT 1 FROM "EmailSuppression" e WHERE e.email = lower(s.email))
    ORDER BY n."subscriberId", p.seq
    FOR UPDATE OF n`;
  const org = await tx.organization.findFirstOrThrow({ where: { id: run.orgId }, select: { name: true, slug: true } });
  const groups = new Map<string, Pending[]>();
  for (const notice of pending) groups.set(notice.subscriberId, [...(groups.get(notice.subscriberId) ?? []), notice]);
  const mails: { notices: string[]; message: EmailMessage }[] = [];
  for (const [subscriberId, notices] of groups) {
    const listed = [];
    const locale = localeOr(notices[0]!.language);
    for (const notice of notices) {
      const lines = linesFor((await changesOf(tx, run, notice))(locale), notice.topics);
      if (lines.length) listed.push({ seq: notice.seq, publishedOn: notice.publishedAt.toISOString().slice(0, 10), lines: lines.slice(0, NOTICE_MAX_LINES) });
    }
    if (listed.length === 0) continue;
    mails.push({
      notices: notices.map((n) => n.id),
      message: {
        to: notices[0]!.email,
        template: "publication-digest",
        props: {
          orgName: org.name,
          period: run.period,
          notices: listed.slice(-NOTICE_DIGEST_MAX_LISTED),
          more: Math.max(0, listed.length - NOTICE_DIGEST_MAX_LISTED),
          ...noticeLinks({ host: notices[0]!.host, slug: org.slug, id: subscriberId }),
          locale,
        },
      },
    });
  }
  const outboxIds = await enqueueEmails(tx, mails.map((mail) => mail.message));
  const noticeIds = mails.flatMap((mail) => mail.notices);
  const noticeOutbox = mails.flatMap((mail, index) => mail.notices.map(() => outboxIds[index]!));
  if (noticeIds.length) {
    await tx.$executeRaw`
      UPDATE "PublicationNotice" AS n SET status = 'SENT', "outboxId" = u.oid, "sentAt" = now()
      FROM unnest(${noticeIds}::uuid[], ${noticeOutbox}::uuid[]) AS u(nid, oid)
      WHERE n.id = u.nid AND n."orgId" = ${run.orgId}::uuid AND n.status = 'PENDING'`;
  }
  return { last: subscribers[subscribers.length - 1]!.id, sent: outboxIds.length };
}

async function changesOf(tx: Tx, run: Run, notice: Pending): Promise<ChangesIn> {
  const known = run.changes.get(notice.publicationId);
  if (known) return known;
  const rows = await tx.publication.findMany({
    where: { orgId: run.orgId, seq: { in: [notice.seq - 1, notice.seq] } },
    orderBy: { seq: "asc" },
    select: { seq: true, kind: true, canonical: true },
  });
  const view = (seq: number) => {
    const row = rows.find((r) => r.seq === seq);
    return row?.kind === "PUBLISH" ? viewOf(row.canonical) : null;
  };
  const changes = changesByLanguage(view(notice.seq - 1), view(notice.seq), run.describe);
  run.changes.set(notice.publicationId, changes);
  return changes;
}
