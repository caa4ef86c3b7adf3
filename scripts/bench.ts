import { performance } from "node:perf_hooks";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../src/generated/prisma/client";
import { randomToken } from "../src/server/crypto";
import { benchDatabase, controlsCsv, measure as time } from "./lib/bench";

/**
 * `npm run bench` (first part; scripts/bench-public.ts is the second): measurements, not tests. What the tenant scope (a transaction plus
 * two set_config calls, under row-level security) costs a request, against the same query run
 * by the owner role with no scope; and the whole gate (membership, role, permission).
 * Uses DATABASE_URL's server if set (a fresh candor_bench database), else a throwaway one.
 */
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 2000);
const WARMUP = 200;
const LIST_ITERATIONS = Number(process.env.BENCH_LIST_ITERATIONS ?? 200);

const database = await benchDatabase("candor_bench");
const url = database.url;
try {
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

  const measure = (label: string, fn: () => Promise<unknown>, iterations = ITERATIONS, warmup = WARMUP) => time(label, fn, iterations, warmup);

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
  const csv = controlsCsv(2000);
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
  await database.stop();
}
