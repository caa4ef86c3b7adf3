import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { gzipSync } from "node:zlib";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../src/generated/prisma/client";
import { benchDatabase, controlsCsv, waitFor } from "./lib/bench";
import { freePort } from "./lib/embedded-postgres";
import { hasWrk, wrk, wrkAfterWarmup, type WrkResult } from "./lib/wrk";
import { budgetMisses, CHROMIUM, LIGHTHOUSE_BUDGET, lighthouseReport, lighthouseRuns } from "./lib/lighthouse";
import { median } from "./lib/bench";
import { NGINX, startNginx } from "./lib/nginx";
import { startSpreadNginx, startSpreadNode, writeSpread, type SpreadServer } from "./lib/spread-reference";
import { machineCpuMs, mainThreadCounters, mainThreadCpuMs, memoryProbeMs, postmasterPid, speedProbeMs, threadCpuDelta, threadCpuMsByName, treeCpuMs } from "./lib/process-cpu";
import { PERIOD_NS, perfAvailable, perfSymbols, recordThread, vmstat, vmstatDelta } from "./lib/perf-profile";
import { WEB_NODE_ARGS } from "./lib/web-process";

/**
 * `npm run bench` (second part): the public trust center under load, on a production build.
 *
 * A tenant of 100 controls, 30 subprocessors, 10 documents and 20 FAQs is published (its surfaces
 * stored as artifacts, ADR 025); the production web server (scripts/web.ts) serves it; wrk (one
 * thread, 32 connections, BENCH_DURATION seconds per row) measures the page, trust.json and the
 * 304 path, each beside nginx (Debian's, one worker) serving the same bytes, and a bare Node
 * http server sending the same gzip buffer (what Node itself can do here). Then: publishing
 * 1,000 controls, parsing a stored publication, 10,000 tenants against 1 (warm, and a cold pass
 * after a restart: each tenant once), 100,000 custom domains (Caddy's ask, the page by host
 * name), the shipped topology (Caddy with deploy/caddy/site.caddy over HTTPS) beside a minimal
 * Caddy file_server and nginx on the same bytes, with Caddy's CPU profile, two web processes and
 * two workers behind Caddy (how soon a publish is served everywhere; two workers racing), and
 * Lighthouse, three runs (scripts/lib/lighthouse.ts; `npm run bench:lighthouse` covers every public surface).
 *
 * Needs wrk (apt-get install wrk). BENCH_SKIP_BUILD=1 reuses .next/ (the build must be current).
 * BENCH_ONLY=tenants stops after the tenants' rows (no custom domains, Caddy, two processes or
 * Lighthouse; `npm run bench:caddy` measures the Caddy rows alone). BENCH_COLD_ROUNDS=N measures
 * the cold pass N times more, each round once with the start's warm-up (scripts/web.ts) and once
 * without (EDGE_WARM_UP_REQUESTS=0), in alternating order, each beside one warm tenant measured
 * right after it; BENCH_CPU_PROF=dir writes the web process's CPU profile (node --cpu-prof) of each,
 * BENCH_TRACE_GC=dir its output with --trace-gc; BENCH_COLD_VARIANT_ENV=NAME=VALUE replaces the start
 * without warm-up by one with the warm-up and that variable; BENCH_COLD_SPLIT=1 first measures each
 * start's cold pass in three parts (half the tenants, the other half, the first half again),
 * each with its main thread's user and system CPU and the process's minor page faults a request.
 * BENCH_PERF=dir samples each cold round's web main thread with `perf record -e cpu-clock` (kernel
 * and JavaScript alike) in the cold pass, the round-robin and one tenant, and prints where each
 * row's CPU per request went, and what the cold pass spent more than one tenant, by symbol.
 * The tenant rows rotate paths with a Lua `request()` (wrk formats every request in Lua); one
 * tenant is also measured through that same script, so a ratio can be read with the generator's
 * cost per request equal on both sides ("same script").
 * nginx and openssl for the comparisons, caddy for the shipped topology, go (golang-go) to read
 * Caddy's profile and Chromium for Lighthouse: without one, that part is reported as skipped.
 */
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const ONLY = process.env.BENCH_ONLY;
const COLD_ROUNDS = Number(process.env.BENCH_COLD_ROUNDS ?? 0);
const TRACE_GC = process.env.BENCH_TRACE_GC ? path.resolve(process.env.BENCH_TRACE_GC) : undefined;
const PERF = process.env.BENCH_PERF && perfAvailable() ? path.resolve(process.env.BENCH_PERF) : undefined;
const PERF_TABLE_HEAD = "| round | warm-up | row | req/s | sampled µs | kernel | JavaScript (JIT) | V8 builtins and runtime, Node | libc | other |\n|---|---|---|---|---|---|---|---|---|---|";
const CONNECTIONS = 32;
const CADDY = ["/usr/bin/caddy", "/usr/local/bin/caddy"].find((candidate) => existsSync(candidate));
const TENANT_HOST = "trust.bench.example";
/**
 * What a browser sends: its encodings, and its languages (an English Chromium's; every browser
 * names some, and a page answered without them is not the one visitors get: ADR 038, "The
 * organisation's own language"). BENCH_ACCEPT_LANGUAGE replaces them; empty sends none.
 */
const ACCEPT_LANGUAGE = process.env.BENCH_ACCEPT_LANGUAGE ?? "en-US,en;q=0.9";
const BROWSER: Record<string, string> = { "Accept-Encoding": "gzip, deflate, br, zstd", ...(ACCEPT_LANGUAGE ? { "Accept-Language": ACCEPT_LANGUAGE } : {}) };
/** One tenant's page as a list of paths (wrk's path-rotating script with a single path). */
const ONE_TENANT_PATHS = ["/t/bench"];
if (!(await hasWrk())) throw new Error("bench: wrk is not installed (apt-get install wrk)");

