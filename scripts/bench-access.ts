import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { PrismaPg } from "@prisma/adapter-pg";
import { concatTransformationMatrix, drawObject, PDFDocument, popGraphicsState, pushGraphicsState, StandardFonts } from "pdf-lib";
import { PrismaClient } from "../src/generated/prisma/client";
import { drawnText } from "../tests/support/pdf-text";
import { benchDatabase, waitFor } from "./lib/bench";
import { freePort } from "./lib/embedded-postgres";
import { hasWrk, wrkAfterWarmup, type wrk, type WrkResult } from "./lib/wrk";

/**
 * `npm run bench:access` (and the last part of `npm run bench`): prospect access (issue 12,
 * ADR 029) measured on a production build.
 *
 * 1. Watermarking: watermarkPdf() on a generated 20-page, ~5 MB PDF (each page a 296×296 RGB
 *    image of random noise, Flate-compressed, so it does not shrink, and a line of text), as the
 *    download route calls it: WATERMARK_RUNS runs after 3 untimed ones; the stamp is read back
 *    from the output (one per page) so a no-op cannot pass for fast.
 * 2. Approving 1,000 requests by rule: 1,000 prospects of a domain an APPROVE rule lists submit
 *    and confirm their address through the domain functions the routes call
 *    (submitAccessRequest, then verifyAccessRequest, with the routes' outbox mails), one after
 *    another; then another 1,000 with 16 in flight. The routes' per-address and per-client
 *    limits are not on this path (they would refuse the 21st request from one client by design);
 *    the organisation's mail cap is (raised to 10,000 an hour for the bench), and its lock
 *    (takeMailSlot) serialises one organisation's submissions. Each pass must end with exactly
 *    1,000 new grants.
 * 3. Under load (wrk, one thread, 32 connections, BENCH_DURATION seconds per row after 2 s of
 *    warm-up), on the tenant's platform host: the public page `GET /` (a stored artifact, sent
 *    by the fast path before Next), the request form `GET /access` (rendered by Next per
 *    request) and the grantee's own page `GET /` with a valid grantee cookie (Next, per request,
 *    the session checked against the grant on every request; `private, no-store`).
 *
 * Needs wrk (apt-get install wrk). BENCH_SKIP_BUILD=1 reuses .next/ (the build must be current).
 */
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = 32;
const WATERMARK_RUNS = Number(process.env.BENCH_WATERMARK_RUNS ?? 30);
const PROSPECTS = 1_000;
const IN_FLIGHT = 16;
const SLUG = "bench-access";
const BUYER_DOMAIN = "bench-buyer.example";
const BROWSER = { "Accept-Encoding": "gzip, deflate, br, zstd" };
if (!(await hasWrk())) throw new Error("bench: wrk is not installed (apt-get install wrk)");

