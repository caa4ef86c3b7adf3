import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import os from "node:os";
import { performance } from "node:perf_hooks";
import fc from "fast-check";
import { benchDatabase, controlsCsv, measure, waitFor } from "./lib/bench";
import { freePort } from "./lib/embedded-postgres";
import { type Outcome, summarise } from "./lib/dashboard-load";
import { WEB_NODE_ARGS } from "./lib/web-process";
import { harvest, histogram, primingRequests, requestsOf, resolve, responseChecker, type Fixtures, type FuzzRequest } from "../tests/support/api-fuzz";

/**
 * `npm run bench:api` (part of `npm run bench`): the REST API of a production build
 * (scripts/web.ts) over HTTP.
 *
 * 1. Latency: one organisation of 2,000 controls and 20 API keys; 20 clients at once, each with
 *    its own key, GET /api/v1/controls?limit=100 and walk the cursor to the end, again and again,
 *    for BENCH_API_SECONDS (15). Target: 0 errors (anything but a 200). The per-key limit (600 a
 *    minute, ADR 035) would cap 20 keys at 200 req/s and measure the limiter rather than the API,
 *    so the bench raises it through configuration (API_KEY_REQUESTS_PER_MINUTE, as an operator
 *    would), not in code; the limiter's Postgres round trip still runs on every request.
 * 2. Key verification cost, in this process over N iterations: the HMAC alone; the whole lookup
 *    (the per-IP failure check, HMAC, candor_api_key_org(), the key read in its tenant's scope);
 *    and apiGate() (the lookup, the per-key rate limit, scope and role).
 * 3. The full fuzz run: BENCH_FUZZ_REQUESTS (10,000) requests generated from GET
 *    /api/v1/openapi.json by tests/support/api-fuzz.ts (the generator and check CI's fixed-seed
 *    slice uses), sent with keys of every scope, another tenant's, revoked, expired, malformed and
 *    none, against a tenant with a row in every table. Every answer: no 5xx, a documented status,
 *    a documented content type, a body valid against its schema. Failures print with the seed and
 *    the request's index: BENCH_FUZZ_SEED=<seed> reproduces the run. All requests come from
 *    127.0.0.1, so the per-IP limit on failed keys is raised too (API_AUTH_FAILURES_PER_IP); it has
 *    its own test (tests/integration/api-auth-failures.test.ts).
 *
 * BENCH_SKIP_BUILD=1 reuses .next/ (it must be current).
 */
const SECONDS = Number(process.env.BENCH_API_SECONDS ?? 15);
const CLIENTS = 20;
const CONTROLS = 2_000;
const FUZZ_REQUESTS = Number(process.env.BENCH_FUZZ_REQUESTS ?? 10_000);
const FUZZ_SEED = Number(process.env.BENCH_FUZZ_SEED ?? Date.now() % 2_147_483_647);
const FUZZ_CONCURRENCY = 4;
const VERIFY_ITERATIONS = Number(process.env.BENCH_VERIFY_ITERATIONS ?? 2_000);