// The web server's address is chosen first: stored artifacts carry APP_URL's origin.
const port = await freePort();
const origin = `http://127.0.0.1:${port}`;
const database = await benchDatabase("candor_bench_public", { APP_URL: origin, PLATFORM_DOMAIN: "localhost" });
const children: ChildProcess[] = [];
try {
  const owner = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url, max: 4 }) });
  const { createOrganization } = await import("../src/modules/organizations/server/organizations");
  const { applyImport } = await import("../src/modules/transfer/server/import");
  const { createDocument } = await import("../src/modules/documents/server/documents");
  const { publish } = await import("../src/modules/publishing/server/publish");
  const { disconnectDb } = await import("../src/server/db/client");
  const dataset = (await import("../prisma/demo-dataset.json", { with: { type: "json" } })).default;

  const request = { ip: null, userAgent: "candor bench" };
  const ownerRow = await owner.user.create({ data: { email: "bench-owner@example.com", name: "Bench Owner" } });
  const user = { id: ownerRow.id, email: ownerRow.email, name: ownerRow.name };
  const tenant = async (slug: string, name: string) => {
    const org = await createOrganization({ user, input: { name, slug }, request });
    return { user, org, role: "OWNER" as const, request, mfaEnabled: false };
  };

  // --- the measured tenant: 100 controls, 30 subprocessors, 10 documents, 20 FAQs --------------
  const ctx = await tenant("bench", "Bench Co");
  const cycle = <T>(items: T[], count: number, vary: (item: T, i: number) => T) => Array.from({ length: count }, (_, i) => vary(items[i % items.length]!, i));
  const bundle = {
    ...dataset,
    controls: cycle(dataset.controls, 100, (c, i) => ({ ...c, ref: `${c.ref}-${Math.floor(i / dataset.controls.length) + 1}` })),
    subprocessors: cycle(dataset.subprocessors, 30, (s, i) => ({ ...s, vendor: `${s.vendor} ${i + 1}` })),
    faqs: cycle(dataset.faqs, 20, (f, i) => ({ ...f, question: `${f.question} (${i + 1})` })),
    reviews: [],
    documents: [],
  };
  await applyImport({ ctx, input: { format: "json", text: JSON.stringify(bundle) }, strict: true });
  const pdf = (i: number) => new Uint8Array(Buffer.from(`%PDF-1.7\n% bench document ${i}\n${"x".repeat(20_000)}\n%%EOF\n`));
  for (let i = 0; i < 10; i++) {
    await createDocument({
      ctx,
      input: { title: `Policy document ${i + 1}`, description: `What document ${i + 1} covers.`, category: i < 4 ? "Audit reports" : "Policies", visibility: i < 4 ? "NDA" : "PUBLIC", label: "2026", effectiveDate: "2026-06-30" },
      file: { name: `document-${i + 1}.pdf`, bytes: pdf(i) },
    });
  }
  await publish({ ctx });
  // Its custom domain, as if verified (the DNS flow is tested elsewhere), and its host variant
  // stored as the worker would store it.
  await owner.customDomain.create({ data: { orgId: ctx.org.id, hostname: TENANT_HOST, token: "bench", status: "VERIFIED", verifiedAt: new Date() } });
  const { maintainArtifacts, renderCounts, ensureArtifacts } = await import("../src/modules/publishing/server/artifacts");
  await maintainArtifacts({ at: Date.now() });

  // --- publishing 1,000 controls ----------------------------------------------------------------
  const big = await tenant("bench-1000", "Thousand Controls Co");
  await applyImport({ ctx: big, input: { format: "controls-csv", text: controlsCsv(1000) }, strict: true });
  const publishTimes: number[] = [];
  for (let round = 0; round < 5; round++) {
    if (round > 0) await owner.control.updateMany({ where: { orgId: big.org.id, ref: "C-0002" }, data: { title: `Control number 2, revision ${round}` } });
    const started = performance.now();
    const result = await publish({ ctx: big });
    publishTimes.push(performance.now() - started);
    if (result.unchanged) throw new Error("bench: the publication did not change");
  }
  // Reading a stored publication back: JSON.parse alone, and parsed by its schema (as done now).
  const { publicationDocumentSchema } = await import("../src/modules/publishing/view");
  const bigCanonical = (await owner.publication.findFirstOrThrow({ where: { orgId: big.org.id }, orderBy: { seq: "desc" } })).canonical;
  const parseCost = { json: timeIt(() => JSON.parse(bigCanonical), 30), schema: timeIt(() => publicationDocumentSchema.parse(JSON.parse(bigCanonical)), 30), bytes: bigCanonical.length };

  // --- the production server ----------------------------------------------------------------------
  if (process.env.BENCH_SKIP_BUILD !== "1") {
    const built = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], { stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } });
    if (built.status !== 0) throw new Error("next build failed");
  }
  // Where the app writes published pages for Caddy (ADR 017, 025).
  const publishedDir = path.join(database.dir, "published");
  const webEnv = (webPort: number): NodeJS.ProcessEnv => ({ ...process.env, NODE_ENV: "production", APP_URL: origin, PORT: String(webPort), HOSTNAME_BIND: "127.0.0.1", PUBLISHED_DIR: publishedDir });
  // The web server as `npm start` runs it (scripts/web.ts: Next.js behind the edge's fast path).
  const startNotes = new Map<ChildProcess, () => string>();
  const startWeb = async (webPort: number, extra: { env?: Record<string, string>; nodeArgs?: string[] } = {}): Promise<ChildProcess> => {
    const child = spawn(process.execPath, [...(extra.nodeArgs ?? []), ...WEB_NODE_ARGS], { stdio: ["ignore", "pipe", "inherit"], env: { ...webEnv(webPort), ...extra.env } });
    // What its start says it held (scripts/web.ts): how many live pages it loaded before the
    // budget, and how many ready answers it made. A cold pass is cold only for what was not held.
    let said = "";
    child.stdout!.on("data", (chunk: Buffer) => (said += chunk.toString()));
    startNotes.set(child, () => said);
    children.push(child);
    await waitFor(`http://127.0.0.1:${webPort}/api/health`);
    return child;
  };
  // The memory probe's first call builds its 128 MiB cycle (~2 s of this process's CPU): here, not
  // between a start and its first measured row.
  memoryProbeMs();
  let web = await startWeb(port, { nodeArgs: PERF ? ["--perf-basic-prof-only-functions"] : [] });

  const page = await fetchRaw(`${origin}/t/bench`, {});
  const pageGzip = await fetchRaw(`${origin}/t/bench`, { "Accept-Encoding": "gzip" });
  const json = await fetchRaw(`${origin}/t/bench/trust.json`, {});
  const jsonGzip = await fetchRaw(`${origin}/t/bench/trust.json`, { "Accept-Encoding": "gzip" });
  const etag = page.headers.etag as string;
  const tenantPage = await fetchRaw(`${origin}/`, { Host: TENANT_HOST });
  if (tenantPage.status !== 200) throw new Error(`bench: ${TENANT_HOST} answered ${tenantPage.status}`);
  const tenantPageGzip = await fetchRaw(`${origin}/`, { Host: TENANT_HOST, "Accept-Encoding": "gzip" });

  // --- nginx with the same bytes, and a bare Node server ---------------------------------------------
  const nginx = NGINX ? await nginxOn(path.join(database.dir, "nginx"), { page, pageGzip, json, jsonGzip, tenantPage, tenantPageGzip }) : undefined;
  const bareNode = await startBareNode(pageGzip.body);

  type Row = { label: string; ours: WrkResult; nginx?: WrkResult; nginxNote?: string };
  const rows: Row[] = [];
  const row = async (label: string, url: string, headers: Record<string, string>, nginxUrl?: string, nginxHeaders?: Record<string, string>, nginxNote?: string) => {
    const ours = await load({ url, headers });
    rows.push({ label, ours, nginx: nginx && nginxUrl ? await load({ url: `${nginx.origin}${nginxUrl}`, headers: nginxHeaders ?? headers }) : undefined, nginxNote });
  };
  const nginxEtag = nginx ? ((await fetchRaw(`${nginx.origin}/page.html`, {})).headers.etag as string) : "";
  await row("page, identity", `${origin}/t/bench`, {}, "/page.html");
  await row("page, gzip", `${origin}/t/bench`, { "Accept-Encoding": "gzip" }, "/page.html");
  await row("page, br (as browsers ask)", `${origin}/t/bench`, BROWSER, "/page.html", { "Accept-Encoding": "gzip" }, "nginx-light has no brotli: its gzip_static");
  await row("trust.json, gzip", `${origin}/t/bench/trust.json`, { "Accept-Encoding": "gzip" }, "/trust.json");
  await row("page, If-None-Match → 304", `${origin}/t/bench`, { "If-None-Match": etag }, "/page.html", { "If-None-Match": nginxEtag });
  const bare = await load({ url: bareNode.url, headers: { "Accept-Encoding": "gzip" } });
  bareNode.close();

  // --- 10,000 tenants against 1 ------------------------------------------------------------------------
  // 9,999 more organisations, each with a publication of the measured tenant's size: its document
  // with the slug changed and every Markdown text prefixed with the tenant's number, so every hash
  // is distinct. Their signatures are not valid; nothing on the serving path checks them.
  // Inserted with SQL: publishing each for real would take minutes. Their stored artifacts are
  // the measured tenant's bytes under each one's own publication hash: serving costs depend on
  // the bytes' size, not their words, and rendering 9,999 pages would take as long as publishing
  // them (what one render costs is measured below, on real tenants).
  // With the web process's CPU per request and a speed probe: the next row is minutes later, after the
  // fill, and one tenant's req/s alone swung 13,000–21,000 between runs (ADR 025, "as browsers ask").
  const fillPerf = PERF ? { before: path.join(PERF, "fill-before.data"), after: path.join(PERF, "fill-after.data") } : undefined;
  if (PERF) mkdirSync(PERF, { recursive: true });
  const oneTenant = await withCpu(web.pid!, { url: `${origin}/t/bench`, headers: BROWSER }, true, fillPerf?.before);
  const started = performance.now();
  await fillTenants(owner, ctx.org.id);
  const fillSeconds = (performance.now() - started) / 1000;
  // Announced as publishing announces each publication (NOTIFY candor_publication), so the running
  // process writes their files for Caddy as it would have, one publish at a time; measured once
  // it has (a restart then finds them in place, as a real one would).
  await owner.$executeRawUnsafe(`SELECT pg_notify('candor_publication', slug) FROM "Organization" WHERE slug LIKE 'tenant-%'`);
  const filesSeconds = await waitForFiles(publishedDir, 9_999 + 2);
  // The last host directory appearing is not the process being done with the fill (its last files,
  // the notifications' re-checks): the row waits until the process is quiet, as it is before it.
  const settled = await untilQuiet(web.pid!);
  const tenants = await owner.organization.count();
  const manyTenants = await withCpu(web.pid!, { url: `${origin}/t/bench`, headers: BROWSER }, true, fillPerf?.after);
  const tenantPaths = Array.from({ length: 9999 }, (_, i) => `/t/tenant-${i + 1}`);
  // A cold pass: a fresh web process (nothing in memory), each of the 9,999 tenants requested once.
  web.kill("SIGTERM");
  await new Promise((resolve) => web.once("exit", resolve));
  web = await startWeb(port);
  // (Bounded by time, not by count: wrk's duration is the whole -d even when a thread stops early.)
  const coldPass = await wrk({ url: `${origin}/t/tenant-1`, headers: BROWSER, connections: CONNECTIONS, seconds: Math.min(DURATION, 3), paths: tenantPaths });
  const spread = await load({ url: `${origin}/t/tenant-1`, headers: BROWSER, paths: tenantPaths });
  const oneScripted = await load({ url: `${origin}/t/bench`, headers: BROWSER, paths: ONE_TENANT_PATHS });
  const coldRounds = [];
  for (let round = 0; round < COLD_ROUNDS; round++) {
    for (const warmUp of round % 2 ? [false, true] : [true, false]) {
      web.kill("SIGTERM");
      await new Promise((resolve) => web.once("exit", resolve));
      const profileDir = process.env.BENCH_CPU_PROF ? path.resolve(process.env.BENCH_CPU_PROF, `round-${round + 1}-${warmUp ? "warm-up" : "none"}`) : undefined;
      // BENCH_COLD_VARIANT_ENV=NAME=VALUE: the second start of each round keeps the warm-up and
      // runs with that variable instead (a change measured against the default in the same rounds).
      const variant = !warmUp && process.env.BENCH_COLD_VARIANT_ENV ? process.env.BENCH_COLD_VARIANT_ENV.split("=") : undefined;
      const startEnv = variant ? { [variant[0]!]: variant.slice(1).join("=") } : warmUp ? {} : { EDGE_WARM_UP_REQUESTS: "0" };
      web = await startWeb(port, { env: startEnv, nodeArgs: [...(profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : []), ...(TRACE_GC ? ["--trace-gc"] : []), ...(PERF ? ["--perf-basic-prof-only-functions"] : [])] });
      const written = () => startNotes.get(web)?.().length ?? 0;
      const from = written();
      const measured = await coldRound(origin, tenantPaths, web.pid!, PERF && path.join(PERF, `round-${round + 1}-${warmUp ? "warm-up" : "none"}`));
      // The web process's output (its --trace-gc lines included), and where its cold pass began.
      if (TRACE_GC) writeFileSync(path.join(TRACE_GC, `round-${round + 1}-${warmUp ? "first" : "second"}.log`), `${startNotes.get(web)?.() ?? ""}\n(the cold pass began at character ${from}; ${written()} when the round ended)\n`);
      const said = startNotes.get(web)?.() ?? "";
      const pages = /web: (\d+) live pages in memory in (\d+) ms/.exec(said);
      const answers = /(\d+) answers made ahead/.exec(said);
      coldRounds.push({ round: round + 1, warmUp, ...measured, start: `${pages ? `${pages[1]} pages in ${pages[2]} ms` : "no pages"}, ${answers ? `${answers[1]} answers` : "no answers"}` });
    }
  }
  if (coldRounds.length) printColdRounds(coldRounds);
  if (PERF) printPerfRounds(coldRounds);
  if (fillPerf) printPerfFill(oneTenant, manyTenants, fillPerf);
  // The same spread on servers that only send bytes: what the machine itself gives the ratio.
  await measureSpreadReferences(owner, tenantPaths, Math.max(1, COLD_ROUNDS), coldRounds.length ? coldRounds.filter((r) => r.warmUp) : undefined);
  // What rendering costs (for the record: no visitor pays it): 20 real tenants' artifacts, each
  // rendered and stored from scratch as the worker would.
  const renderTimes: number[] = [];
  const renderStart = renderCounts.total;
  for (let i = 1; i <= 20; i++) {
    const org = await owner.organization.findUniqueOrThrow({ where: { slug: `tenant-${i}` } });
    await owner.publishedArtifact.deleteMany({ where: { orgId: org.id } });
    const t0 = performance.now();
    await ensureArtifacts({ orgId: org.id, slug: org.slug, from: Date.now(), until: Date.now() });
    renderTimes.push(performance.now() - t0);
  }
  const rendersPerTenant = (renderCounts.total - renderStart) / 20;

  // --- two web processes and two workers on one database, behind Caddy --------------------------------
  const { createControl } = await import("../src/modules/controls/server/controls");
  const publishWith = async (title: string) => {
    await createControl({ ctx, input: { ref: "HZ-01", area: "Horizontal", title, description: "Published through two web processes.", status: "IMPLEMENTED", visibility: "PUBLIC" } });
    const result = await publish({ ctx });
    return result.seq;
  };
  const horizontal = CADDY && !ONLY ? await measureHorizontal({ root: path.join(database.dir, "caddy-2"), publishedDir, appPort: port, startWeb, publishWith, owner }) : undefined;


  // --- 100,000 custom domains: Caddy's ask, and a page served by host name -------------------------
  const domains = ONLY ? undefined : await measureDomains(owner, origin, web.pid!);

  // --- the shipped topology: Caddy (deploy/caddy/site.caddy) beside a minimal Caddy and nginx -------
  const caddy = CADDY && !ONLY ? await measureCaddy({ root: path.join(database.dir, "caddy"), publishedDir, appPort: port, nginxTlsPort: nginx?.tlsPort }) : undefined;

  // --- Lighthouse --------------------------------------------------------------------------------------
  // On the tenant's platform host, as visitors read it (Chromium resolves *.localhost to the loopback).
  const lighthouse = existsSync(CHROMIUM) && !ONLY ? await lighthouseRuns("bench.localhost", `http://bench.localhost:${port}/`) : undefined;

  // --- report --------------------------------------------------------------------------------------------
  const fmt = (n: number, digits = 0) => n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
  const ratio = (a?: { rps: number }, b?: { rps: number }) => (a && b ? `${fmt(a.rps / b.rps, 2)}×` : "–");
  const gz = gzipSync(page.body, { level: 6 }).length;
  console.log(`\nPublic surfaces: production build (scripts/web.ts), wrk -t1 -c${CONNECTIONS}, ${DURATION} s per row (after 2 s of warm-up), loopback; the browser rows send Accept-Encoding "${BROWSER["Accept-Encoding"]}" and ${ACCEPT_LANGUAGE ? `Accept-Language "${ACCEPT_LANGUAGE}"` : "no Accept-Language"} (BENCH_ACCEPT_LANGUAGE); this machine (${(await import("node:os")).cpus().length} cores, load average ${(await import("node:os")).loadavg().map((l) => l.toFixed(1)).join(" ")})`);
  console.log(`nginx: ${nginx ? "Debian's, one worker, the same bytes as static files (gzip_static with the app's own gzip bytes)" : "not installed (apt-get install nginx-light): comparison skipped"}\n`);
  console.log("| surface | Candor req/s | p50 ms | p99 ms | errors | nginx req/s | nginx p99 ms | Candor / nginx | target |\n|---|---|---|---|---|---|---|---|---|");
  for (const r of rows) {
    console.log(`| ${r.label} | ${fmt(r.ours.rps)} | ${fmt(r.ours.p50, 2)} | ${fmt(r.ours.p99, 2)} | ${r.ours.errors + r.ours.non2xx} | ${r.nginx ? fmt(r.nginx.rps) : "–"}${r.nginxNote ? ` (${r.nginxNote})` : ""} | ${r.nginx ? fmt(r.nginx.p99, 2) : "–"} | ${ratio(r.ours, r.nginx)} | ≥ 0.25× |`);
  }
  console.log(`| bare Node http server, the same gzip buffer (reference) | ${fmt(bare.rps)} | ${fmt(bare.p50, 2)} | ${fmt(bare.p99, 2)} | ${bare.errors + bare.non2xx} | ${rows[1]?.nginx ? fmt(rows[1].nginx.rps) : "–"} | – | ${ratio(bare, rows[1]?.nginx)} | – |`);
  console.log(`Page HTML: ${fmt(page.body.length / 1024, 1)} KB, ${fmt(gz / 1024, 1)} KB gzipped (target ≤ 30 KB); as served gzipped: ${fmt(pageGzip.body.length / 1024, 1)} KB`);
  const sortedPublish = [...publishTimes].sort((a, b) => a - b);
  console.log(`Publishing 1,000 controls (2,000 evidence links; every surface rendered and stored in the same transaction), 5 publishes: first ${fmt(publishTimes[0]!)} ms (makes the signing key), median ${fmt(sortedPublish[2]!)} ms, max ${fmt(sortedPublish[4]!)} ms (target ≤ 1,000 ms)`);
  console.log(`Reading a stored publication (${fmt(parseCost.bytes / 1024)} KB, 1,000 controls), once per load, not per request: JSON.parse ${fmt(parseCost.json, 2)} ms, JSON.parse + its zod schema ${fmt(parseCost.schema, 2)} ms`);
  console.log(`\n| tenants | req/s | p50 ms | p99 ms | errors | vs 1 tenant | target |\n|---|---|---|---|---|---|---|`);
  console.log(`| 1 (the page, br) | ${fmt(oneTenant.rps)} | ${fmt(oneTenant.p50, 2)} | ${fmt(oneTenant.p99, 2)} | ${oneTenant.errors + oneTenant.non2xx} | 1.00× | |`);
  console.log(`| ${fmt(tenants)}, the same page | ${fmt(manyTenants.rps)} | ${fmt(manyTenants.p50, 2)} | ${fmt(manyTenants.p99, 2)} | ${manyTenants.errors + manyTenants.non2xx} | ${ratio(manyTenants, oneTenant)} | ≥ 0.9× |`);
  console.log(`| cold pass after a restart: the first ${fmt(coldPass.requests)} requests, each a different tenant${coldPass.requests > tenantPaths.length ? ` (past ${fmt(tenantPaths.length)}: some warm)` : ""} | ${fmt(coldPass.rps)} | ${fmt(coldPass.p50, 2)} | ${fmt(coldPass.p99, 2)} | ${coldPass.errors + coldPass.non2xx} | ${ratio(coldPass, oneTenant)} | ≥ 0.8× |`);
  console.log(`| every request the next of 9,999 tenants, round-robin | ${fmt(spread.rps)} | ${fmt(spread.p50, 2)} | ${fmt(spread.p99, 2)} | ${spread.errors + spread.non2xx} | ${ratio(spread, oneTenant)} | ≥ 0.8× |`);
  console.log(`| 1, through the same path-rotating script as the two rows above (measured after them, same process) | ${fmt(oneScripted.rps)} | ${fmt(oneScripted.p50, 2)} | ${fmt(oneScripted.p99, 2)} | ${oneScripted.errors + oneScripted.non2xx} | ${ratio(oneScripted, oneTenant)} | cold ${ratio(coldPass, oneScripted)}, round-robin ${ratio(spread, oneScripted)} of it |`);
  console.log(`(The same page before and after the fill, same process, by its CPU per request: ${oneTenant.cpuUs.toFixed(1)} µs and ${manyTenants.cpuUs.toFixed(1)} µs, ${(oneTenant.cpuUs / manyTenants.cpuUs).toFixed(2)}×; speed probe around each row ${span(oneTenant.probeMs)} ms and ${span(manyTenants.probeMs)} ms, ~31 ms on an idle machine; memory probe ${span(oneTenant.memoryMs)} ms and ${span(manyTenants.memoryMs)} ms, ~95 ms idle; the rest of the machine ${oneTenant.othersMs.toFixed(0)} ms and ${manyTenants.othersMs.toFixed(0)} ms of CPU over each row (/proc/stat's sampled ticks less each process's own counters: a few hundred ms either way is none).)`);
  console.log(`(9,999 tenants added in ${fmt(fillSeconds, 1)} s; their pages written to PUBLISHED_DIR by the running process ${fmt(filesSeconds, 1)} s after the announcement; then ${fmt(settled.seconds, 1)} s and ${fmt(settled.cpuMs)} ms of its CPU until it was quiet.) Rendering, which no visitor waits for: ${fmt(rendersPerTenant, 1)} surfaces per tenant (2 hosts), ${fmt(median(renderTimes))} ms per tenant (median of 20, with br and gzip, stored)`);
  if (domains) printDomains(domains, fmt);
  if (caddy) printCaddy(caddy, fmt, ratio);
  else console.log(ONLY ? `\nCaddy, two processes, custom domains, Lighthouse: skipped (BENCH_ONLY=${ONLY}; npm run bench:caddy for the Caddy rows)` : "\nCaddy: not installed (apt-get install caddy): the shipped-topology rows are skipped");
  if (horizontal) {
    console.log(`\nTwo web processes and two workers on one database, behind Caddy (deploy/caddy/site.caddy, both upstreams):`);
    console.log(`  a publish (seq ${horizontal.seq}) served with its new content by web A after ${fmt(horizontal.ms.a)} ms, web B after ${fmt(horizontal.ms.b)} ms, through Caddy after ${fmt(horizontal.ms.caddy)} ms (target ≤ 1,000 ms each)`);
    console.log(`  two processes running the workers' upkeep at the same instant, 200 tenants' artifacts missing: ${horizontal.race.renders} renders for ${horizontal.race.rows} artifacts stored meanwhile (target: no more renders than rows, i.e. nothing rendered twice; the two running workers may store a few rows of their own meanwhile): ${horizontal.race.renders <= horizontal.race.rows ? "met" : "NOT met"}, ${horizontal.race.ms} ms`);
  }
  if (lighthouse) {
    const misses = budgetMisses([lighthouse]);
    console.log(`\nLighthouse ${lighthouse.version} (mobile, simulated throttling), ${lighthouse.runs.length} runs on the page (target ≥ ${LIGHTHOUSE_BUDGET} each; every public surface: npm run bench:lighthouse):\n${lighthouseReport([lighthouse])}`);
    console.log(misses.length ? `  NOT met: ${misses.join("; ")}` : "  met");
  } else if (!ONLY) console.log(`Lighthouse: skipped (no Chromium at ${CHROMIUM})`);

  await owner.$disconnect();
  await disconnectDb();
} finally {
  for (const child of children) child.kill("SIGTERM");
  await database.stop();
}

