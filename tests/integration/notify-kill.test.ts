import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { createItem } from "@/modules/content/server/crud";
import { deliverOutboxBatch } from "@/modules/email/server/deliver";
import { mailboxTransport } from "@/modules/email/server/transports";
import { publish } from "@/modules/publishing/server/publish";
import { fanoutPublication } from "@/modules/subscribers/server/fanout";
import { db } from "@/server/db/client";
import { createOrg } from "../support/factories";

/**
 * The kill test issue 13 asks for, for real: the fan-out of one publication to 3,000 confirmed
 * subscribers runs in a child process (tests/support/fanout-child.ts, as the worker runs it),
 * which is SIGKILLed once some but not all notices are committed — no chance to clean up, its
 * open transaction rolled back by PostgreSQL. The fan-out is then run again to completion and the
 * outbox delivered to the dev mailbox: each subscriber has exactly one notice, one outbox message
 * and one mail.
 */
const SUBSCRIBERS = 3_000;
let owner: pg.Client;
let child: ChildProcess | undefined;

beforeAll(async () => {
  owner = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await owner.connect();
});
afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await owner.end();
});

async function count(text: string, values: unknown[]) {
  return Number((await owner.query<{ n: string }>(text, values)).rows[0]!.n);
}

function startChild(job: { orgId: string; publicationId: string }) {
  const output: string[] = [];
  const process_ = spawn(process.execPath, ["--import", "tsx", "--import", "./scripts/node-hooks.mjs", "tests/support/fanout-child.ts"], {
    env: { ...process.env, FANOUT_ORG_ID: job.orgId, FANOUT_PUBLICATION_ID: job.publicationId, FANOUT_CHUNK: "25", FANOUT_PAUSE_MS: "40", LOG_LEVEL: "silent" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  for (const stream of [process_.stdout!, process_.stderr!]) stream.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => process_.on("exit", (code, signal) => resolve({ code, signal })));
  return { process: process_, output, exited };
}

describe("a fan-out process killed mid-way", () => {
  it("SIGKILLed after some of 3,000 notices, run again, delivered: each subscriber has exactly one notice, one outbox message and one mail", { timeout: 600_000 }, async () => {
    const org = await createOrg(undefined, "KillReal");
    await publish({ ctx: org.ctx });
    await owner.query(
      `INSERT INTO "Subscriber" ("id", "orgId", "email", "topics", "status", "host", "confirmedAt")
       SELECT gen_random_uuid(), $1, 'killed-' || i || '@example.com', ARRAY['SUBPROCESSORS']::"SubscriberTopic"[], 'CONFIRMED', 'acme.localhost', now()
       FROM generate_series(1, $2::int) AS i`,
      [org.org.id, SUBSCRIBERS],
    );
    await createItem({ ctx: org.ctx, kind: "subprocessors", input: { vendor: "Resend", purpose: "email delivery", dataCategories: "email addresses", location: "US" } });
    await publish({ ctx: org.ctx });
    const publicationId = (await owner.query<{ id: string }>(`SELECT id FROM "Publication" WHERE "orgId" = $1 ORDER BY seq DESC LIMIT 1`, [org.org.id])).rows[0]!.id;
    const notices = () => count(`SELECT count(*) AS n FROM "PublicationNotice" WHERE "publicationId" = $1`, [publicationId]);

    // The first run, in its own process: killed as soon as some notices are committed.
    const first = startChild({ orgId: org.org.id, publicationId });
    child = first.process;
    const deadline = Date.now() + 180_000;
    while ((await notices()) === 0) {
      if (first.process.exitCode !== null) throw new Error(`the fan-out process ended before writing a notice:\n${first.output.join("")}`);
      if (Date.now() > deadline) throw new Error(`no notice within 180 s:\n${first.output.join("")}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    first.process.kill("SIGKILL");
    expect(await first.exited).toEqual({ code: null, signal: "SIGKILL" });
    expect(first.output.join("")).not.toContain("done");

    // What the killed process left: some notices, all of them with their one queued mail, not all subscribers.
    const leftBehind = await notices();
    expect(leftBehind).toBeGreaterThan(0);
    expect(leftBehind).toBeLessThan(SUBSCRIBERS);
    expect(await count(`SELECT count(*) AS n FROM "PublicationNotice" WHERE "publicationId" = $1 AND (status <> 'SENT' OR "outboxId" IS NULL)`, [publicationId])).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM "OutboxMessage" WHERE recipient LIKE 'killed-%@example.com'`, [])).toBe(leftBehind);

    // Run again (as pg-boss's retry would), to the end.
    const rerun = await fanoutPublication({ orgId: org.org.id, publicationId }, { chunkSize: 25 });
    expect(rerun.notices).toBe(SUBSCRIBERS - leftBehind);
    expect(rerun.mailed).toBe(SUBSCRIBERS - leftBehind);
    // A third run finds everyone told.
    expect(await fanoutPublication({ orgId: org.org.id, publicationId }, { chunkSize: 500 })).toMatchObject({ notices: 0, mailed: 0 });

    // Deliver the whole outbox, as the worker's batch jobs do.
    const pending = (await owner.query<{ id: string }>(`SELECT id FROM "OutboxMessage" WHERE recipient LIKE 'killed-%@example.com' AND status = 'PENDING' ORDER BY id`)).rows.map((row) => row.id);
    expect(pending).toHaveLength(SUBSCRIBERS);
    const transport = mailboxTransport(db, { print: false });
    for (let i = 0; i < pending.length; i += 100) {
      await deliverOutboxBatch({ db, outboxIds: pending.slice(i, i + 100), transport, finalAttempt: false });
    }

    // Exactly one of each, per subscriber.
    const perRecipient = await owner.query<{ notices: string; outbox: string; mails: string; subscribers: string }>(
      `SELECT
         (SELECT count(*) FROM (SELECT email FROM "PublicationNotice" WHERE "publicationId" = $1 GROUP BY email HAVING count(*) = 1) x) AS notices,
         (SELECT count(*) FROM (SELECT recipient FROM "OutboxMessage" WHERE recipient LIKE 'killed-%@example.com' AND status = 'SENT' GROUP BY recipient HAVING count(*) = 1) x) AS outbox,
         (SELECT count(*) FROM (SELECT recipient FROM "DevMailboxMessage" WHERE recipient LIKE 'killed-%@example.com' GROUP BY recipient HAVING count(*) = 1) x) AS mails,
         (SELECT count(*) FROM "Subscriber" WHERE "orgId" = $2) AS subscribers`,
      [publicationId, org.org.id],
    );
    expect(perRecipient.rows[0]).toEqual({ notices: "3000", outbox: "3000", mails: "3000", subscribers: "3000" });
    expect(await count(`SELECT count(*) AS n FROM "PublicationNotice" WHERE "publicationId" = $1`, [publicationId])).toBe(3000);
    expect(await count(`SELECT count(*) AS n FROM "OutboxMessage" WHERE recipient LIKE 'killed-%@example.com'`, [])).toBe(3000);
    expect(await count(`SELECT count(*) AS n FROM "DevMailboxMessage" WHERE recipient LIKE 'killed-%@example.com'`, [])).toBe(3000);
    // Every notice names the subscriber it was sent to, and the mail says the change in words.
    expect(await count(`SELECT count(*) AS n FROM "PublicationNotice" n JOIN "Subscriber" s ON s.id = n."subscriberId" WHERE n."publicationId" = $1 AND n.email = s.email AND n.status = 'SENT'`, [publicationId])).toBe(3000);
    expect(await count(`SELECT count(*) AS n FROM "DevMailboxMessage" WHERE recipient LIKE 'killed-%@example.com' AND text LIKE '%Subprocessor added: Resend (US, email delivery)%'`, [])).toBe(3000);
  });
});
