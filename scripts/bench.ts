import { randomBytes } from "node:crypto";
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
const LIST_ITERATIONS = Number(process.env.BENCH_LIST_ITERATIONS ?? 200);

const dir = path.resolve(".tmp", `pg-bench-${process.pid}`);
const server = process.env.DATABASE_URL ? undefined : await startEmbeddedPostgres({ dir, password: randomToken(16), persistent: false, fast: true });
try {
  const url = await ensureDatabase(process.env.DATABASE_URL ?? server!.url, "candor_bench");
  Object.assign(process.env, { DATABASE_URL: url, AUTH_SECRET: process.env.AUTH_SECRET ?? randomToken(32), DATA_ENCRYPTION_KEY: process.env.DATA_ENCRYPTION_KEY ?? randomBytes(32).toString("base64"), APP_URL: "http://localhost:3000", EMAIL_TRANSPORT: "mailbox", LOG_LEVEL: "silent" });
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

  async function measure(label: string, fn: () => Promise<unknown>, iterations = ITERATIONS, warmup = WARMUP) {
    for (let i = 0; i < warmup; i++) await fn();
    const samples: number[] = [];
    for (let i = 0; i < iterations; i++) {
      const start = performance.now();
      await fn();
      samples.push(performance.now() - start);
    }
    samples.sort((a, b) => a - b);
    const mean = samples.reduce((sum, value) => sum + value, 0) / samples.length;
    const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!;
    return { label, mean, p50: at(0.5), p95: at(0.95), p99: at(0.99) };
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
  // The dashboard's control list at 2,000 controls: what the page runs per request.
  const { applyImport } = await import("../src/modules/transfer/server/import");
  const { listControls, controlSummary } = await import("../src/modules/controls/server/controls");
  const { controlQuerySchema } = await import("../src/modules/controls/query");
  const ctx = { user: actor.user, org: { id: org.id, slug: org.slug, name: org.name }, role: "OWNER" as const, request: { ip: null, userAgent: "bench" }, mfaEnabled: false };
  const statuses = ["IMPLEMENTED", "IMPLEMENTED", "IMPLEMENTED", "IN_PROGRESS", "PLANNED", "NOT_APPLICABLE"];
  const csv = ["ref,domain,title,description,status,visibility,review_cadence_days,last_reviewed_at,evidence"]
    .concat(
      Array.from({ length: 2000 }, (_, i) =>
        [`C-${String(i + 1).padStart(4, "0")}`, `Domain ${i % 12}`, `Control number ${i + 1} about ${["encryption", "access", "logging", "backups"][i % 4]}`, `Description of control ${i + 1}.`, statuses[i % 6], i % 7 ? "PUBLIC" : "NDA", 90 + (i % 300), `2026-0${1 + (i % 9)}-15`, `Code | CODE | src/file${i}.ts ;; Test | TEST | tests/file${i}.test.ts`].join(","),
      ),
    )
    .join("\n");
  const started = performance.now();
  await applyImport({ ctx, input: { format: "controls-csv", text: csv }, strict: true });
  const importMs = performance.now() - started;
  const page = async (query: Record<string, string>) => Promise.all([listControls({ ctx, query: controlQuerySchema.parse(query) }), controlSummary({ ctx })]);
  const listRows = [
    await measure("2,000 controls: first page (default order) + summary", () => page({}), LIST_ITERATIONS, 20),
    await measure("2,000 controls: search 'encryption', page 3", () => page({ q: "encryption", page: "3" }), LIST_ITERATIONS, 20),
    await measure("2,000 controls: filter Planned + NDA, sorted by title", () => page({ status: "PLANNED", visibility: "NDA", sort: "title" }), LIST_ITERATIONS, 20),
    await measure("2,000 controls: needs review, sorted by last review desc", () => page({ review: "due", sort: "lastReviewed", dir: "desc" }), LIST_ITERATIONS, 20),
  ];

  console.log(`\nTenant scope overhead (${ITERATIONS} sequential iterations after ${WARMUP} warm-up; ms)\n`);
  console.log("| query | mean | p50 | p99 |\n|---|---|---|---|");
  for (const row of rows) console.log(`| ${row.label} | ${row.mean.toFixed(3)} | ${row.p50.toFixed(3)} | ${row.p99.toFixed(3)} |`);
  console.log(`\nDashboard control list, 2,000 controls with 4,000 evidence links (imported in ${(importMs / 1000).toFixed(1)} s; ${LIST_ITERATIONS} iterations; ms)\n`);
  console.log("| query | mean | p50 | p95 | p99 |\n|---|---|---|---|---|");
  for (const row of listRows) console.log(`| ${row.label} | ${row.mean.toFixed(2)} | ${row.p50.toFixed(2)} | ${row.p95.toFixed(2)} | ${row.p99.toFixed(2)} |`);
  console.log(`\nScope overhead per unit of work: ${(rows[1]!.mean - rows[0]!.mean).toFixed(3)} ms (list), ${(rows[3]!.mean - rows[2]!.mean).toFixed(3)} ms (by id).`);
  await owner.$disconnect();
  await disconnectDb();
  void db;
} finally {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
}