// --- helpers -----------------------------------------------------------------------------------------

/** A row's measurement: 2 s of warm-up, then DURATION seconds. */
function load(options: Parameters<typeof wrk>[0]) {
  return wrkAfterWarmup({ ...options, seconds: options.seconds ?? DURATION, connections: options.connections ?? CONNECTIONS });
}

/** Seconds until `dir` holds at least `count` host directories (the edge's files, ADR 017). */
async function waitForFiles(dir: string, count: number) {
  const started = performance.now();
  while (performance.now() - started < 900_000) {
    if ((existsSync(dir) ? readdirSync(dir).length : 0) >= count) return (performance.now() - started) / 1000;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`bench: ${dir} did not reach ${count} host directories in 15 minutes (the machine is shared: at ~60 directories a second, two benches at once took over 5)`);
}

/**
 * Writes the machine's dirty pages back, then waits until process `pid` (and its children) used
 * under 5% of a core over a second, at most `limitMs`: how long that took and the CPU it used meanwhile.
 */
async function untilQuiet(pid: number, limitMs = 120_000) {
  const started = performance.now();
  // The fill's files, written back now rather than by the kernel's flusher threads during the row.
  spawnSync("sync");
  const first = treeCpuMs(pid);
  let before = first;
  while (performance.now() - started < limitMs) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const now = treeCpuMs(pid);
    if (now - before < 50) break;
    before = now;
  }
  return { seconds: (performance.now() - started) / 1000, cpuMs: treeCpuMs(pid) - first };
}

