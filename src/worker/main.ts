import pg from "pg";
import PgBoss from "pg-boss";
import { EMAIL_BATCH_QUEUE, EMAIL_QUEUE } from "@/modules/email/templates";
import { sendReviewReminders } from "@/modules/controls/server/reminders";
import { recheckDomains } from "@/modules/domains/server/domains";
import { runDailyChecksEverywhere } from "@/modules/alerts/server/checks";
import { sendDigestsEverywhere } from "@/modules/alerts/server/digest";
import { expireAccessEverywhere } from "@/modules/access/server/expire";
import { DOMAIN_CHANNEL } from "@/modules/domains/server/host-lookup";
import { deliverOutboxBatch, deliverOutboxMessage } from "@/modules/email/server/deliver";
import { PUBLICATION_CHANNEL, PUBLICATION_FANOUT_QUEUE } from "@/modules/publishing/server/channel";
import { sendSubscriberDigestsEverywhere } from "@/modules/subscribers/server/digest";
import { fanoutPublication } from "@/modules/subscribers/server/fanout";
import { maintainArtifacts } from "@/modules/publishing/server/artifacts";
import { deliverWebhook } from "@/modules/webhooks/server/deliver";
import { purgeIdempotencyRecords } from "@/server/api/idempotency";
import { DELIVER_QUEUE as WEBHOOK_QUEUE } from "@/modules/webhooks/server/emit";
import { mailboxTransport, resendTransport, type MailTransport } from "@/modules/email/server/transports";
import { db, disconnectDb } from "@/server/db/client";
import { now } from "@/server/clock";
import { appDatabaseUrl } from "@/server/db/urls";
import { env } from "@/server/env";
import { log } from "@/server/log";

export const REVIEW_REMINDERS_QUEUE = "controls.review-reminders";
export const DOMAIN_RECHECK_QUEUE = "domains.recheck";
export const ARTIFACTS_QUEUE = "artifacts.maintain";
export const ACCESS_EXPIRE_QUEUE = "access.expire";
export const SUBSCRIBER_DAILY_DIGEST_QUEUE = "subscribers.digest-daily";
export const SUBSCRIBER_WEEKLY_DIGEST_QUEUE = "subscribers.digest-weekly";
export const ALERTS_DIGEST_QUEUE = "alerts.digest";
export const ALERTS_DAILY_QUEUE = "alerts.daily";
export const API_UPKEEP_QUEUE = "api.upkeep";
/** Emails delivered at once by each worker process. */
export const EMAIL_DELIVERY_CONCURRENCY = 4;
/** Batches of notice mail delivered at once by each worker process (each up to 100 messages). */
export const EMAIL_BATCH_CONCURRENCY = 2;

/**
 * Webhook deliveries (ADR 032): a failed attempt throws, so pg-boss retries it with the queue's
 * backoff (12 attempts within 3 days); a disabled endpoint's jobs end quietly.
 */
async function startWebhookWorker(boss: PgBoss, pollingIntervalSeconds: number) {
  await boss.work<{ deliveryKey: string }>(WEBHOOK_QUEUE, { batchSize: 1, pollingIntervalSeconds }, async ([job]) => {
    if (!job) return;
    const result = await deliverWebhook({ deliveryKey: job.data.deliveryKey });
    log.info({ deliveryKey: job.data.deliveryKey, ...result }, "webhook delivery");
    if ((result.outcome === "failed" || result.outcome === "refused") && !result.disabled) throw new Error(`webhook delivery ${result.outcome}`);
  });
}

/**
 * Hourly at :17: the REST API's Idempotency-Key records older than 24 hours are deleted
 * (ADR 035; the queue is created by migration 20261205030000_api_upkeep).
 */
async function startApiUpkeep(boss: PgBoss) {
  await boss.schedule(API_UPKEEP_QUEUE, "17 * * * *", {}, { tz: "UTC" });
  await boss.work(API_UPKEEP_QUEUE, async () => {
    const result = await purgeIdempotencyRecords(new Date(now()));
    if (result.deleted) log.info(result, "API idempotency records purged");
  });
}

/**
 * The background worker (`npm run worker`; also started by `npm run dev` and `npm start`).
 * Stateless: run as many as you like; pg-boss hands each job to one of them.
 */
