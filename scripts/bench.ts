import { performance } from "node:perf_hooks";
import path from "node:path";
import { rmSync } from "node:fs";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../src/generated/prisma/client";
import { randomToken } from "../src/server/crypto";
import { ensureDatabase } from "./lib/database";
import { startEmbeddedPostgres } from "./lib/embedded-postgres";

/**
 * `npm run bench`: measurements, not tests. Today: what the tenant scope (a transaction plus
 * two set_config calls, under row-level security) costs a request, against the same query run
 * by the owner role with no scope; and the whole gate (membership, role, permission).
 * Uses DATABASE_URL's server if set (a fresh candor_bench database), else a throwaway one.
 */
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 2000);
const WARMUP = 200;

const dir = path.resolve(".tmp", `pg-bench-${process.pid}`);
const server = process.env.DATABASE_URL ? undefined : await startEmbeddedPostgres({ dir, password: randomToken(16), persistent: false, fast: true });
try {
  const url = await ensureDatabase(process.env.DATABASE_URL ?? server!.url, "candor_bench");
  Object.assign(process.env, { DATABASE_URL: url, AUTH_SECRET: process.env.AUTH_SECRET ?? randomToken(32), APP_URL: "http://localhost:3000", EMAIL_TRANSPORT: "mailbox", LOG_LEVEL: "silent" });
  const { migrate, ensureAppLogin } = await import("../src/server/db/migrate");
  await migrate(url);
  await ensureAppLogin(url);

  const { createOrganization } = await import("../src/modules/organizations/server/organizations");
  const { withTenant } = await import("../src/server/db/tenant");
  const { authorize } = await import("../src/server/gate");
  const { db, disconnectDb } = await import("../src/server/db/client");
  const owner = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 10 }) });

  // Ten organisations of 50 members each; the measured one is in the middle.
  const orgs = [];
  for (let i = 0; i < 10; i++) {
    const user = await owner.user.create({ data: { email: `bench-owner-${i}-${randomToken(4)}@example.com` } });
    const org = await createOrganization({ user: { id: user.id, email: user.email, name: null }, input: { name: `Bench ${i}`, slug: `bench-${i}-${randomToken(3)}` } });
    const users = await owner.user.createManyAndReturn({ data: Array.from({ length: 49 }, (_, j) => ({ email: `m${j}-${org.slug}@example.com` })) });
    await owner.member.createMany({ data: users.map((u) => ({ orgId: org.id, userId: u.id, role: "EDITOR" as const })) });
    orgs.push({ org, user });
  }
  const { org, user } = orgs[5]!;
  const actor = { user: { id: user.id, email: user.email, name: null }, mfaEnabled: false, verifiedAt: new Date(), mfaVerifiedAt: null, complete: true };

  async function measure(label: string, fn: () => Promise<unknown>) {
    for (let i = 0; i < WARMUP; i++) await fn();
    const samples: number[] = [];
    for (let i = 0; i < ITERATIONS; i++) {
      const start = performance.now();
      await fn();
      samples.push(performance.now() - start);
    }
    samples.sort((a, b) => a - b);
    const mean = samples.reduce((sum, value) => sum + value, 0) / samples.length;
    const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!;
    return { label, mean, p50: at(0.5), p99: at(0.99) };
  }

  const rows = [
    await measure("owner role, no scope: 50 members of one org", () => owner.member.findMany({ where: { orgId: org.id } })),
    await measure("app role in withTenant: the same 50 members", () => withTenant({ orgId: org.id, userId: user.id }, (tx) => tx.member.findMany({ where: { orgId: org.id } }))),
    await measure("owner role, no scope: one organisation by id", () => owner.organization.findUnique({ where: { id: org.id } })),
    await measure("app role in withTenant: one organisation by id", () => withTenant({ orgId: org.id }, (tx) => tx.organization.findUnique({ where: { id: org.id } }))),
    // Where the cost goes: the transaction, not the policies.
    await measure("app role, a transaction with no tenant setting: one organisation by id (sees nothing)", () => db.$transaction((tx) => tx.organization.findUnique({ where: { id: org.id } }))),
    await measure("the gate: session → membership → role → permission", () => authorize({ actor, slug: org.slug, action: "members.read" })),
  ];
  console.log(`\nTenant scope overhead (${ITERATIONS} sequential iterations after ${WARMUP} warm-up; ms)\n`);
  console.log("| query | mean | p50 | p99 |\n|---|---|---|---|");
  for (const row of rows) console.log(`| ${row.label} | ${row.mean.toFixed(3)} | ${row.p50.toFixed(3)} | ${row.p99.toFixed(3)} |`);
  console.log(`\nScope overhead per unit of work: ${(rows[1]!.mean - rows[0]!.mean).toFixed(3)} ms (list), ${(rows[3]!.mean - rows[2]!.mean).toFixed(3)} ms (by id).`);
  await owner.$disconnect();
  await disconnectDb();
  void db;
} finally {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
}