function timeIt(fn: () => unknown, times: number) {
  fn();
  const samples = Array.from({ length: times }, () => {
    const t0 = performance.now();
    fn();
    return performance.now() - t0;
  });
  return median(samples);
}



/** GET without decoding: the bytes as sent (fetch would gunzip). */
function fetchRaw(url: string, headers: Record<string, string>) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    http
      .get(url, { headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
      })
      .on("error", reject);
  });
}

/** An HTTPS GET for TENANT_HOST (SNI and Host) at 127.0.0.1:port, certificate not checked (Caddy's internal CA). */
function fetchTls(port: number, pathname: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve) => {
    https
      .get({ host: "127.0.0.1", port, path: pathname, servername: TENANT_HOST, headers: { Host: TENANT_HOST, ...headers }, rejectUnauthorized: false }, (response) => {
        let body = "";
        response.on("data", (chunk: Buffer) => (body += chunk.toString()));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
      })
      .on("error", () => resolve({ status: 0, headers: {}, body: "" }));
  });
}

type Bytes = { body: Buffer };
async function nginxOn(root: string, bytes: { page: Bytes; pageGzip: Bytes; json: Bytes; jsonGzip: Bytes; tenantPage: Bytes; tenantPageGzip: Bytes }) {
  mkdirSync(path.join(root, "www"), { recursive: true });
  // The app's own bytes, and its own gzip bytes beside them for gzip_static.
  for (const [name, b] of [["page.html", bytes.page], ["page.html.gz", bytes.pageGzip], ["trust.json", bytes.json], ["trust.json.gz", bytes.jsonGzip], ["tenant.html", bytes.tenantPage], ["tenant.html.gz", bytes.tenantPageGzip]] as const) {
    writeFileSync(path.join(root, "www", name), b.body);
  }
  const [plainPort, tlsPort] = [await freePort(), await freePort()];
  children.push(startNginx({ dir: root, root: path.join(root, "www"), host: TENANT_HOST, tlsPort, plainPort }));
  const nginxOrigin = `http://127.0.0.1:${plainPort}`;
  await waitFor(`${nginxOrigin}/page.html`);
  return { origin: nginxOrigin, tlsPort };
}