const port = await freePort();
const origin = `http://127.0.0.1:${port}`;
const database = await benchDatabase("candor_bench_access", { APP_URL: origin, PLATFORM_DOMAIN: "localhost" });
const tenantHostname = `${SLUG}.localhost`;
const tenantHost = `${tenantHostname}:${port}`;
let web: ChildProcess | undefined;
try {
  const owner = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url, max: 4 }) });
  const { watermarkPdf } = await import("../src/modules/access/server/watermark");
  const { publicAccessContext } = await import("../src/modules/access/server/context");
  const { submitAccessRequest, verifyAccessRequest } = await import("../src/modules/access/server/requests");
  const { redeemAccessLink } = await import("../src/modules/access/server/sessions");
  const { saveRules, saveSettings } = await import("../src/modules/access/server/settings");
  const { mailAccessLink, mailReviewers, mailVerification } = await import("../src/modules/access/server/mail");
  const { createOrganization } = await import("../src/modules/organizations/server/organizations");
  const { createDocument } = await import("../src/modules/documents/server/documents");
  const { publish } = await import("../src/modules/publishing/server/publish");
  const { maintainArtifacts } = await import("../src/modules/publishing/server/artifacts");
  const { tenantOrigin } = await import("../src/server/hosts");
  const { disconnectDb } = await import("../src/server/db/client");

  // --- 1. watermarking a 20-page, ~5 MB PDF ------------------------------------------------------
  const original = await noisePdf(20, 5 * 1024 * 1024);
  const stamp = () => ({ email: "pat.buyer@bench-buyer.example", company: "Buyer Inc", at: new Date(), grantId: randomUUID(), watermarkId: randomBytes(4).toString("hex") });
  let stampedBytes = 0;
  for (let i = 0; i < 3; i++) {
    const check = stamp();
    const out = await watermarkPdf(original, check);
    stampedBytes = out.length;
    const found = drawnText(out).split(`watermark ${check.watermarkId}`).length - 1;
    if (found !== 20) throw new Error(`bench: the stamped copy carries ${found} stamps, not 20`);
  }
  const watermarkMs: number[] = [];
  for (let i = 0; i < WATERMARK_RUNS; i++) {
    const t0 = performance.now();
    await watermarkPdf(original, stamp());
    watermarkMs.push(performance.now() - t0);
  }

  // --- the organisation: the same PDF as its NDA document, published; an APPROVE rule -------------
  const request = { ip: null, userAgent: "candor bench" };
  const ownerRow = await owner.user.create({ data: { email: "bench-access-owner@example.com", name: "Bench Owner" } });
  const user = { id: ownerRow.id, email: ownerRow.email, name: ownerRow.name };
  const org = await createOrganization({ user, input: { name: "Access Bench Co", slug: SLUG }, request });
  const ctx = { user, org, role: "OWNER" as const, request, mfaEnabled: false };
  await createDocument({ ctx, input: { title: "Penetration test 2026", visibility: "NDA" }, file: { name: "pentest.pdf", bytes: original } });
  await createDocument({ ctx, input: { title: "Security overview", visibility: "PUBLIC" }, file: { name: "overview.pdf", bytes: await noisePdf(1, 20_000) } });
  await publish({ ctx });
  await maintainArtifacts({ at: Date.now() });
  await saveRules({ ctx, input: { version: 1, rules: [{ match: "FREE_MAIL", decision: "REVIEW" }, { match: "DOMAINS", domains: [BUYER_DOMAIN], decision: "APPROVE" }] } });
  const settingsVersion = (await owner.accessSettings.findFirst({ where: { orgId: org.id }, select: { version: true } }))?.version ?? 1;
  await saveSettings({ ctx, input: { ndaMode: "NONE", ipRecording: "TRUNCATED", defaultGrantDays: 90, mailCapPerHour: 10_000, version: settingsVersion } });

  // --- 2. approving 1,000 requests by rule ---------------------------------------------------------
  const site = { slug: SLUG, host: tenantHostname, base: "", origin: tenantOrigin(tenantHostname, origin) };
  const linkTokens: string[] = [];
  const prospect = async (n: number) => {
    const t0 = performance.now();
    const pub = await publicAccessContext({ slug: SLUG, host: tenantHostname, request: { ip: `198.51.100.${n % 250}`, userAgent: "Mozilla/5.0 (bench prospect)" } });
    if (!pub) throw new Error("bench: no public context");
    const submitted = await submitAccessRequest({ ctx: pub, input: { email: `buyer-${n}@${BUYER_DOMAIN}`, fullName: `Buyer ${n}`, company: "Buyer Inc", reason: "Vendor review" }, deliver: mailVerification(site, org.name) });
    const t1 = performance.now();
    const verified = await verifyAccessRequest({ ctx: pub, token: submitted.token, deliver: mailAccessLink(site, org.name), notifyReview: mailReviewers(site, org.id, org.name) });
    if (verified.status !== "APPROVED") throw new Error(`bench: buyer-${n} was ${verified.status}, not approved by the rule`);
    linkTokens.push(verified.linkToken);
    return { total: performance.now() - t0, submit: t1 - t0, verify: performance.now() - t1 };
  };
  const grants = () => owner.accessGrant.count({ where: { orgId: org.id } });

  const sequential: { total: number; submit: number; verify: number }[] = [];
  const sequentialStart = performance.now();
  for (let n = 0; n < PROSPECTS; n++) sequential.push(await prospect(n));
  const sequentialMs = performance.now() - sequentialStart;
  const afterSequential = await grants();
  if (afterSequential !== PROSPECTS) throw new Error(`bench: ${afterSequential} grants after ${PROSPECTS} approvals`);

  const concurrent: { total: number; submit: number; verify: number }[] = [];
  let next = PROSPECTS;
  const concurrentStart = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < 2 * PROSPECTS) concurrent.push(await prospect(next++));
    }),
  );
  const concurrentMs = performance.now() - concurrentStart;
  const afterConcurrent = await grants();
  if (afterConcurrent !== 2 * PROSPECTS) throw new Error(`bench: ${afterConcurrent} grants after ${2 * PROSPECTS} approvals`);
  const mails = await owner.outboxMessage.count({ where: { template: { in: ["access-verify", "access-link"] } } });

  // A grantee session, as the access link makes it (the cookie the route would set).
  const pub = (await publicAccessContext({ slug: SLUG, host: tenantHostname, request: { ip: "198.51.100.9", userAgent: "bench" } }))!;
  const { sessionToken } = await redeemAccessLink({ ctx: pub, token: linkTokens[0] });
  const granteeCookie = `candor-grantee=${sessionToken}`;
  await owner.$disconnect();
  await disconnectDb();

  // --- 3. the pages under load -----------------------------------------------------------------------
  if (process.env.BENCH_SKIP_BUILD !== "1") {
    const built = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], { stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } });
    if (built.status !== 0) throw new Error("next build failed");
  }
  web = spawn(process.execPath, ["--import", "tsx", "--import", "./scripts/node-hooks.mjs", "scripts/web.ts"], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, NODE_ENV: "production", PORT: String(port), HOSTNAME_BIND: "127.0.0.1", PUBLISHED_DIR: path.join(database.dir, "published") },
  });
  await waitFor(`${origin}/api/health`);

  type Surface = { label: string; servedBy: string; path: string; headers: Record<string, string>; expect: string };
  const surfaces: Surface[] = [
    { label: "public page `GET /`", servedBy: "fast path: the stored artifact (br), before Next", path: "/", headers: BROWSER, expect: "Request access" },
    { label: "request form `GET /access`", servedBy: "Next, rendered per request (dynamic)", path: "/access", headers: BROWSER, expect: 'name="email"' },
    { label: "grantee's page `GET /` + grantee cookie", servedBy: "Next, rendered per request; session and grant read every request", path: "/", headers: { ...BROWSER, Cookie: granteeCookie }, expect: `Signed in as <strong>buyer-0@${BUYER_DOMAIN}</strong>` },
  ];
  const rows: { surface: Surface; cacheControl: string; bytes: number; result: WrkResult }[] = [];
  for (const surface of surfaces) {
    const probe = await get(port, surface.path, { ...surface.headers, "Accept-Encoding": "identity", Host: tenantHost });
    if (probe.status !== 200 || !probe.body.includes(surface.expect)) throw new Error(`bench: ${surface.label} answered ${probe.status} without "${surface.expect}"`);
    const sized = await get(port, surface.path, { ...surface.headers, Host: tenantHost });
    const result = await load({ url: `${origin}${surface.path}`, headers: { ...surface.headers, Host: tenantHost } });
    rows.push({ surface, cacheControl: String(probe.headers["cache-control"]), bytes: sized.body.length, result });
  }

  // --- report -------------------------------------------------------------------------------------
  const fmt = (n: number, digits = 0) => n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
  const mb = (bytes: number) => `${fmt(bytes / 1024 / 1024, 2)} MB`;
  console.log(`\nProspect access (issue 12): ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}; ms unless stated\n`);
  console.log("| watermarking (watermarkPdf) | runs | p50 | p95 | max | input | output |\n|---|---|---|---|---|---|---|");
  console.log(`| 20 pages, noise images + text, every page stamped | ${WATERMARK_RUNS} | ${fmt(quantile(watermarkMs, 0.5))} | ${fmt(quantile(watermarkMs, 0.95))} | ${fmt(Math.max(...watermarkMs))} | ${mb(original.length)} | ${mb(stampedBytes)} |`);

  const part = (samples: { total: number; submit: number; verify: number }[], key: "total" | "submit" | "verify") => samples.map((s) => s[key]);
  console.log(`\n| approving by rule (submit + confirm, outbox mails) | prospects | total s | prospects/s | per prospect p50 | p95 | max | submit p50 | confirm (rules, grant, link) p50 | grants after |\n|---|---|---|---|---|---|---|---|---|---|`);
  for (const [label, samples, ms, after] of [
    ["one after another", sequential, sequentialMs, afterSequential],
    [`${IN_FLIGHT} in flight`, concurrent, concurrentMs, afterConcurrent],
  ] as const) {
    const totals = part(samples, "total");
    console.log(
      `| ${label} | ${fmt(samples.length)} | ${fmt(ms / 1000, 1)} | ${fmt(samples.length / (ms / 1000))} | ${fmt(quantile(totals, 0.5), 1)} | ${fmt(quantile(totals, 0.95), 1)} | ${fmt(Math.max(...totals), 1)} | ${fmt(quantile(part(samples, "submit"), 0.5), 1)} | ${fmt(quantile(part(samples, "verify"), 0.5), 1)} | ${fmt(after)} |`,
    );
  }
  const drift = (key: "submit" | "verify") => `${fmt(quantile(part(sequential.slice(0, 100), key), 0.5), 1)} → ${fmt(quantile(part(sequential.slice(-100), key), 0.5), 1)}`;
  console.log(`(${fmt(mails)} mails in the outbox: a verification and an access link per prospect. One after another, first 100 → last 100, p50: submit ${drift("submit")}, confirm ${drift("verify")}. A submission takes the mail cap's per-organisation lock (pg_advisory_xact_lock, held to commit): in flight, submissions to one organisation queue on it.)`);

  console.log(`\nTenant host ${SLUG}.localhost, production build (scripts/web.ts), wrk -t1 -c${CONNECTIONS}, ${DURATION} s per row after 2 s of warm-up, loopback:\n`);
  console.log("| surface | served by | req/s | p50 ms | p99 ms | errors | Cache-Control | bytes (br/gzip as asked) | vs public page |\n|---|---|---|---|---|---|---|---|---|");
  for (const r of rows) {
    console.log(
      `| ${r.surface.label} | ${r.surface.servedBy} | ${fmt(r.result.rps)} | ${fmt(r.result.p50, 2)} | ${fmt(r.result.p99, 2)} | ${r.result.errors + r.result.non2xx} | ${r.cacheControl} | ${fmt(r.bytes)} | ${fmt(r.result.rps / rows[0]!.result.rps, 3)}× |`,
    );
  }
  console.log("The public page is one stored artifact for every visitor (compressed once per publication); the request form and the grantee's page go through Next and are rendered per request, never stored.");
} finally {
  web?.kill("SIGTERM");
  await new Promise((resolve) => (web && web.exitCode === null ? web.once("exit", resolve) : resolve(null)));
  await database.stop();
}