export async function startWorker(options: { transport?: MailTransport; pollingIntervalSeconds?: number } = {}) {
  const config = env();
  const transport =
    options.transport ?? (config.EMAIL_TRANSPORT === "resend" ? resendTransport(config.RESEND_API_KEY!) : mailboxTransport(db));
  const boss = new PgBoss({ connectionString: appDatabaseUrl(config), schema: "pgboss", migrate: false, max: 4 });
  boss.on("error", (error) => log.error({ err: error }, "job queue error"));
  await boss.start();

  // Several deliveries at once, and no pause while there is mail: pg-boss waits a whole polling
  // interval after every fetch unless told there is more, which made delivery one message per
  // second, so a burst of 50 sign-in requests held everyone's mail back by 50 s. A worker that
  // finds a message wakes all of them to fetch the next.
  const emailWorkers: string[] = [];
  for (let i = 0; i < EMAIL_DELIVERY_CONCURRENCY; i++) {
    emailWorkers.push(
      await boss.work<{ outboxId: string }>(
        EMAIL_QUEUE,
        { includeMetadata: true, batchSize: 1, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 1 },
        async ([job]) => {
          if (!job) return;
          for (const id of emailWorkers) boss.notifyWorker(id);
          const outcome = await deliverOutboxMessage({
            db,
            outboxId: job.data.outboxId,
            transport,
            finalAttempt: job.retryCount >= job.retryLimit,
          });
          log.info({ outboxId: job.data.outboxId, outcome, attempt: job.retryCount + 1 }, "email delivery");
        },
      ),
    );
  }
  await startNoticeWorkers(boss, transport, options.pollingIntervalSeconds ?? 1);
  await startWebhookWorker(boss, options.pollingIntervalSeconds ?? 2);
  await startApiUpkeep(boss);
  // Daily at 07:00 UTC: review reminders for control owners.
  await boss.schedule(REVIEW_REMINDERS_QUEUE, "0 7 * * *", {}, { tz: "UTC" });
  await boss.work(REVIEW_REMINDERS_QUEUE, async () => {
    const result = await sendReviewReminders();
    log.info(result, "review reminders sent");
  });
  // Daily at 05:00 UTC: re-check every custom domain's DNS, least recently checked first.
  await boss.schedule(DOMAIN_RECHECK_QUEUE, "0 5 * * *", {}, { tz: "UTC" });
  await boss.work(DOMAIN_RECHECK_QUEUE, async () => {
    const result = await recheckDomains();
    log.info(result, "custom domains re-checked");
  });
  // Every 15 minutes: unverified access requests past their token's lifetime become EXPIRED, and
  // sessions of expired grants end (ADR 029). Tidying only: every check is made at use.
  await boss.schedule(ACCESS_EXPIRE_QUEUE, "*/15 * * * *", {}, { tz: "UTC" });
  await boss.work(ACCESS_EXPIRE_QUEUE, async () => {
    const result = await expireAccessEverywhere();
    if (result.requestsExpired || result.sessionsEnded) log.info(result, "access expired");
  });
  // Daily at 06:00 UTC: expiry thresholds and the week's review summary, each alerting once
  // (AlertCheck marks), before the digest so a digest member hears of them the same morning (ADR 033).
  await boss.schedule(ALERTS_DAILY_QUEUE, "0 6 * * *", {}, { tz: "UTC" });
  await boss.work(ALERTS_DAILY_QUEUE, async () => {
    const result = await runDailyChecksEverywhere();
    log.info(result, "alert checks run");
  });
  // Daily at 08:00 UTC: each member's digest of the alerts they chose to get that way (ADR 033;
  // it took over the access digest of ADR 029 D). Events are taken by a conditional update, so a
  // late or repeated run neither repeats nor skips one.
  await boss.schedule(ALERTS_DIGEST_QUEUE, "0 8 * * *", {}, { tz: "UTC" });
  await boss.work(ALERTS_DIGEST_QUEUE, async () => {
    const result = await sendDigestsEverywhere();
    log.info(result, "alert digests sent");
  });
  const artifacts = await startArtifactWork(boss, appDatabaseUrl(config));
  log.info({ transport: transport.name }, "worker started");
  return {
    boss,
    async stop() {
      await artifacts.stop();
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
  };
}

/**
 * Stored artifacts (ADR 025, 037): every minute, ahead of date boundaries, for new custom domains,
 * and any repair; also once now, so a deploy never waits a minute for what is missing. A custom
 * domain verified (or changed) anywhere: its host variant now, not at the next minute. A
 * publication made anywhere: its pages in every language now (publish() stores the default
 * language only); the worker's own stores announce themselves too, and the next run finds nothing
 * to do. Debounced: a burst of changes (an import, many verifications at once) is one run.
 */
async function startArtifactWork(boss: PgBoss, url: string) {
  await boss.schedule(ARTIFACTS_QUEUE, "* * * * *", {}, { tz: "UTC" });
  await boss.work(ARTIFACTS_QUEUE, async () => {
    const result = await maintainArtifacts({ at: now() });
    if (result.rendered || result.pruned) log.info(result, "stored artifacts maintained");
  });
  await boss.send(ARTIFACTS_QUEUE, {});
  let queued = false;
  const soon = () => {
    if (queued) return;
    queued = true;
    setTimeout(() => {
      queued = false;
      void boss.send(ARTIFACTS_QUEUE, {});
    }, 500).unref();
  };
  const domains = await listen(url, DOMAIN_CHANNEL, soon);
  const publications = await listen(url, PUBLICATION_CHANNEL, soon);
  return {
    async stop() {
      await domains.stop();
      await publications.stop();
    },
  };
}

/**
 * Issue 13: a publication's fan-out to its subscribers (idempotent; a retry resumes), batches of
 * notice mail (one provider call per 100), and the subscribers' daily and weekly digests.
 */
async function startNoticeWorkers(boss: PgBoss, transport: MailTransport, pollingIntervalSeconds: number) {
  await boss.work<{ orgId: string; publicationId: string }>(PUBLICATION_FANOUT_QUEUE, { pollingIntervalSeconds }, async ([job]) => {
    if (!job) return;
    const result = await fanoutPublication(job.data);
    log.info({ ...job.data, ...result }, "publication fanned out to subscribers");
  });
  const batchWorkers: string[] = [];
  for (let i = 0; i < EMAIL_BATCH_CONCURRENCY; i++) {
    batchWorkers.push(
      await boss.work<{ outboxIds: string[] }>(EMAIL_BATCH_QUEUE, { includeMetadata: true, batchSize: 1, pollingIntervalSeconds }, async ([job]) => {
        if (!job) return;
        for (const id of batchWorkers) boss.notifyWorker(id);
        const result = await deliverOutboxBatch({ db, outboxIds: job.data.outboxIds, transport, finalAttempt: job.retryCount >= job.retryLimit });
        log.info({ count: job.data.outboxIds.length, sent: result.sent, attempt: job.retryCount + 1 }, "email batch delivery");
      }),
    );
  }
  await boss.schedule(SUBSCRIBER_DAILY_DIGEST_QUEUE, "0 8 * * *", {}, { tz: "UTC" });
  await boss.work(SUBSCRIBER_DAILY_DIGEST_QUEUE, async () => log.info(await sendSubscriberDigestsEverywhere("daily"), "subscriber daily digests sent"));
  await boss.schedule(SUBSCRIBER_WEEKLY_DIGEST_QUEUE, "0 8 * * 1", {}, { tz: "UTC" });
  await boss.work(SUBSCRIBER_WEEKLY_DIGEST_QUEUE, async () => log.info(await sendSubscriberDigestsEverywhere("weekly"), "subscriber weekly digests sent"));
}

/**
 * LISTEN on a connection of the worker's own (the web tier's caches share another, in
 * src/server/db/notify.ts); reconnects after a loss, and calls `onEvent` then too, since
 * notifications may have been missed.
 */
async function listen(url: string, channel: string, onEvent: () => void) {
  let client: pg.Client | null = null;
  let stopped = false;
  const connect = async () => {
    const next = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
    next.on("notification", onEvent);
    next.on("error", (error) => {
      log.warn({ err: error, channel }, "worker lost its notifications; reconnecting");
      client = null;
      if (!stopped) setTimeout(() => void connect().then(onEvent, () => undefined), 5_000).unref();
    });
    await next.connect();
    await next.query(`LISTEN ${channel}`);
    client = next;
  };
  await connect().catch((error: unknown) => log.warn({ err: error, channel }, "worker could not listen for notifications"));
  return {
    async stop() {
      stopped = true;
      await client?.end().catch(() => undefined);
    },
  };
}

const isEntryPoint = process.argv[1]?.endsWith("worker/main.ts");
if (isEntryPoint) {
  const worker = await startWorker();
  const shutdown = async (signal: string) => {
    log.info({ signal }, "worker stopping");
    await worker.stop();
    await disconnectDb();
    process.exit(0);
  };
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
}