/** A bare Node http server sending one gzip buffer with fixed headers: what Node itself does here. */
async function startBareNode(gzipBody: Buffer) {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, ["Content-Type", "text/html; charset=utf-8", "Content-Encoding", "gzip", "Content-Length", gzipBody.length]);
    res.end(gzipBody);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/`, close: () => server.close() };
}

/** 9,999 tenants with publications, and stored artifacts copied from the measured tenant's (see above). */
async function fillTenants(owner: PrismaClient, benchOrgId: string) {
  await owner.$executeRawUnsafe(`
    INSERT INTO "Organization" (id, slug, name) SELECT gen_random_uuid(), 'tenant-' || n, 'Tenant ' || n FROM generate_series(1, 9999) AS n`);
  await owner.$executeRawUnsafe(`
    INSERT INTO "Publication" ("orgId", seq, kind, canonical, hash, "prevHash", signature, "publicKey", "publishedAt")
    SELECT o.id, 1, p.kind, c.canonical, encode(sha256(convert_to(c.canonical, 'UTF8')), 'hex'), NULL, p.signature, p."publicKey", p."publishedAt"
    FROM "Organization" o
    CROSS JOIN (SELECT * FROM "Publication" WHERE "orgId" = '${benchOrgId}' AND seq = 1) p
    CROSS JOIN LATERAL (SELECT regexp_replace(replace(p.canonical, '"slug":"bench"', '"slug":"' || o.slug || '"'),
      '"(description|answer|body|policy|overview)":"', '"\\1":"' || o.slug || ' ', 'g') AS canonical) c
    WHERE o.slug LIKE 'tenant-%'`);
  await owner.$executeRawUnsafe(`
    INSERT INTO "PublishedArtifact" ("orgId", "publicationHash", "appOrigin", site, surface, "validFrom", "validUntil", etag, "contentType", language, body, br, gzip)
    SELECT o.id, p.hash, a."appOrigin", CASE WHEN a.site = '' THEN '' ELSE o.slug || '.localhost' END, a.surface, a."validFrom", a."validUntil",
      replace(a.etag, a."publicationHash", p.hash), a."contentType", a.language, a.body, a.br, a.gzip
    FROM "Organization" o JOIN "Publication" p ON p."orgId" = o.id
    CROSS JOIN (SELECT * FROM "PublishedArtifact" WHERE "orgId" = '${benchOrgId}' AND (site = '' OR site = 'bench.localhost')
      AND "publicationHash" = (SELECT hash FROM "Publication" WHERE "orgId" = '${benchOrgId}' ORDER BY seq DESC LIMIT 1)) a
    WHERE o.slug LIKE 'tenant-%'`);
  // Let PostgreSQL settle, so the comparison measures lookups, not I/O.
  for (const table of ["Organization", "Publication", "PublishedArtifact"]) await owner.$executeRawUnsafe(`VACUUM ANALYZE "${table}"`);
  await owner.$executeRawUnsafe(`CHECKPOINT`);
}

/** A Caddy of its own (admin, storage and ports), running `site` for https://; returns its ports. */
async function startCaddy(root: string, site: string, env: Record<string, string>, askPort?: number) {
  mkdirSync(root, { recursive: true });
  const [httpsPort, httpPort, adminPort] = [await freePort(), await freePort(), await freePort()];
  writeFileSync(
    path.join(root, "Caddyfile"),
    `{
	admin 127.0.0.1:${adminPort}
	storage file_system ${path.join(root, "data")}
	skip_install_trust
	http_port ${httpPort}
	https_port ${httpsPort}
	auto_https disable_redirects
	${askPort ? `on_demand_tls {\n\t\task http://127.0.0.1:${askPort}/internal/tls/ask\n\t}` : ""}
	log {
		level ERROR
	}
}
${site}
`,
  );
  const caddyEnv = { ...process.env, HOME: root, XDG_DATA_HOME: root, XDG_CONFIG_HOME: root, ...env };
  const child = spawn(CADDY!, ["run", "--config", path.join(root, "Caddyfile"), "--adapter", "caddyfile"], { stdio: ["ignore", "ignore", "inherit"], env: caddyEnv });
  children.push(child);
  for (let i = 0; (await fetchTls(httpsPort, "/")).status === 0; i++) {
    if (i > 150) throw new Error(`bench: Caddy (${root}) did not answer`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { httpsPort, adminPort, child };
}

function shippedSite(file = "deploy/caddy/site.caddy") {
  return `https:// {
	bind 127.0.0.1
	tls internal {
		on_demand
	}
	import ${path.resolve(file)}
}`;
}

/**
 * The shipped topology (deploy/caddy/site.caddy in front of the app, its published files) beside
 * a minimal Caddy file_server on the same precompressed files, and nginx on the same bytes, all
 * over HTTPS; Caddy's CPU profile taken while the shipped config serves the page.
 */
async function measureCaddy(input: { root: string; publishedDir: string; appPort: number; nginxTlsPort?: number }) {
  const file = path.join(input.publishedDir, TENANT_HOST, "index.html");
  for (let i = 0; !existsSync(file); i++) {
    if (i > 300) throw new Error("bench: the edge's writer did not write the tenant host's page");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const env = { APP_HOST: "app.bench.invalid", PLATFORM_DOMAIN: "localhost", CANDOR_UPSTREAM: `127.0.0.1:${input.appPort}`, PUBLISHED_DIR: input.publishedDir };
  const shipped = await startCaddy(path.join(input.root, "shipped"), shippedSite(), env, input.appPort);
  for (let i = 0; (await fetchTls(shipped.httpsPort, "/")).headers["x-candor-edge"] !== "file"; i++) {
    if (i > 100) throw new Error("bench: Caddy did not serve the published file");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  // BENCH_COMPARE_SITE=path/to/other/site.caddy: that config measured beside the shipped one.
  const compareFile = process.env.BENCH_COMPARE_SITE;
  const compare = compareFile ? await startCaddy(path.join(input.root, "compare"), shippedSite(compareFile), env, input.appPort) : undefined;
  const minimal = await startCaddy(path.join(input.root, "minimal"), `https://${TENANT_HOST} {
	bind 127.0.0.1
	tls internal
	root * ${path.join(input.publishedDir, TENANT_HOST)}
	file_server {
		precompressed br gzip
	}
}`, {});
  const url = (port: number, pathname = "/") => `https://${TENANT_HOST}:${port}${pathname}`;
  const run = (port: number, headers: Record<string, string>, pathname = "/") => load({ url: url(port, pathname), headers, connectTo: "127.0.0.1" });
  const nginxRun = (headers: Record<string, string>) => (input.nginxTlsPort ? run(input.nginxTlsPort, headers, "/tenant.html") : Promise.resolve(undefined));
  const encodings: [string, Record<string, string>, Record<string, string>][] = [
    ["identity", {}, {}],
    ["gzip", { "Accept-Encoding": "gzip" }, { "Accept-Encoding": "gzip" }],
    ["br (nginx: gzip_static)", BROWSER, { "Accept-Encoding": "gzip" }],
  ];
  const rows: { label: string; shipped: WrkResult; minimal: WrkResult; nginx?: WrkResult; compare?: WrkResult }[] = [];
  let profile: string | undefined;
  for (const [label, headers, nginxHeaders] of encodings) {
    const profiling = label === "gzip" ? captureProfile(shipped.adminPort, path.join(input.root, "shipped.pprof")) : undefined;
    const shippedResult = await run(shipped.httpsPort, headers);
    profile = (await profiling) ?? profile;
    rows.push({ label, shipped: shippedResult, minimal: await run(minimal.httpsPort, headers), nginx: await nginxRun(nginxHeaders), compare: compare ? await run(compare.httpsPort, headers) : undefined });
  }
  const proxied = await run(shipped.httpsPort, BROWSER, "/?via=app");
  const version = spawnSync(CADDY!, ["version"], { encoding: "utf8" }).stdout.trim().split(" ")[0] ?? "?";
  for (const caddy of [shipped, minimal, compare]) caddy?.child.kill("SIGTERM");
  return { rows, proxied, version, profile };
}

/** Caddy's CPU profile (its admin endpoint serves Go's pprof) during the measured run; `go tool pprof -top` when go is installed. */
async function captureProfile(adminPort: number, file: string): Promise<string | undefined> {
  await new Promise((resolve) => setTimeout(resolve, 2_500)); // past the warm-up
  const response = await fetch(`http://127.0.0.1:${adminPort}/debug/pprof/profile?seconds=${Math.max(2, DURATION - 2)}`).catch(() => undefined);
  if (!response?.ok) return "profile: Caddy's admin endpoint did not answer";
  writeFileSync(file, Buffer.from(await response.arrayBuffer()));
  const go = spawnSync("go", ["tool", "pprof", "-top", "-nodecount=30", file], { encoding: "utf8" });
  if (go.error || go.status !== 0) return `profile saved to ${file} (install golang-go to read it: go tool pprof -top ${file})`;
  const cum = spawnSync("go", ["tool", "pprof", "-top", "-cum", "-nodecount=45", file], { encoding: "utf8" });
  return `${go.stdout}\n--- by cumulative time ---\n${cum.stdout}`;
}

function printCaddy(caddy: NonNullable<Awaited<ReturnType<typeof measureCaddy>>>, fmt: (n: number, d?: number) => string, ratio: (a?: { rps: number }, b?: { rps: number }) => string) {
  console.log(`\nShipped topology over HTTPS, ${TENANT_HOST}/ (Caddy ${caddy.version}; the app's published files; wrk -t1 -c${CONNECTIONS}):`);
  console.log("| encoding | shipped site.caddy req/s | p99 ms | minimal Caddy file_server req/s | p99 ms | nginx req/s | p99 ms | shipped / minimal (target ≥ 0.9×) | shipped / nginx | minimal / nginx |\n|---|---|---|---|---|---|---|---|---|---|");
  for (const r of caddy.rows) {
    console.log(`| ${r.label} | ${fmt(r.shipped.rps)} | ${fmt(r.shipped.p99, 2)} | ${fmt(r.minimal.rps)} | ${fmt(r.minimal.p99, 2)} | ${r.nginx ? fmt(r.nginx.rps) : "–"} | ${r.nginx ? fmt(r.nginx.p99, 2) : "–"} | ${ratio(r.shipped, r.minimal)} | ${ratio(r.shipped, r.nginx)} | ${ratio(r.minimal, r.nginx)} |`);
  }
  console.log(`Page proxied to the app through the shipped config (br; a query string skips the file): ${fmt(caddy.proxied.rps)} req/s, p99 ${fmt(caddy.proxied.p99, 2)} ms`);
  for (const r of caddy.rows.filter((row) => row.compare)) console.log(`  ${process.env.BENCH_COMPARE_SITE} (BENCH_COMPARE_SITE), ${r.label}: ${fmt(r.compare!.rps)} req/s, p99 ${fmt(r.compare!.p99, 2)} ms → ${ratio(r.compare, r.minimal)} of the minimal Caddy`);
  if (caddy.profile) console.log(`\nCaddy CPU profile, shipped config serving the page file (gzip):\n${caddy.profile.split("\n").slice(0, 90).join("\n")}`);
}

/**
 * Two web processes and two workers on one database behind the shipped Caddy config: how soon a
 * publish is served with its new content by each web process and through Caddy (its files), and
 * two processes running the workers' artifact upkeep at the same instant.
 */