// --- helpers -----------------------------------------------------------------------------------------

/**
 * A PDF of `pages` pages totalling about `bytes`: each page an RGB image of random noise
 * (Flate-compressed, which noise does not shrink) and a line of text, as a scanned report is.
 */
async function noisePdf(pages: number, bytes: number) {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const side = Math.ceil(Math.sqrt(bytes / pages / 3));
  for (let n = 1; n <= pages; n++) {
    const page = doc.addPage([595, 842]);
    const image = doc.context.register(doc.context.flateStream(randomBytes(side * side * 3), { Type: "XObject", Subtype: "Image", Width: side, Height: side, ColorSpace: "DeviceRGB", BitsPerComponent: 8 }));
    const name = page.node.newXObject("Noise", image);
    page.pushOperators(pushGraphicsState(), concatTransformationMatrix(495, 0, 0, 495, 50, 200), drawObject(name), popGraphicsState());
    page.drawText(`Bench report, page ${n} of ${pages}`, { x: 50, y: 760, size: 14, font });
  }
  return doc.save();
}

function quantile(values: number[], q: number) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

/** A row's measurement: 2 s of warm-up, then DURATION seconds. */
function load(options: Parameters<typeof wrk>[0]) {
  return wrkAfterWarmup({ ...options, seconds: DURATION, connections: CONNECTIONS });
}

/** A GET with any Host header (fetch does not let one set it). */
function get(port: number, pathname: string, headers: Record<string, string>) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = http.get({ host: "127.0.0.1", port, path: pathname, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("latin1") }));
    });
    req.on("error", reject);
  });
}