const port = await freePort();
const origin = `http://127.0.0.1:${port}`;
const database = await benchDatabase("candor_bench_api", { APP_URL: origin, API_KEY_REQUESTS_PER_MINUTE: "1000000", API_AUTH_FAILURES_PER_IP: "1000000" });
let web: ChildProcess | undefined;
try {
  const { keys, fuzz } = await seed();

  if (process.env.BENCH_SKIP_BUILD !== "1") {
    const built = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], { stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } });
    if (built.status !== 0) throw new Error("next build failed");
  }
  const serverLog: string[] = [];
  web = spawn(process.execPath, WEB_NODE_ARGS, { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NODE_ENV: "production", PORT: String(port), HOSTNAME_BIND: "127.0.0.1", LOG_LEVEL: "warn" } });
  for (const stream of [web.stdout!, web.stderr!]) stream.on("data", (chunk: Buffer) => serverLog.push(chunk.toString()));
  await waitFor(`${origin}/api/health`);
  for (const key of keys.slice(0, 3)) await fetch(`${origin}/api/v1/controls?limit=100`, { headers: { authorization: `Bearer ${key}` } }).then((r) => r.text());

  const latency = await walkControls(keys);
  const verification = await verificationCost(keys[0]!);
  const spec = (await (await fetch(`${origin}/api/v1/openapi.json`)).json()) as Record<string, unknown>;
  const run = await fuzzRun(spec, fuzz);

  const load = os.loadavg().map((value) => value.toFixed(1)).join(" ");
  console.log(`\nREST API, production build (scripts/web.ts), ${CONTROLS.toLocaleString("en")} controls, ${os.cpus().length} cores, load average ${load}; ms\n`);
  console.log("| load | requests | req/s | errors | conflicts | p50 | p95 | p99 | target |\n|---|---|---|---|---|---|---|---|---|");
  const figures = summarise(latency.outcomes, SECONDS);
  console.log(`| ${CLIENTS} clients, a key each, GET /api/v1/controls?limit=100 walking the cursor (${CONTROLS / 100} pages a walk; ${latency.walks} walks completed) | ${figures.row} | 0 errors: ${figures.errors === 0 ? "met" : "NOT met"} |`);
  if (figures.errors) console.log(`First errors: ${latency.outcomes.filter((o) => o.result === "error").slice(0, 5).map((o) => o.detail).join("; ")}`);
  console.log(`(Per-key limit raised by configuration, API_KEY_REQUESTS_PER_MINUTE=1000000; the limiter's query still runs on every request.)`);

  console.log(`\nKey verification, in process, ${VERIFY_ITERATIONS.toLocaleString("en")} iterations each after ${VERIFY_ITERATIONS / 10} warm-up; µs per verification\n`);
  console.log("| step | mean | p50 | p95 | p99 |\n|---|---|---|---|---|");
  for (const t of verification) console.log(`| ${t.label} | ${(t.mean * 1000).toFixed(0)} | ${(t.p50 * 1000).toFixed(0)} | ${(t.p95 * 1000).toFixed(0)} | ${(t.p99 * 1000).toFixed(0)} |`);

  console.log(`\nFuzz run from /api/v1/openapi.json (${run.operations} operations), seed ${FUZZ_SEED}, ${FUZZ_CONCURRENCY} at a time\n`);
  console.log("| requests | duration | req/s | 5xx | not as documented | target |\n|---|---|---|---|---|---|");
  const fiveHundreds = run.statuses.filter((s) => s >= 500).length;
  console.log(`| ${run.statuses.length.toLocaleString("en")} | ${run.seconds.toFixed(1)} s | ${(run.statuses.length / run.seconds).toFixed(0)} | ${fiveHundreds} | ${run.failures.length} | ≥ 10,000, 0 5xx, 0 mismatches: ${run.statuses.length >= 10_000 && run.failures.length === 0 ? "met" : "NOT met"} |`);
  console.log(`\nStatuses: ${histogram(run.statuses)}`);
  console.log(`Requests the client itself refused to send (e.g. a header value fetch rejects): ${run.unsent}`);
  const kinds = new Map<string, number>();
  for (const failure of run.failures) kinds.set(failure.kind, (kinds.get(failure.kind) ?? 0) + 1);
  for (const [kind, count] of kinds) console.log(`  ${count} × ${kind}`);
  for (const failure of run.failures.slice(0, 20)) console.log(`  FAIL #${failure.index} ${failure.line}`);
  if (run.failures.length) console.log(`Reproduce: BENCH_FUZZ_SEED=${FUZZ_SEED} BENCH_FUZZ_REQUESTS=${FUZZ_REQUESTS} npm run bench:api (request numbers as above).`);
  const crashes = serverLog.join("").split("\n").filter((line) => /"level":(50|60)|Error:/.test(line));
  console.log(`Server log lines at level error or above: ${crashes.length}${crashes.length ? `; first: ${crashes[0]!.slice(0, 300)}` : ""}`);
} finally {
  web?.kill("SIGINT");
  await new Promise((done) => (web && web.exitCode === null ? web.once("exit", done) : done(null)));
  await database.stop();
}

// --- helpers -----------------------------------------------------------------------------------------

/** The measured organisation (2,000 controls, 20 read keys) and the fuzzed one (a row in every table, keys of every kind). */
async function seed() {
  const { createOrganization } = await import("../src/modules/organizations/server/organizations");
  const { applyImport } = await import("../src/modules/transfer/server/import");
  const { createApiKey } = await import("../src/modules/apikeys/server/keys");
  const { db } = await import("../src/server/db/client");
  const { populatedTenant } = await import("../tests/support/tenant-world");
  const { createOrg } = await import("../tests/support/factories");
  const { fuzzFixtures } = await import("../tests/support/api-fuzz-fixtures");
  const { openApiDocument } = await import("../src/modules/api/openapi");
  const founder = await db.user.create({ data: { email: "bench-api@example.com" } });
  const user = { id: founder.id, email: founder.email, name: null };
  const request = { ip: null, userAgent: "bench" };
  const org = await createOrganization({ user, input: { name: "API bench", slug: "api-bench" }, request });
  const ctx = { user, org: { id: org.id, slug: org.slug, name: org.name }, role: "OWNER" as const, request, mfaEnabled: false };
  await applyImport({ ctx, input: { format: "controls-csv", text: controlsCsv(CONTROLS) }, strict: true });
  const keys: string[] = [];
  for (let i = 0; i < CLIENTS; i++) keys.push((await createApiKey({ ctx, input: { name: `Bench client ${i + 1}`, scopes: ["posture:read"] } })).key);
  const fuzzed = await populatedTenant("Fuzzed");
  const fuzz = await fuzzFixtures(openApiDocument(), fuzzed.ctx, (await createOrg()).ctx);
  return { keys, fuzz };
}