async function measureHorizontal(input: {
  root: string;
  publishedDir: string;
  appPort: number;
  startWeb: (port: number) => Promise<ChildProcess>;
  publishWith: (title: string) => Promise<number>;
  owner: PrismaClient;
}) {
  const race = await raceUpkeep(input.owner, input.root);
  const portB = await freePort();
  const webB = await input.startWeb(portB);
  const workers = [0, 1].map(() => {
    const child = spawn(process.execPath, ["--import", "tsx", "--import", "./scripts/node-hooks.mjs", "src/worker/main.ts"], { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, APP_URL: `http://127.0.0.1:${input.appPort}` } });
    children.push(child);
    return child;
  });
  const env = { APP_HOST: "app.bench.invalid", PLATFORM_DOMAIN: "localhost", CANDOR_UPSTREAM: `127.0.0.1:${input.appPort} 127.0.0.1:${portB}`, PUBLISHED_DIR: input.publishedDir };
  const caddy = await startCaddy(input.root, shippedSite(), env, input.appPort);
  const title = `Published at ${Date.now()}`;
  const seq = await input.publishWith(title);
  const published = performance.now();
  const until = async (check: () => Promise<boolean>) => {
    while (!(await check())) {
      if (performance.now() - published > 30_000) return NaN;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return performance.now() - published;
  };
  const [a, b, viaCaddy] = await Promise.all([
    until(async () => (await fetchRaw(`http://127.0.0.1:${input.appPort}/`, { Host: TENANT_HOST })).body.toString().includes(title)),
    until(async () => (await fetchRaw(`http://127.0.0.1:${portB}/`, { Host: TENANT_HOST })).body.toString().includes(title)),
    until(async () => (await fetchTls(caddy.httpsPort, "/")).body.includes(title)),
  ]);
  for (const child of [caddy.child, webB, ...workers]) child.kill("SIGTERM");
  return { seq, ms: { a, b, caddy: viaCaddy }, race };
}

/** Two processes run the artifact upkeep at the same instant over 200 tenants whose artifacts were deleted. */
async function raceUpkeep(owner: PrismaClient, root: string) {
  await owner.$executeRawUnsafe(`DELETE FROM "PublishedArtifact" WHERE "orgId" IN (SELECT id FROM "Organization" WHERE slug ~ '^tenant-(1[0-1][0-9][0-9])$')`);
  const barrier = path.join(root, "barrier");
  mkdirSync(barrier, { recursive: true });
  const child = () =>
    new Promise<{ rendered: number; renders: number }>((resolve, reject) => {
      const proc = spawn(process.execPath, ["--import", "tsx", "--import", "./scripts/node-hooks.mjs", "scripts/lib/upkeep-once.ts", barrier], { stdio: ["ignore", "pipe", "inherit"], env: process.env });
      let out = "";
      proc.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
      proc.on("exit", (code) => (code === 0 ? resolve(JSON.parse(out.trim().split("\n").at(-1)!)) : reject(new Error(`upkeep exited ${code}`))));
    });
  const results = Promise.all([child(), child()]);
  while (readdirSync(barrier).filter((name) => name.startsWith("ready-")).length < 2) await new Promise((resolve) => setTimeout(resolve, 50));
  const started = performance.now();
  writeFileSync(path.join(barrier, "go"), "");
  const [x, y] = await results;
  // Every row stored since the race began (any organisation the upkeep found lacking something).
  const [{ count }] = await owner.$queryRawUnsafe<[{ count: bigint }]>(`SELECT count(*) FROM "PublishedArtifact" WHERE "createdAt" >= $1`, new Date(Date.now() - (performance.now() - started) - 1_000));
  return { renders: x.renders + y.renders, rows: Number(count), ms: Math.round(performance.now() - started) };
}


/** 100,000 custom domains: the page by host name with one and with all of them, and Caddy's ask (new names and known ones). */
async function measureDomains(owner: PrismaClient, origin: string, pid: number) {
  const pageByHost = await load({ url: `${origin}/`, headers: { ...BROWSER, Host: TENANT_HOST } });
  await owner.$executeRawUnsafe(`
    INSERT INTO "CustomDomain" ("orgId", hostname, token, status, "verifiedAt")
    SELECT o.id, 'd' || n || '.customers.example', md5(n::text), 'VERIFIED', now()
    FROM generate_series(1, 99999) AS n JOIN "Organization" o ON o.slug = 'tenant-' || (1 + n % 9999)`);
  await owner.$executeRawUnsafe(`VACUUM ANALYZE "CustomDomain"`);
  const domainCount = await owner.customDomain.count();
  // Each new row is announced on candor_domain (one notification each, to every process): the row
  // below measures serving among 100,000 domains, not the process absorbing 99,999 announcements.
  const absorbed = await untilQuiet(pid);
  const pageByHostMany = await load({ url: `${origin}/`, headers: { ...BROWSER, Host: TENANT_HOST } });
  // Every ask a name not asked before: half verified domains, half names nobody claimed (as a
  // scanner's SNI would be), so each is a database lookup, the worst case.
  const askNew = (i: number, salt: string) => `/internal/tls/ask?domain=${i % 2 ? `d${1 + ((i * 7919) % 99999)}` : `unclaimed-${salt}${i}`}.customers.example`;
  const askCold = await wrk({ url: `${origin}/internal/tls/ask?domain=x.example`, connections: CONNECTIONS, seconds: DURATION, paths: Array.from({ length: 200_000 }, (_, i) => askNew(i, "a")) });
  const askWarmPaths = Array.from({ length: 1000 }, (_, i) => `/internal/tls/ask?domain=d${1 + i}.customers.example`);
  const askWarm = await load({ url: `${origin}/internal/tls/ask?domain=x.example`, paths: askWarmPaths });
  // Caddy asks once per new name, one handshake at a time per name: the same two, one connection.
  const askColdOne = await wrk({ url: `${origin}/internal/tls/ask?domain=x.example`, connections: 1, seconds: DURATION, paths: Array.from({ length: 100_000 }, (_, i) => askNew(i, "b")) });
  const askWarmOne = await wrk({ url: `${origin}/internal/tls/ask?domain=x.example`, connections: 1, seconds: DURATION, paths: askWarmPaths });
  return { pageByHost, pageByHostMany, domainCount, absorbed, askCold, askWarm, askColdOne, askWarmOne };
}

function printDomains(d: Awaited<ReturnType<typeof measureDomains>>, fmt: (n: number, digits?: number) => string) {
  console.log(`\nCustom domains: ${fmt(d.domainCount)} verified. Page by host name (${TENANT_HOST}, br): ${fmt(d.pageByHost.rps)} req/s p99 ${fmt(d.pageByHost.p99, 2)} ms with 1 domain; ${fmt(d.pageByHostMany.rps)} req/s p99 ${fmt(d.pageByHostMany.p99, 2)} ms with ${fmt(d.domainCount)} (inserted at once, 99,999 announcements: the web process quiet again after ${fmt(d.absorbed.seconds, 1)} s, ${fmt(d.absorbed.cpuMs)} ms of its CPU)`);
  console.log(`TLS ask at ${fmt(d.domainCount)} domains (target p99 ≤ 5 ms), ${d.askCold.errors + d.askWarm.errors + d.askColdOne.errors + d.askWarmOne.errors} errors:`);
  console.log(`  every name new (a database lookup each): 32 connections ${fmt(d.askCold.rps)} req/s, p50 ${fmt(d.askCold.p50, 2)} ms, p99 ${fmt(d.askCold.p99, 2)} ms; 1 connection ${fmt(d.askColdOne.rps)} req/s, p50 ${fmt(d.askColdOne.p50, 2)} ms, p99 ${fmt(d.askColdOne.p99, 2)} ms`);
  console.log(`  1,000 known names repeated (cached): 32 connections ${fmt(d.askWarm.rps)} req/s, p99 ${fmt(d.askWarm.p99, 2)} ms; 1 connection ${fmt(d.askWarmOne.rps)} req/s, p99 ${fmt(d.askWarmOne.p99, 2)} ms`);
}

/**
 * One round of BENCH_COLD_ROUNDS on a process just started: the cold pass (3 s, each request a
 * different tenant), then round-robin over all of them, then one warm tenant, all on this process.
 * Each row also counts the web process's CPU time (/proc/PID/stat) per request it answered: on
 * this shared 2-core machine req/s of one row swing by half between rounds with the other
 * engineers' load, while the process's own CPU per request moves far less (as in bench:caddy).
 */
