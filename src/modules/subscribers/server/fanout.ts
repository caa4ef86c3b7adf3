import "server-only";

import { localeOr, type Locale } from "@/lib/locales";
import { enqueueEmails } from "@/modules/email/server/outbox";
import { NOTICE_MAX_LINES, type EmailMessage } from "@/modules/email/templates";
import { viewOf } from "@/modules/publishing/server/publish";
import type { Tx } from "@/server/db/client";
import { withTenant } from "@/server/db/tenant";
import { noticeLinks } from "./fanout-links";
import { changesByLanguage, describeIn, linesFor, type DescribeIn, type NoticeTopic, type TopicChanges } from "./fanout-topics";

/**
 * The fan-out of one publication (queue `subscribers.fanout`, { orgId, publicationId }): each
 * CONFIRMED subscriber of the organisation whose topics meet the topics the publication changed,
 * and whose address is not suppressed, gets one PublicationNotice; those told at once (their
 * topics' delivery mode is IMMEDIATE, or an INCIDENT update changed and they follow SECURITY) also
 * get their mail, queued in the same transaction. The others wait, PENDING, for their digest.
 *
 * Subscribers are taken in id order, FANOUT_CHUNK to a transaction. Idempotent per (publication,
 * subscriber): the notice is inserted ON CONFLICT DO NOTHING and only the rows inserted now are
 * mailed, so a worker killed mid-way and run again (pg-boss retries the job) skips everyone already
 * done and sends nobody a second copy. The job crosses no tenant: every query runs in one
 * withTenant scope for the job's orgId.
 *
 * A mail's change lines are in its subscriber's language, rendered once per language present
 * among the subscribers mailed (the plan keeps each language's lines for the whole job). Which
 * topics changed does not depend on the language: it is read from the lines of one language the
 * confirmed subscribers speak (English when one does), so no language nobody reads is rendered,
 * and an organisation with no confirmed subscriber renders nothing.
 */
export const FANOUT_CHUNK = 500;

export type DeliveryMode = "IMMEDIATE" | "DAILY" | "WEEKLY";
const MODE_ORDER: DeliveryMode[] = ["IMMEDIATE", "DAILY", "WEEKLY"];

type Plan = {
  orgId: string;
  publicationId: string;
  seq: number;
  org: { name: string; slug: string };
  /** Which topics changed (and the lines of the language they were read from). */
  changes: TopicChanges;
  /** The same changes in a subscriber's language, each language rendered once. */
  changesIn: (locale: Locale) => TopicChanges;
  modes: Record<NoticeTopic, DeliveryMode>;
};

export type FanoutOptions = { chunkSize?: number; afterChunk?: (chunk: number) => void | Promise<void>; describe?: DescribeIn };

export type FanoutResult = { notices: number; mailed: number; chunks: number };

export async function fanoutPublication(
  job: { orgId: string; publicationId: string },
  options: FanoutOptions = {},
): Promise<FanoutResult> {
  const result: FanoutResult = { notices: 0, mailed: 0, chunks: 0 };
  const plan = await withTenant({ orgId: job.orgId }, (tx) => planFanout(tx, job, options.describe ?? describeIn), { readOnly: true, timeoutMs: 30_000 });
  if (!plan || plan.changes.topics.length === 0) return result;
  let after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const step = await withTenant({ orgId: job.orgId }, (tx) => fanoutChunk(tx, plan, after, options.chunkSize ?? FANOUT_CHUNK), { timeoutMs: 120_000 });
    if (step.last === null) return result;
    result.notices += step.notices;
    result.mailed += step.mailed;
    result.chunks += 1;
    after = step.last;
    await options.afterChunk?.(result.chunks);
  }
}

async function planFanout(tx: Tx, job: { orgId: string; publicationId: string }, describe: DescribeIn): Promise<Plan | null> {
  const publication = await tx.publication.findFirst({ where: { id: job.publicationId, orgId: job.orgId }, select: { seq: true, kind: true, canonical: true } });
  if (!publication || publication.kind !== "PUBLISH") return null;
  const previous = await tx.publication.findFirst({ where: { orgId: job.orgId, seq: publication.seq - 1 }, select: { kind: true, canonical: true } });
  const before = previous?.kind === "PUBLISH" ? viewOf(previous.canonical) : null;
  const org = await tx.organization.findFirstOrThrow({ where: { id: job.orgId }, select: { name: true, slug: true } });
  const settings = await tx.notificationSettings.findFirst({ where: { orgId: job.orgId } });
  const spoken = await tx.$queryRaw<{ language: string }[]>`
    SELECT DISTINCT s.language FROM "Subscriber" s WHERE s."orgId" = ${job.orgId}::uuid AND s.status = 'CONFIRMED' ORDER BY 1`;
  if (spoken.length === 0) return null;
  const changesIn = changesByLanguage(before, viewOf(publication.canonical), describe);
  return {
    ...job,
    seq: publication.seq,
    org,
    changes: changesIn(spoken.some((row) => row.language === "en") ? "en" : localeOr(spoken[0]!.language)),
    changesIn,
    modes: {
      SECURITY: settings?.securityMode ?? "IMMEDIATE",
      SUBPROCESSORS: settings?.subprocessorsMode ?? "IMMEDIATE",
      CERTIFICATIONS: settings?.certificationsMode ?? "IMMEDIATE",
      GENERAL: settings?.generalMode ?? "IMMEDIATE",
    },
  };
}