/** CLIENTS clients, each with its own key, walking the whole control list by cursor until the time is up. */
async function walkControls(keys: string[]) {
  const outcomes: Outcome[] = [];
  let walks = 0;
  const deadline = performance.now() + SECONDS * 1000;
  await Promise.all(
    keys.map(async (key) => {
      let cursor: string | null = null;
      while (performance.now() < deadline) {
        const started = performance.now();
        try {
          const response: Response = await fetch(`${origin}/api/v1/controls?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, { headers: { authorization: `Bearer ${key}` } });
          const text: string = await response.text();
          const ok: boolean = response.status === 200;
          outcomes.push({ kind: "list", ms: performance.now() - started, result: ok ? "ok" : "error", detail: `${response.status} ${ok ? "" : text.slice(0, 120)}` });
          cursor = ok ? ((JSON.parse(text) as { nextCursor: string | null }).nextCursor ?? null) : null;
          if (ok && cursor === null) walks++;
        } catch (error) {
          outcomes.push({ kind: "list", ms: performance.now() - started, result: "error", detail: String(error) });
          cursor = null;
        }
      }
    }),
  );
  return { outcomes, walks };
}

/** What one verification of a key costs, in this process, against the same database. */
async function verificationCost(key: string) {
  const { hashApiKey } = await import("../src/server/api/key-secret");
  const { authenticateApiKey, apiGate, apiAuthFailureLimit } = await import("../src/server/gate-api");
  const { exhausted } = await import("../src/server/rate-limit");
  const request = () => new Request(`${origin}/api/v1/controls`, { headers: { authorization: `Bearer ${key}` } });
  const warmup = VERIFY_ITERATIONS / 10;
  return [
    await measure("HMAC-SHA-256 of the key (hashApiKey)", async () => hashApiKey(key), VERIFY_ITERATIONS * 10, warmup),
    await measure("the per-IP failed-verification check alone (one read of rate_limits)", () => exhausted("api.auth-failure-ip", apiAuthFailureLimit(), "192.0.2.1"), VERIFY_ITERATIONS, warmup),
    await measure("the key's lookup (authenticateApiKey: per-IP failure check, HMAC, candor_api_key_org(), the key read in its tenant scope)", () => authenticateApiKey(request()), VERIFY_ITERATIONS, warmup),
    await measure("apiGate (the lookup, the per-key rate limit, scope and role)", () => apiGate({ request: request(), scope: "posture:read", action: "org.read" }), VERIFY_ITERATIONS, warmup),
  ];
}

type Failure = { index: number; line: string; kind: string };

/** FUZZ_REQUESTS requests from the document, FUZZ_CONCURRENCY at a time, each answer checked against the document. */
async function fuzzRun(spec: Record<string, unknown>, fixtures: Fixtures) {
  const check = responseChecker(spec);
  const statuses: number[] = [];
  const failures: Failure[] = [];
  let unsent = 0;
  const send = async (template: FuzzRequest, index: number) => {
    const r = resolve(template, fixtures);
    let response: Response;
    try {
      response = await fetch(`${origin}${r.url}`, { method: r.method, headers: r.headers, body: r.body, redirect: "manual" });
    } catch (error) {
      if (error instanceof TypeError && !/fetch failed/.test(error.message)) return void unsent++;
      failures.push({ index, kind: `${template.operation}: no answer`, line: `${r.method} ${r.url.slice(0, 200)} (key ${template.key}): no answer: ${String((error as Error).cause ?? error)}` });
      return;
    }
    statuses.push(response.status);
    const { problem, json } = check(template, { status: response.status, contentType: response.headers.get("content-type"), text: await response.text() });
    if (problem) failures.push({ index, kind: `${template.operation} → ${problem.slice(0, 60)}`, line: `${r.method} ${r.url.slice(0, 200)} (key ${template.key}, content-type ${r.headers["content-type"] ?? "none"}) → ${problem}` });
    harvest(fixtures, template.path, json, response.headers.get("etag"));
  };
  for (const template of primingRequests(spec)) await send(template, -1);
  const templates = fc.sample(requestsOf(spec), { seed: FUZZ_SEED, numRuns: FUZZ_REQUESTS });
  const started = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: FUZZ_CONCURRENCY }, async () => {
    while (next < templates.length) {
      const index = next++;
      await send(templates[index]!, index);
    }
  }));
  const operations = Object.values(spec.paths as Record<string, Record<string, unknown>>).reduce((n, item) => n + Object.keys(item).filter((k) => k !== "parameters").length, 0);
  return { statuses, failures, unsent, seconds: (performance.now() - started) / 1000, operations };
}