async function coldRound(origin: string, tenantPaths: string[], pid: number, perfPrefix?: string) {
  const perf = perfPrefix ? { cold: `${perfPrefix}-cold.data`, spread: `${perfPrefix}-round-robin.data`, one: `${perfPrefix}-one.data` } : undefined;
  if (process.env.BENCH_COLD_SPLIT) {
    // Half the tenants for 3 s, then the other half (first visits too, 3 s later), then the first
    // half again (all seen): what each first visit costs shows in the first two alike; what the
    // process's first seconds cost, in the first alone.
    const half = Math.floor(tenantPaths.length / 2);
    const part = async (paths: string[]) => {
      const before = mainThreadCounters(pid);
      const result = await withCpu(pid, { url: `${origin}/t/tenant-1`, headers: BROWSER, connections: CONNECTIONS, seconds: 3, paths }, false);
      const after = mainThreadCounters(pid);
      const per = (n: number) => (n * 1e3) / Math.max(1, result.requests);
      return { ...result, userUs: per(after.userMs - before.userMs), sysUs: per(after.sysMs - before.sysMs), faults: (after.minorFaults - before.minorFaults) / Math.max(1, result.requests) };
    };
    const a = await part(tenantPaths.slice(0, half));
    const b = await part(tenantPaths.slice(half));
    const c = await part(tenantPaths.slice(0, half));
    const f = (r: typeof a) => `${r.rps.toFixed(0)} req/s (${r.requests}), p99 ${r.p99.toFixed(1)} ms, CPU ${r.cpuUs.toFixed(1)} µs, main ${r.mainUs.toFixed(1)} µs (user ${r.userUs.toFixed(1)}, system ${r.sysUs.toFixed(1)}), ${r.faults.toFixed(2)} minor faults`;
    console.log(`cold pass in three parts, round on pid ${pid}: first half ${f(a)}; second half ${f(b)}; first half again ${f(c)}`);
  }
  const threadsBefore = threadCpuMsByName(pid);
  const cold = await withCpu(pid, { url: `${origin}/t/tenant-1`, headers: BROWSER, connections: CONNECTIONS, seconds: Math.min(DURATION, 3), paths: tenantPaths }, false, perf?.cold);
  const coldThreads = threadCpuDelta(threadsBefore, threadCpuMsByName(pid));
  const spreadBefore = threadCpuMsByName(pid);
  const spread = await withCpu(pid, { url: `${origin}/t/tenant-1`, headers: BROWSER, paths: tenantPaths }, true, perf?.spread);
  // The web process's threads (the main one, V8's helpers, libuv's pool) in each of the two rows.
  console.log(`threads' CPU, pid ${pid}: cold pass (${cold.requests} requests) ${coldThreads}; round-robin (${spread.requests} requests, 2 s of warm-up included) ${threadCpuDelta(spreadBefore, threadCpuMsByName(pid))}`);
  const one = await withCpu(pid, { url: `${origin}/t/bench`, headers: BROWSER }, true, perf?.one);
  // The same tenant through the same path-rotating Lua script as the two rows above (wrk then
  // formats each request in Lua instead of resending one buffer): the generator's own cost per
  // request is then the same on both sides of the ratio.
  const oneScripted = await withCpu(pid, { url: `${origin}/t/bench`, headers: BROWSER, paths: ONE_TENANT_PATHS });
  return { cold, spread, one, oneScripted, perf };
}


/**
 * The cold rounds' three rows (coldRound(): a cold pass, round-robin, one page) on the reference
 * servers of scripts/lib/spread-reference.ts, each started fresh per round, over the very bytes
 * the web process sends for the 9,999 tenants and the measured one (its brotli page, its header
 * list), printed beside Candor's own rounds of this run (`ours`, with the warm-up) or, without
 * rounds, for the reader to set beside the main table.
 */
async function measureSpreadReferences(owner: PrismaClient, tenantPaths: string[], rounds: number, ours?: ({ round: number } & Awaited<ReturnType<typeof coldRound>>)[]) {
  const dir = path.join(database.dir, "spread");
  const sent = await fetchRaw(`${origin}/t/bench`, BROWSER);
  const skip = new Set(["date", "connection", "keep-alive", "content-length", "etag", "transfer-encoding"]);
  const headers = Object.entries(sent.headers).flatMap(([name, value]) => (skip.has(name) || value === undefined ? [] : [[name, String(value)] as [string, string]]));
  const rows = await owner.$queryRawUnsafe<{ slug: string; etag: string; br: Uint8Array }[]>(
    `SELECT o.slug, a.etag, a.br FROM "PublishedArtifact" a JOIN "Organization" o ON o.id = a."orgId" WHERE o.slug LIKE 'tenant-%' AND a.site = '' AND a.surface = 'page' AND a.br IS NOT NULL`,
  );
  const pages = [{ path: "/t/bench", body: sent.body, etag: String(sent.headers.etag) }, ...rows.map((r) => ({ path: `/t/${r.slug}`, body: Buffer.from(r.br), etag: r.etag }))];
  writeSpread(dir, pages, headers);
  const results: { name: string; round: number; measured: Awaited<ReturnType<typeof coldRound>> }[] = [];
  for (let round = 1; round <= rounds; round++) {
    for (const start of [startSpreadNginx, startSpreadNode]) {
      const server: SpreadServer | undefined = await start(dir);
      if (!server) continue;
      results.push({ name: server.name, round, measured: await coldRound(server.origin, tenantPaths, server.pid) });
      await server.stop();
    }
  }
  const x = (a: { rps: number }, b: { rps: number }) => `${(a.rps / b.rps).toFixed(2)}×`;
  console.log(`\nThe same spread on reference servers (${fmtInt(pages.length)} pages, ${fmtInt(pages.reduce((n, p) => n + p.body.byteLength, 0) / 1024 / 1024)} MB of brotli, Candor's header list; each started fresh per round; scripts/lib/spread-reference.ts):`);
  console.log("| server | round | cold pass req/s | round-robin req/s | 1 page req/s | 1 page, same script req/s | cold / 1 page | round-robin / 1 page | cold / 1 page, same script | CPU µs cold / round-robin / 1 page | CPU ratio cold, round-robin |\n|---|---|---|---|---|---|---|---|---|---|---|");
  const line = (name: string, round: number | string, m: Awaited<ReturnType<typeof coldRound>>) =>
    console.log(`| ${name} | ${round} | ${m.cold.rps.toFixed(0)} | ${m.spread.rps.toFixed(0)} | ${m.one.rps.toFixed(0)} | ${m.oneScripted.rps.toFixed(0)} | ${x(m.cold, m.one)} | ${x(m.spread, m.one)} | ${x(m.cold, m.oneScripted)} | ${m.cold.cpuUs.toFixed(1)} / ${m.spread.cpuUs.toFixed(1)} / ${m.one.cpuUs.toFixed(1)} | ${(m.one.cpuUs / m.cold.cpuUs).toFixed(2)}×, ${(m.one.cpuUs / m.spread.cpuUs).toFixed(2)}× |`);
  for (const r of results) line(r.name, r.round, r.measured);
  for (const r of ours ?? []) line("Candor (this run's cold rounds, warm-up)", r.round, r);
  const medians = (of: Awaited<ReturnType<typeof coldRound>>[]) =>
    of.length ? `cold ${median(of.map((m) => m.cold.rps / m.one.rps)).toFixed(2)}×, round-robin ${median(of.map((m) => m.spread.rps / m.one.rps)).toFixed(2)}× of 1 page (CPU ${median(of.map((m) => m.one.cpuUs / m.cold.cpuUs)).toFixed(2)}×, ${median(of.map((m) => m.one.cpuUs / m.spread.cpuUs)).toFixed(2)}×)` : "–";
  for (const name of ["nginx", "bare Node"]) console.log(`  medians, ${name}: ${medians(results.filter((r) => r.name === name).map((r) => r.measured))}`);
  if (ours) console.log(`  medians, Candor: ${medians(ours)}`);
}

/** A count with thousands separators (a function declaration: the top-level run calls it before this line is reached). */
function fmtInt(n: number) {
  return n.toLocaleString("en-US", { maximumFractionDigits: 0 });
}

/** A probe's two readings, before and after a row: "31→33". */
function span(readings: [number, number]) {
  return readings.map((ms) => ms.toFixed(0)).join("→");
}

/**
 * A row as load() runs it (2 s of warm-up unless `warmUp` is false), with the web process's CPU
 * microseconds per request of the measured part; `record` names a file for perf's samples of its
 * main thread over that part.
 */
async function withCpu(pid: number, options: Parameters<typeof wrk>[0], warmUp = true, record?: string): Promise<WrkResult & { cpuUs: number; mainUs: number; wrkUs: number; pgMs: number; othersMs: number; stealMs: number; probeMs: [number, number]; memoryMs: [number, number]; kernelWork: string }> {
  const run = { ...options, seconds: options.seconds ?? DURATION, connections: options.connections ?? CONNECTIONS };
  if (warmUp) await wrk({ ...run, seconds: 2 });
  const memoryBefore = memoryProbeMs();
  const probeBefore = speedProbeMs();
  const stopRecording = record ? await recordThread(pid, record) : undefined;
  const vmBefore = record ? vmstat() : undefined;
  const before = treeCpuMs(pid);
  const beforeMain = mainThreadCpuMs(pid);
  const postgres = postmasterPid(database.dir);
  const beforePg = postgres ? treeCpuMs(postgres) : Number.NaN;
  const beforeMachine = machineCpuMs();
  const result = await wrk(run);
  const machine = machineCpuMs();
  const mainMs = mainThreadCpuMs(pid) - beforeMain;
  const kernelWork = vmBefore ? vmstatDelta(vmBefore) : "";
  await stopRecording?.();
  const probeAfter = speedProbeMs();
  const memoryAfter = memoryProbeMs();
  const per = (ms: number) => (ms * 1e3) / Math.max(1, result.requests);
  const webMs = treeCpuMs(pid) - before;
  const pgMs = postgres ? treeCpuMs(postgres) - beforePg : Number.NaN;
  // What the rest of the machine used meanwhile (this bench's own process waits on wrk): in ms
  // of CPU over the row, and the hypervisor's steal apart. The machine's figure is /proc/stat's
  // tick samples, the processes' their own counters: the difference reads a few hundred ms
  // either way (-189 to +134 in one run) when nothing else ran.
  const othersMs = machine.busyMs - beforeMachine.busyMs - webMs - result.wrkCpuMs - (Number.isNaN(pgMs) ? 0 : pgMs);
  return { ...result, cpuUs: per(webMs), mainUs: per(mainMs), wrkUs: per(result.wrkCpuMs), pgMs, othersMs, stealMs: machine.stealMs - beforeMachine.stealMs, probeMs: [probeBefore, probeAfter], memoryMs: [memoryBefore, memoryAfter], kernelWork };
}

