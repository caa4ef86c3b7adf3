import { fork } from "node:child_process";
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../src/generated/prisma/client";
import { benchDatabase } from "./lib/bench";

/**
 * `npm run bench:notify` (and part of `npm run bench`): one publication fanned out to
 * SUBSCRIBERS confirmed subscribers (issue 13). The worker runs in its own process
 * (scripts/lib/bench-notify-worker.ts: the real worker, a transport that counts). Prints the time
 * from publish() to every PublicationNotice and outbox message committed ("enqueue"), to every
 * message handed to the transport ("deliver"), the worker's peak RSS (VmHWM), the messages counted
 * and the duplicates (a second message to one recipient; must be 0).
 */
const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 50_000);
const SLUG = "bench-notify";

const database = await benchDatabase("candor_bench_notify", { PLATFORM_DOMAIN: "localhost", LOG_LEVEL: process.env.LOG_LEVEL ?? "silent" });
const owner = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url, max: 4 }) });
const worker = fork(new URL("./lib/bench-notify-worker.ts", import.meta.url).pathname, [], {
  execArgv: ["--import", "tsx", "--import", "./scripts/node-hooks.mjs"],
  env: process.env,
  stdio: ["ignore", "inherit", "inherit", "ipc"],
});
const ask = <T>() => new Promise<T>((resolve) => worker.once("message", (reply) => resolve(reply as T)));
try {
  await new Promise((resolve) => worker.once("message", resolve));
  const { createOrganization } = await import("../src/modules/organizations/server/organizations");
  const { createItem } = await import("../src/modules/content/server/crud");
  const { publish } = await import("../src/modules/publishing/server/publish");
  const { disconnectDb } = await import("../src/server/db/client");

  const user = await owner.user.create({ data: { email: "owner@bench-notify.example" } });
  const org = await createOrganization({ user: { id: user.id, email: user.email, name: null }, input: { name: "Bench Notify", slug: SLUG } });
  const ctx = { user: { id: user.id, email: user.email, name: null }, org, role: "OWNER" as const, request: { ip: "127.0.0.1", userAgent: "bench" }, mfaEnabled: false };
  await publish({ ctx });
  // The first publication's own fan-out (to nobody) is done before anyone subscribes.
  await until(async () => (await owner.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM pgboss.job WHERE name = 'subscribers.fanout' AND state < 'completed'`)[0]!.n === 0n, 60_000);
  const seeded = performance.now();
  await owner.$executeRaw`
    INSERT INTO "Subscriber" ("id", "orgId", "email", "topics", "status", "host", "createdAt", "confirmedAt")
    SELECT gen_random_uuid(), ${org.id}::uuid, 'subscriber-' || n || '@bench-notify.example', ARRAY['SUBPROCESSORS']::"SubscriberTopic"[], 'CONFIRMED', ${`${SLUG}.localhost`}, now(), now()
    FROM generate_series(1, ${SUBSCRIBERS}) AS n`;
  console.log(`seeded ${SUBSCRIBERS.toLocaleString("en")} confirmed subscribers in ${((performance.now() - seeded) / 1000).toFixed(1)} s`);

  await createItem({ ctx, kind: "subprocessors", input: { vendor: "Resend", purpose: "email delivery", dataCategories: "email addresses", location: "US" } });
  const start = performance.now();
  await publish({ ctx });
  const count = async (sql: "notices" | "sent") => {
    const rows =
      sql === "notices"
        ? await owner.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM "PublicationNotice" WHERE "outboxId" IS NOT NULL`
        : await owner.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM "OutboxMessage" WHERE status = 'SENT' AND template = 'publication-notice'`;
    return Number(rows[0]!.n);
  };
  await until(async () => (await count("notices")) >= SUBSCRIBERS, 30 * 60_000);
  const enqueued = performance.now() - start;
  await until(async () => (await count("sent")) >= SUBSCRIBERS, 60 * 60_000);
  const delivered = performance.now() - start;
  // A moment for any duplicate a bug would send late.
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  const peakKiB = Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${worker.pid}/status`, "utf8"))?.[1] ?? NaN);
  const counted = ask<{ sent: number; distinctMessages: number; recipients: number; duplicates: number; providerCalls: number }>();
  worker.send("report");
  const report = await counted;
  console.log(
    [
      `notify: 1 publication → ${SUBSCRIBERS.toLocaleString("en")} confirmed subscribers`,
      `  time to enqueue (notices + outbox, committed): ${(enqueued / 1000).toFixed(1)} s`,
      `  time to deliver all:                          ${(delivered / 1000).toFixed(1)} s (${Math.round(SUBSCRIBERS / (delivered / 1000)).toLocaleString("en")} messages/s)`,
      `  worker peak RSS:                              ${(peakKiB / 1024).toFixed(0)} MiB`,
      `  messages counted:                             ${report.sent.toLocaleString("en")} (${report.distinctMessages.toLocaleString("en")} outbox messages) to ${report.recipients.toLocaleString("en")} recipients in ${report.providerCalls.toLocaleString("en")} provider calls`,
      `  duplicates:                                   ${report.duplicates}`,
    ].join("\n"),
  );
  if (report.duplicates !== 0 || report.sent !== SUBSCRIBERS) process.exitCode = 1;
  await disconnectDb();
} finally {
  worker.send("stop");
  await new Promise((resolve) => worker.once("exit", resolve));
  await owner.$disconnect();
  await database.stop();
}

async function until(check: () => Promise<boolean>, timeoutMs: number) {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("bench: timed out");
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