/** How a subscriber of `matched` topics is told: the most immediate of their modes; an incident at once. */
export function modeFor(plan: { changes: Pick<TopicChanges, "incident">; modes: Plan["modes"] }, matched: NoticeTopic[]): DeliveryMode {
  if (plan.changes.incident && matched.includes("SECURITY")) return "IMMEDIATE";
  return MODE_ORDER.find((mode) => matched.some((topic) => plan.modes[topic] === mode)) ?? "IMMEDIATE";
}

async function fanoutChunk(tx: Tx, plan: Plan, after: string, size: number) {
  const subscribers = await tx.$queryRaw<{ id: string; email: string; host: string; topics: string[]; language: string }[]>`
    SELECT s.id, s.email, s.host, s.topics::text[] AS topics, s.language FROM "Subscriber" s
    WHERE s."orgId" = ${plan.orgId}::uuid AND s.status = 'CONFIRMED' AND s.id > ${after}::uuid
      AND s.topics::text[] && ${plan.changes.topics}::text[]
      AND NOT EXISTS (SELECT 1 FROM "EmailSuppression" e WHERE e.email = lower(s.email))
    ORDER BY s.id LIMIT ${size}`;
  if (subscribers.length === 0) return { last: null, notices: 0, mailed: 0 };
  const rows = subscribers.map((s) => {
    const matched = plan.changes.topics.filter((topic) => s.topics.includes(topic));
    return { ...s, matched, mode: modeFor(plan, matched) };
  });
  const inserted = await tx.$queryRaw<{ id: string; subscriberId: string }[]>`
    INSERT INTO "PublicationNotice" ("id", "orgId", "publicationId", "subscriberId", "email", "topics", "mode", "status", "createdAt")
    SELECT gen_random_uuid(), ${plan.orgId}::uuid, ${plan.publicationId}::uuid, u.sid, u.email,
           string_to_array(u.topics, ',')::"SubscriberTopic"[], u.mode::"DeliveryMode", 'PENDING', now()
    FROM unnest(${rows.map((r) => r.id)}::uuid[], ${rows.map((r) => r.email)}::text[], ${rows.map((r) => r.matched.join(","))}::text[], ${rows.map((r) => r.mode)}::text[])
      AS u(sid, email, topics, mode)
    ON CONFLICT ("publicationId", "subscriberId") DO NOTHING
    RETURNING "id", "subscriberId"`;
  const bySubscriber = new Map(rows.map((r) => [r.id, r]));
  const immediate = inserted.flatMap((notice) => {
    const row = bySubscriber.get(notice.subscriberId)!;
    return row.mode === "IMMEDIATE" ? [{ notice: notice.id, row }] : [];
  });
  const outboxIds = await enqueueEmails(tx, immediate.map(({ row }) => noticeMail(plan, row)));
  if (outboxIds.length) {
    await tx.$executeRaw`
      UPDATE "PublicationNotice" AS n SET status = 'SENT', "outboxId" = u.oid, "sentAt" = now()
      FROM unnest(${immediate.map((n) => n.notice)}::uuid[], ${outboxIds}::uuid[]) AS u(nid, oid)
      WHERE n.id = u.nid AND n."orgId" = ${plan.orgId}::uuid`;
  }
  return { last: subscribers[subscribers.length - 1]!.id, notices: inserted.length, mailed: outboxIds.length };
}

function noticeMail(plan: Plan, subscriber: { id: string; email: string; host: string; matched: NoticeTopic[]; language: string }): EmailMessage {
  const locale = localeOr(subscriber.language);
  const lines = linesFor(plan.changesIn(locale), subscriber.matched);
  return {
    to: subscriber.email,
    template: "publication-notice",
    props: {
      orgName: plan.org.name,
      seq: plan.seq,
      lines: lines.slice(0, NOTICE_MAX_LINES),
      more: Math.max(0, lines.length - NOTICE_MAX_LINES),
      ...noticeLinks({ host: subscriber.host, slug: plan.org.slug, id: subscriber.id }),
      locale,
    },
  };
}