function printColdRounds(rounds: ({ round: number; warmUp: boolean; start: string } & Awaited<ReturnType<typeof coldRound>>)[]) {
  const cpuLines: string[] = [];
  console.log(`\nCold passes after a restart, with and without the start's warm-up (BENCH_COLD_ROUNDS, alternating order), each beside one warm tenant measured on the same process right after:`);
  console.log("| round | warm-up | cold pass req/s | p99 ms | round-robin req/s | 1 tenant req/s | 1 tenant, same script req/s | cold / 1 tenant (≥ 0.8×) | round-robin / 1 tenant (≥ 0.8×) | cold / 1 tenant, same script | round-robin / 1 tenant, same script |\n|---|---|---|---|---|---|---|---|---|---|---|");
  for (const r of rounds) {
    const x = (a: { rps: number }, b: { rps: number }) => `${(a.rps / b.rps).toFixed(2)}×`;
    // wrk's own CPU per request, and the share of one core its single thread used over the row.
    const probe = (a: { probeMs: [number, number]; memoryMs: [number, number] }) => `${span(a.probeMs)}, ${span(a.memoryMs)}`;
    const gen = (a: WrkResult & { wrkUs: number }) => `${a.wrkUs.toFixed(1)} (${((a.wrkCpuMs / 1e3 / a.seconds) * 100).toFixed(0)}%)`;
    cpuLines.push(`| ${r.round} | ${r.warmUp ? "yes" : "no"} | ${r.cold.cpuUs.toFixed(1)} | ${r.spread.cpuUs.toFixed(1)} | ${r.one.cpuUs.toFixed(1)} | ${r.oneScripted.cpuUs.toFixed(1)} | ${(r.one.cpuUs / r.cold.cpuUs).toFixed(2)}× | ${(r.one.cpuUs / r.spread.cpuUs).toFixed(2)}× | ${gen(r.cold)} | ${gen(r.spread)} | ${gen(r.one)} | ${gen(r.oneScripted)} | ${r.cold.mainUs.toFixed(1)} | ${r.spread.mainUs.toFixed(1)} | ${r.one.mainUs.toFixed(1)} | ${r.cold.pgMs.toFixed(0)} / ${r.one.pgMs.toFixed(0)} | ${r.cold.othersMs.toFixed(0)} / ${r.one.othersMs.toFixed(0)} | ${r.cold.stealMs.toFixed(0)} / ${r.one.stealMs.toFixed(0)} | ${probe(r.cold)} / ${probe(r.one)} |`);
    console.log(`| ${r.round} | ${r.warmUp ? "yes" : "no"} | ${r.cold.rps.toFixed(0)} | ${r.cold.p99.toFixed(2)} | ${r.spread.rps.toFixed(0)} | ${r.one.rps.toFixed(0)} | ${r.oneScripted.rps.toFixed(0)} | ${x(r.cold, r.one)} | ${x(r.spread, r.one)} | ${x(r.cold, r.oneScripted)} | ${x(r.spread, r.oneScripted)} |`);
  }
  console.log(`\nThe web process's CPU time per request in the same rows (µs; lower is better; the ratio is 1 tenant's CPU per request over the row's, as a throughput ratio would be if the process were the only limit):`);
  console.log("| round | warm-up | cold pass µs | round-robin µs | 1 tenant µs | 1 tenant, same script µs | cold, CPU ratio | round-robin, CPU ratio | wrk µs (core) cold | wrk round-robin | wrk 1 tenant | wrk 1 tenant, same script | main thread µs cold | main thread round-robin | main thread 1 tenant | PostgreSQL ms cold / 1 tenant | rest of the machine ms cold / 1 tenant | steal ms cold / 1 tenant | probes ms before→after (speed, memory), cold / 1 tenant |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
  for (const line of cpuLines) console.log(line);
  console.log(`What each start held before it listened (the bench has 20,002 host pages; the load stops at 15 s or three quarters of EDGE_MEMORY_MB): ${rounds.map((r) => `round ${r.round} warm-up ${r.warmUp ? "yes" : "no"}: ${r.start}`).join("; ")}`);
  for (const warmUp of [true, false]) {
    const of = rounds.filter((r) => r.warmUp === warmUp);
    if (of.length) console.log(`  CPU medians, warm-up ${warmUp ? "yes" : "no"}: cold ${median(of.map((r) => r.one.cpuUs / r.cold.cpuUs)).toFixed(2)}×, round-robin ${median(of.map((r) => r.one.cpuUs / r.spread.cpuUs)).toFixed(2)}×`);
    if (of.length) console.log(`  medians, warm-up ${warmUp ? "yes" : "no"} (${of.length} rounds): cold ${median(of.map((r) => r.cold.rps / r.one.rps)).toFixed(2)}×, round-robin ${median(of.map((r) => r.spread.rps / r.one.rps)).toFixed(2)}× of 1 tenant; ${median(of.map((r) => r.cold.rps / r.oneScripted.rps)).toFixed(2)}×, ${median(of.map((r) => r.spread.rps / r.oneScripted.rps)).toFixed(2)}× of 1 tenant through the same script`);
  }
}

/**
 * BENCH_PERF: each round's main thread, sampled, as CPU µs per request by where it ran (the kernel,
 * JavaScript V8 compiled, V8's builtins and runtime with Node's C++, libc), and the symbols on
 * which the cold pass spent most more than one tenant. A cold pass slower only because the machine
 * was (every symbol a little dearer) and one slower at one thing read differently here.
 */
function printPerfRounds(rounds: ({ round: number; warmUp: boolean } & Awaited<ReturnType<typeof coldRound>>)[]) {
  console.log(`\nWhere each row's main thread went (perf record -e cpu-clock, one sample every ${PERIOD_NS / 1e3} µs of its CPU; µs a request):`);
  console.log(PERF_TABLE_HEAD);
  const gaps: string[] = [];
  for (const r of rounds) {
    if (!r.perf) continue;
    const label = `${r.round} | ${r.warmUp ? "yes" : "no"}`;
    const rows = [
      { name: "cold", result: r.cold, file: r.perf.cold },
      { name: "round-robin", result: r.spread, file: r.perf.spread },
      { name: "1 tenant", result: r.one, file: r.perf.one },
    ];
    const [cold, , one] = perfRows(label, rows);
    for (const { name, result } of rows) gaps.push(`round ${r.round}, warm-up ${r.warmUp ? "yes" : "no"}, ${name}: the machine's memory counters moved by ${result.kernelWork || "nothing"}`);
    gaps.push(`round ${r.round}, warm-up ${r.warmUp ? "yes" : "no"}: ${symbolGap(one!, cold!)}`);
  }
  console.log("What the cold pass spent more than one tenant, by symbol (µs a request, 1 tenant→cold, the 12 largest), and /proc/vmstat over each row:");
  for (const line of gaps) console.log(`  ${line}`);
}

/** BENCH_PERF: the same page before and after the 9,999-tenant fill, on one process. */
function printPerfFill(before: Awaited<ReturnType<typeof withCpu>>, after: Awaited<ReturnType<typeof withCpu>>, files: { before: string; after: string }) {
  console.log(`\nThe same page before and after the fill, the main thread (perf, µs a request):`);
  console.log(PERF_TABLE_HEAD);
  const [one, many] = perfRows("fill | –", [
    { name: "1 tenant, before the fill", result: before, file: files.before },
    { name: "the same page, after it", result: after, file: files.after },
  ]);
  console.log(`  what the row after the fill spent more, by symbol (before→after): ${symbolGap(one!, many!)}`);
  console.log(`  /proc/vmstat over each row: before ${before.kernelWork || "nothing"}; after ${after.kernelWork || "nothing"}`);
}

/** Prints one table line per row (µs a request by where it ran) and returns each row's µs a request by symbol. */
function perfRows(label: string, rows: { name: string; result: WrkResult; file: string }[]) {
  return rows.map(({ name, result, file }) => {
    const us = new Map([...perfSymbols(file)].map(([symbol, samples]) => [symbol, (samples * PERIOD_NS) / 1e3 / Math.max(1, result.requests)]));
    const by = (where: string) => [...us].filter(([symbol]) => symbol.startsWith(`${where} `)).reduce((sum, [, value]) => sum + value, 0);
    const total = [...us.values()].reduce((sum, value) => sum + value, 0);
    console.log(`| ${label} | ${name} | ${result.rps.toFixed(0)} | ${total.toFixed(1)} | ${by("kernel").toFixed(1)} | ${by("JIT").toFixed(1)} | ${by("node").toFixed(1)} | ${by("libc").toFixed(1)} | ${by("other").toFixed(1)} |`);
    return us;
  });
}

/** The 12 symbols on which row `b` spent most more than row `a` (µs a request, a→b). */
function symbolGap(a: Map<string, number>, b: Map<string, number>) {
  return [...new Set([...a.keys(), ...b.keys()])]
    .map((symbol) => ({ symbol, a: a.get(symbol) ?? 0, b: b.get(symbol) ?? 0 }))
    .sort((x, y) => y.b - y.a - (x.b - x.a))
    .slice(0, 12)
    .map((m) => `${m.symbol} ${m.a.toFixed(2)}→${m.b.toFixed(2)}`)
    .join("; ");
}
