import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { gzipSync } from "node:zlib";
import autocannon from "autocannon";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../src/generated/prisma/client";
import { benchDatabase, controlsCsv } from "./lib/bench";
import { freePort } from "./lib/embedded-postgres";

/**
 * `npm run bench` (second part): the public trust center under load, on a production build.
 *
 * A tenant of 100 controls, 30 subprocessors, 10 documents and 20 FAQs is published; `next start`
 * serves it; autocannon (32 connections, BENCH_DURATION seconds per row) measures the page,
 * trust.json and the 304 path, and nginx (Debian's, on 127.0.0.1, one worker) serving the same
 * bytes as static files gives the ceiling each row is compared with. Then: publishing 1,000
 * controls, the page at 10,000 tenants against 1, the page's gzipped size, 100,000 custom
 * domains (Caddy's ask endpoint and the page by host name), the shipped topology (Caddy with
 * deploy/caddy/site.caddy in front, over HTTPS) against nginx serving the same bytes over HTTPS,
 * and Lighthouse.
 *
 * BENCH_SKIP_BUILD=1 reuses .next/ (the build must be current). Needs nginx and openssl for the
 * comparisons, caddy for the shipped topology (apt-get install nginx caddy) and Chromium
 * (/usr/bin/chromium or CHROMIUM_PATH) for Lighthouse; without one, that part is reported as
 * skipped.
 */
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = 32;
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const NGINX = ["/usr/sbin/nginx", "/usr/bin/nginx"].find((candidate) => existsSync(candidate));
const TENANT_HOST = "trust.bench.example";

const database = await benchDatabase("candor_bench_public");
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
  // Its custom domain, as if verified (the DNS flow is tested elsewhere).
  await owner.customDomain.create({ data: { orgId: ctx.org.id, hostname: TENANT_HOST, token: "bench", status: "VERIFIED", verifiedAt: new Date() } });

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

  // --- the production server ----------------------------------------------------------------------
  if (process.env.BENCH_SKIP_BUILD !== "1") {
    const built = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], { stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } });
    if (built.status !== 0) throw new Error("next build failed");
  }
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  // Where the app writes published pages for Caddy (ADR 017).
  const publishedDir = path.join(database.dir, "published");
  // The web server as `npm start` runs it (scripts/web.ts: Next.js behind the public fast path).
  const app = spawn(process.execPath, ["--import", "tsx", "--import", "./scripts/node-hooks.mjs", "scripts/web.ts"], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, NODE_ENV: "production", APP_URL: origin, PORT: String(port), HOSTNAME_BIND: "127.0.0.1", PUBLISHED_DIR: publishedDir },
  });
  children.push(app);
  await waitFor(`${origin}/t/bench`);

  const page = await fetchRaw(`${origin}/t/bench`, {});
  const pageGzip = await fetchRaw(`${origin}/t/bench`, { "Accept-Encoding": "gzip" });
  const json = await fetchRaw(`${origin}/t/bench/trust.json`, {});
  const etag = page.headers.etag as string;
  const tenantPage = await fetchRaw(`${origin}/`, { Host: TENANT_HOST });
  if (tenantPage.status !== 200) throw new Error(`bench: ${TENANT_HOST} answered ${tenantPage.status}`);
  const tenantPageGzip = await fetchRaw(`${origin}/`, { Host: TENANT_HOST, "Accept-Encoding": "gzip" });

  // --- nginx with the same bytes --------------------------------------------------------------------
  let nginxOrigin: string | undefined;
  let nginxTlsPort: number | undefined;
  if (NGINX) {
    const root = path.join(database.dir, "nginx");
    mkdirSync(path.join(root, "www"), { recursive: true });
    writeFileSync(path.join(root, "www", "page.html"), page.body);
    writeFileSync(path.join(root, "www", "trust.json"), json.body);
    writeFileSync(path.join(root, "www", "tenant.html"), tenantPage.body);
    writeFileSync(path.join(root, "www", "tenant.html.gz"), tenantPageGzip.body); // the app's own gzip bytes, for gzip_static
    const nginxPort = await freePort();
    nginxTlsPort = await freePort();
    // A self-signed ECDSA P-256 certificate, like the one Caddy's internal CA issues.
    const cert = spawnSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj", `/CN=${TENANT_HOST}`, "-addext", `subjectAltName=DNS:${TENANT_HOST}`, "-keyout", path.join(root, "key.pem"), "-out", path.join(root, "cert.pem")], { stdio: "ignore" });
    if (cert.status !== 0) throw new Error("bench: openssl could not make a certificate for nginx");
    const temp = (name: string) => `${name}_temp_path ${path.join(root, name)};`;
    writeFileSync(
      path.join(root, "nginx.conf"),
      `${process.getuid?.() === 0 ? "user root;" : ""}
worker_processes 1;
daemon off;
pid ${path.join(root, "nginx.pid")};
error_log ${path.join(root, "error.log")} warn;
events { worker_connections 1024; }
http {
  access_log off;
  ${["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map(temp).join("\n  ")}
  types { text/html html; application/json json; }
  gzip on; gzip_types application/json; gzip_comp_level 6;
  server { listen 127.0.0.1:${nginxPort}; root ${path.join(root, "www")}; }
  server {
    listen 127.0.0.1:${nginxTlsPort} ssl;
    ssl_certificate ${path.join(root, "cert.pem")}; ssl_certificate_key ${path.join(root, "key.pem")};
    ssl_protocols TLSv1.2 TLSv1.3;
    gzip_static on;
    root ${path.join(root, "www")};
  }
}
`,
    );
    const nginx = spawn(NGINX, ["-c", path.join(root, "nginx.conf"), "-p", root], { stdio: ["ignore", "ignore", "inherit"] });
    children.push(nginx);
    nginxOrigin = `http://127.0.0.1:${nginxPort}`;
    await waitFor(`${nginxOrigin}/page.html`);
  }

  type Row = { label: string; rps: number; p50: number; p99: number; errors: number; non2xx: number; nginx?: { rps: number; p99: number } };
  const rows: Row[] = [];
  const load = async (label: string, url: string, headers: Record<string, string>, nginxUrl?: string, nginxHeaders?: Record<string, string>) => {
    const ours = await cannon(url, headers);
    const row: Row = { label, ...ours };
    if (nginxOrigin && nginxUrl) {
      const theirs = await cannon(nginxUrl, nginxHeaders ?? headers);
      row.nginx = { rps: theirs.rps, p99: theirs.p99 };
    }
    rows.push(row);
    return row;
  };
  const nginxEtag = nginxOrigin ? ((await fetchRaw(`${nginxOrigin}/page.html`, {})).headers.etag as string) : "";
  await load("public page (identity)", `${origin}/t/bench`, {}, `${nginxOrigin}/page.html`);
  await load("public page (gzip)", `${origin}/t/bench`, { "Accept-Encoding": "gzip" }, `${nginxOrigin}/page.html`);
  await load("public page (br, as browsers ask)", `${origin}/t/bench`, { "Accept-Encoding": "gzip, deflate, br, zstd" });
  await load("trust.json (gzip)", `${origin}/t/bench/trust.json`, { "Accept-Encoding": "gzip" }, `${nginxOrigin}/trust.json`);
  await load("public page, If-None-Match → 304", `${origin}/t/bench`, { "If-None-Match": etag }, `${nginxOrigin}/page.html`, { "If-None-Match": nginxEtag });

  // --- 10,000 tenants against 1 ------------------------------------------------------------------------
  // 9,999 more organisations, each with a publication of the measured tenant's size: its document
  // with the slug changed and every Markdown text prefixed with the tenant's number, so every hash
  // is distinct and no tenant's render reuses another's (the Markdown memo). Their signatures are
  // not valid; nothing on the serving path checks them. Inserted with SQL: publishing each for
  // real would take minutes.
  const browser = { "Accept-Encoding": "gzip, deflate, br, zstd" };
  const oneTenant = await cannon(`${origin}/t/bench`, browser);
  const started = performance.now();
  await owner.$executeRawUnsafe(`
    INSERT INTO "Organization" (id, slug, name) SELECT gen_random_uuid(), 'tenant-' || n, 'Tenant ' || n FROM generate_series(1, 9999) AS n`);
  await owner.$executeRawUnsafe(`
    INSERT INTO "Publication" ("orgId", seq, kind, canonical, hash, "prevHash", signature, "publicKey", "publishedAt")
    SELECT o.id, 1, p.kind, c.canonical, encode(sha256(convert_to(c.canonical, 'UTF8')), 'hex'), NULL, p.signature, p."publicKey", p."publishedAt"
    FROM "Organization" o
    CROSS JOIN (SELECT * FROM "Publication" WHERE "orgId" = '${ctx.org.id}' AND seq = 1) p
    CROSS JOIN LATERAL (SELECT regexp_replace(replace(p.canonical, '"slug":"bench"', '"slug":"' || o.slug || '"'),
      '"(description|answer|body|policy|overview)":"', '"\\1":"' || o.slug || ' ', 'g') AS canonical) c
    WHERE o.slug LIKE 'tenant-%'`);
  const fillSeconds = (performance.now() - started) / 1000;
  // Let PostgreSQL settle (it just took ~650 MB), so the comparison measures lookups, not I/O.
  await owner.$executeRawUnsafe(`VACUUM ANALYZE "Organization"`);
  await owner.$executeRawUnsafe(`VACUUM ANALYZE "Publication"`);
  await owner.$executeRawUnsafe(`CHECKPOINT`);
  const tenants = await owner.organization.count();
  const manyTenants = await cannon(`${origin}/t/bench`, browser);
  const spread = await cannon(`${origin}/t/tenant-1`, {}, (i) => `/t/tenant-${1 + (i % 9999)}`);

  // --- 100,000 custom domains: Caddy's ask, and a page served by host name -------------------------
  const pageByHost = await cannon(`${origin}/`, { ...browser, Host: TENANT_HOST });
  await owner.$executeRawUnsafe(`
    INSERT INTO "CustomDomain" ("orgId", hostname, token, status, "verifiedAt")
    SELECT o.id, 'd' || n || '.customers.example', md5(n::text), 'VERIFIED', now()
    FROM generate_series(1, 99999) AS n JOIN "Organization" o ON o.slug = 'tenant-' || (1 + n % 9999)`);
  await owner.$executeRawUnsafe(`VACUUM ANALYZE "CustomDomain"`);
  const domainCount = await owner.customDomain.count();
  const pageByHostMany = await cannon(`${origin}/`, { ...browser, Host: TENANT_HOST });
  // Every ask a name not asked before: half verified domains, half names nobody claimed (as a
  // scanner's SNI would be), so each is a database lookup, the worst case.
  const askCold = await cannon(`${origin}/internal/tls/ask?domain=warm.example`, {}, (i) =>
    `/internal/tls/ask?domain=${i % 2 ? `d${1 + ((i * 7919) % 99999)}` : `unclaimed-${i}`}.customers.example`,
  );
  // The same 1,000 names over and over: what Caddy's repeated asks for known names cost.
  const askWarm = await cannon(`${origin}/internal/tls/ask?domain=warm.example`, {}, (i) => `/internal/tls/ask?domain=d${1 + (i % 1000)}.customers.example`);
  // Caddy asks once per new name, one handshake at a time per name: the same two, one connection.
  const askColdOne = await cannon(`${origin}/internal/tls/ask?domain=warm.example`, {}, (i) => `/internal/tls/ask?domain=${i % 2 ? `d${1 + ((i * 104729) % 99999)}` : `unclaimed-one-${i}`}.customers.example`, { connections: 1 });
  const askWarmOne = await cannon(`${origin}/internal/tls/ask?domain=warm.example`, {}, (i) => `/internal/tls/ask?domain=d${1 + (i % 1000)}.customers.example`, { connections: 1 });

  // --- the shipped topology: Caddy (deploy/caddy/site.caddy, on-demand TLS) in front ----------------
  const CADDY = ["/usr/bin/caddy", "/usr/local/bin/caddy"].find((candidate) => existsSync(candidate));
  type Result = Awaited<ReturnType<typeof cannon>>;
  let caddy: { rows: { label: string; caddy: Result; nginx?: Result }[]; version: string } | undefined;
  if (CADDY) {
    const root = path.join(database.dir, "caddy");
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
	on_demand_tls {
		ask http://127.0.0.1:${port}/internal/tls/ask
	}
	log {
		level ERROR
	}
}
https:// {
	bind 127.0.0.1
	tls internal {
		on_demand
	}
	import ${path.resolve("deploy/caddy/site.caddy")}
}
`,
    );
    const caddyEnv = { ...process.env, HOME: root, XDG_DATA_HOME: root, XDG_CONFIG_HOME: root, APP_HOST: "app.bench.invalid", PLATFORM_DOMAIN: "localhost", CANDOR_UPSTREAM: `127.0.0.1:${port}`, PUBLISHED_DIR: publishedDir };
    const child = spawn(CADDY, ["run", "--config", path.join(root, "Caddyfile"), "--adapter", "caddyfile"], { stdio: ["ignore", "ignore", "inherit"], env: caddyEnv });
    children.push(child);
    const tls = { servername: TENANT_HOST, tlsOptions: { rejectUnauthorized: false } };
    for (let i = 0; ; i++) {
      const probe = await autocannon({ url: `https://127.0.0.1:${httpsPort}/`, headers: { Host: TENANT_HOST }, amount: 1, connections: 1, ...tls }).catch(() => undefined);
      if (probe && probe["2xx"] === 1) break;
      if (i > 100) throw new Error("bench: Caddy did not serve the tenant host");
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const version = spawnSync(CADDY, ["version"], { encoding: "utf8" }).stdout.trim().split(" ")[0] ?? "?";
    // The probe above had the app write the page's files; wait until Caddy serves them.
    for (let i = 0; ; i++) {
      const probe = await new Promise<string | undefined>((resolve) => {
        https
          .get({ host: "127.0.0.1", port: httpsPort, path: "/", servername: TENANT_HOST, headers: { Host: TENANT_HOST }, rejectUnauthorized: false }, (response) => {
            response.resume();
            resolve(response.headers["x-candor-edge"] as string | undefined);
          })
          .on("error", () => resolve(undefined));
      });
      if (probe === "file") break;
      if (i > 100) throw new Error("bench: Caddy did not serve the published file");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const url = `https://127.0.0.1:${httpsPort}/`;
    const nginxUrl = nginxTlsPort ? `https://127.0.0.1:${nginxTlsPort}/tenant.html` : undefined;
    const row = async (label: string, caddyUrl: string, headers: Record<string, string>, nginxHeaders?: Record<string, string>) => ({
      label,
      caddy: await cannon(caddyUrl, { ...headers, Host: TENANT_HOST }, undefined, tls),
      nginx: nginxUrl && nginxHeaders ? await cannon(nginxUrl, { ...nginxHeaders, Host: TENANT_HOST }, undefined, tls) : undefined,
    });
    const rows = [
      await row("page file (identity)", url, {}, {}),
      await row("page file (gzip; nginx gzip_static, the same bytes)", url, { "Accept-Encoding": "gzip" }, { "Accept-Encoding": "gzip" }),
      await row("page file (br, as browsers ask)", url, { "Accept-Encoding": "gzip, deflate, br, zstd" }),
      await row("page proxied to the app (identity; a query string skips the file)", `${url}?via=app`, {}, {}),
      await row("page proxied to the app (br; nginx gzip_static)", `${url}?via=app`, { "Accept-Encoding": "gzip, deflate, br, zstd" }, { "Accept-Encoding": "gzip" }),
    ];
    caddy = { rows, version };
  }

  // --- Lighthouse --------------------------------------------------------------------------------------
  const lighthouse = existsSync(CHROMIUM) ? await runLighthouse(`${origin}/t/bench`) : undefined;

  // --- report --------------------------------------------------------------------------------------------
  const fmt = (n: number, digits = 0) => n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
  const gz = gzipSync(page.body, { level: 6 }).length;
  console.log(`\nPublic surfaces: production build, one Node.js process, autocannon ${CONNECTIONS} connections × ${DURATION} s per row, loopback, this machine (${(await import("node:os")).cpus().length} cores)`);
  console.log(`nginx: ${NGINX ? "Debian's, one worker, the same bytes as static files (gzip on for the gzip rows)" : "not installed (apt-get install nginx): comparison skipped"}\n`);
  console.log("| surface | req/s | p50 ms | p99 ms | errors | nginx req/s | nginx p99 ms | Candor / nginx |\n|---|---|---|---|---|---|---|---|");
  for (const row of rows) {
    const bad = row.errors + row.non2xx;
    console.log(`| ${row.label} | ${fmt(row.rps)} | ${fmt(row.p50, 1)} | ${fmt(row.p99, 1)} | ${bad} | ${row.nginx ? fmt(row.nginx.rps) : "–"} | ${row.nginx ? fmt(row.nginx.p99, 1) : "–"} | ${row.nginx ? fmt(row.rps / row.nginx.rps, 2) : "–"} |`);
  }
  console.log(`\nTargets: page ≥ 1,000 req/s with p99 ≤ 50 ms → identity ${fmt(rows[0]!.rps)} req/s, p99 ${fmt(rows[0]!.p99, 1)} ms; gzip ${fmt(rows[1]!.rps)} req/s, p99 ${fmt(rows[1]!.p99, 1)} ms`);
  console.log(`Page HTML: ${fmt(page.body.length / 1024, 1)} KB, ${fmt(gz / 1024, 1)} KB gzipped (target ≤ 30 KB); as served gzipped: ${fmt(pageGzip.body.length / 1024, 1)} KB`);
  const sortedPublish = [...publishTimes].sort((a, b) => a - b);
  console.log(`Publishing 1,000 controls (2,000 evidence links), 5 publishes: first ${fmt(publishTimes[0]!)} ms (makes the signing key), median ${fmt(sortedPublish[2]!)} ms, max ${fmt(sortedPublish[4]!)} ms (target ≤ 1,000 ms)`);
  console.log(`Tenants: ${fmt(tenants)} (added 9,999 with publications in ${fmt(fillSeconds, 1)} s). Page (br) at 1 tenant ${fmt(oneTenant.rps)} req/s p99 ${fmt(oneTenant.p99, 1)} ms; at ${fmt(tenants)} tenants ${fmt(manyTenants.rps)} req/s p99 ${fmt(manyTenants.p99, 1)} ms → ${fmt(oneTenant.rps / manyTenants.rps, 2)}× (target ≤ 1.1×)`);
  console.log(`Every request a different tenant (cold caches; 9,999 tenants round-robin): ${fmt(spread.rps)} req/s, p50 ${fmt(spread.p50, 1)} ms, p99 ${fmt(spread.p99, 1)} ms, ${spread.errors + spread.non2xx} errors`);
  console.log(`\nCustom domains: ${fmt(domainCount)} verified. Page by host name (${TENANT_HOST}, br): ${fmt(pageByHost.rps)} req/s p99 ${fmt(pageByHost.p99, 1)} ms with 1 domain; ${fmt(pageByHostMany.rps)} req/s p99 ${fmt(pageByHostMany.p99, 1)} ms with ${fmt(domainCount)}`);
  console.log(`TLS ask at ${fmt(domainCount)} domains (target p99 ≤ 5 ms), ${askCold.errors + askWarm.errors + askColdOne.errors + askWarmOne.errors} errors:`);
  console.log(`  every name new (a database lookup each): 32 connections ${fmt(askCold.rps)} req/s, p50 ${fmt(askCold.p50, 1)} ms, p99 ${fmt(askCold.p99, 1)} ms; 1 connection ${fmt(askColdOne.rps)} req/s, p50 ${fmt(askColdOne.p50, 1)} ms, p99 ${fmt(askColdOne.p99, 1)} ms`);
  console.log(`  1,000 known names repeated (cached): 32 connections ${fmt(askWarm.rps)} req/s, p99 ${fmt(askWarm.p99, 1)} ms; 1 connection ${fmt(askWarmOne.rps)} req/s, p99 ${fmt(askWarmOne.p99, 1)} ms`);
  if (caddy) {
    const ratio = (a: { rps: number }, b?: { rps: number }) => (b ? `${fmt(a.rps / b.rps, 2)}×` : "–");
    console.log(`\nShipped topology over HTTPS, ${TENANT_HOST}/ (Caddy ${caddy.version} with deploy/caddy/site.caddy, on-demand TLS, its internal CA, the app's published files; nginx: one worker, TLS, the same bytes as static files):`);
    console.log("| path | req/s | p50 ms | p99 ms | nginx req/s | nginx p99 ms | Caddy path / nginx |\n|---|---|---|---|---|---|---|");
    for (const r of caddy.rows) {
      console.log(`| ${r.label} | ${fmt(r.caddy.rps)} | ${fmt(r.caddy.p50, 1)} | ${fmt(r.caddy.p99, 1)} | ${r.nginx ? fmt(r.nginx.rps) : "–"} | ${r.nginx ? fmt(r.nginx.p99, 1) : "–"} | ${ratio(r.caddy, r.nginx)} |`);
    }
    console.log("Target: ≥ 0.5× nginx through the shipped topology.");
  } else console.log("Caddy: not installed (apt-get install caddy): the shipped-topology rows are skipped");
  if (lighthouse) {
    console.log(`Lighthouse ${lighthouse.version} (mobile, simulated throttling) on /t/bench: ${Object.entries(lighthouse.scores).map(([k, v]) => `${k} ${v}`).join(", ")} (target ≥ 0.95 each)`);
    for (const failed of lighthouse.failed) console.log(`  not passed: ${failed}`);
  } else console.log(`Lighthouse: skipped (no Chromium at ${CHROMIUM})`);

  await owner.$disconnect();
  await disconnectDb();
} finally {
  for (const child of children) child.kill("SIGTERM");
  await database.stop();
}

// --- helpers -----------------------------------------------------------------------------------------

async function waitFor(url: string) {
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not come up`);
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

async function cannon(url: string, headers: Record<string, string>, pathFor?: (i: number) => string, extra: Partial<autocannon.Options> = {}) {
  let i = 0;
  const warm = await autocannon({ url, connections: CONNECTIONS, duration: 2, headers, ...extra });
  void warm;
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: DURATION,
    headers,
    ...extra,
    ...(pathFor ? { requests: [{ setupRequest: (request: autocannon.Request) => ({ ...request, path: pathFor(i++) }) }] } : {}),
  });
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.timeouts, non2xx: result.non2xx - (headers["If-None-Match"] ? result["3xx"] : 0) };
}

async function runLighthouse(url: string) {
  const { launch } = await import("chrome-launcher");
  const { default: lighthouse } = await import("lighthouse");
  const chrome = await launch({ chromePath: CHROMIUM, chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu"] });
  try {
    const result = await lighthouse(url, { port: chrome.port, output: "json", logLevel: "error", onlyCategories: ["performance", "accessibility", "best-practices", "seo"] });
    if (!result) throw new Error("Lighthouse returned nothing");
    const { lhr } = result;
    const scores = Object.fromEntries(Object.values(lhr.categories).map((category) => [category.id, category.score]));
    const failed = Object.values(lhr.categories).flatMap((category) =>
      category.auditRefs
        .filter((ref) => ref.weight > 0)
        .map((ref) => lhr.audits[ref.id]!)
        .filter((audit) => audit.score !== null && audit.score < 0.9)
        .map((audit) => `${category.id}: ${audit.title} (${audit.score})`),
    );
    return { version: lhr.lighthouseVersion, scores, failed };
  } finally {
    chrome.kill();
  }
}
