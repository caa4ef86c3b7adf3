/**
 * Only the Caddy rows of the public bench, for quick A/B rounds on a shared machine (issue 11):
 * the shipped deploy/caddy/site.caddy, any other site bodies given as arguments, and a minimal
 * Caddy 2.6.2 `file_server` on the same precompressed bytes, all over HTTPS (on-demand TLS, as
 * shipped). No build: the pages are the demo tenant's (prisma/demo-dataset.json imported and
 * published on a throwaway database, its files written by the app's own PUBLISHED_DIR writer, as
 * production's Caddy reads them) and a small synthetic one (~10 KB of HTML, ~4 KB compressed: the
 * size every figure before 2026-12-03 was taken on, where the headers weigh most), each measured
 * on its own; a loopback ask endpoint says yes to the bench host.
 *
 * The configs are measured interleaved, ROUNDS times (minimal, then each config, rotating the
 * order each round), and each is reported as a ratio to the minimal Caddy of the SAME round:
 * other processes on this 2-core machine move absolute req/s by tens of percent between minutes.
 * Beside req/s it prints the inverse ratio of Caddy's CPU time per request (minimal / config):
 * what the config costs per request, which other processes' load moves much less than req/s.
 * Two references that are not candidates split the gap: the minimal file_server sending the same
 * headers (deferred, as the shipped branch must), and the same headers applied before file_server
 * (not deferred: not a valid answer, Server stays and Vary is sent twice, but it shows what the
 * deferral itself costs). nginx (Debian's, one worker, gzip_static) serves the same bytes over
 * HTTPS in the same rounds, so a reader sees the generator was not the ceiling.
 *
 *   npm run bench:caddy -- [other/site.caddy …]      BENCH_DURATION (s, default 5), BENCH_ROUNDS (default 4),
 *                                                    BENCH_PROFILE=dir (each config's CPU profile, first gzip round),
 *                                                    BENCH_PROTOCOLS=h1,h2 (default both),
 *                                                    BENCH_CADDY=caddy[,/other/caddy …] (binaries, default the one on PATH),
 *                                                    BENCH_DIAGNOSTIC=1 (add the not-deferred headers row),
 *                                                    BENCH_PAGES=demo,small (default both, in that order)
 *
 * BENCH_CADDY with more than one binary measures each version's configs (its own minimal, reference
 * and site bodies) in the same interleaved rounds, each a ratio to ITS minimal, and prints the
 * versions' minimal figures side by side: production runs the Docker image's Caddy
 * (docker-compose.yml), CI and this machine Debian's 2.6.2; a newer one can be unpacked from
 * Debian's sid (docs/decisions/025-stored-artifacts.md, "Caddy 2.11").
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { benchDatabase, median } from "./lib/bench";
import { freePort } from "./lib/embedded-postgres";
import { NGINX, startNginx } from "./lib/nginx";
import { treeCpuMs } from "./lib/process-cpu";
import { h2load } from "./lib/h2load";
import { wrk } from "./lib/wrk";

const DURATION = Number(process.env.BENCH_DURATION ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
type Protocol = "h1" | "h2";
/** BENCH_PROTOCOLS=h1,h2 (default both): HTTP/1.1 with wrk, HTTP/2 with h2load. */
const PROTOCOLS = (process.env.BENCH_PROTOCOLS ?? "h1,h2").split(",").map((p) => p.trim()) as Protocol[];
const CADDIES = (process.env.BENCH_CADDY ?? "caddy").split(",").map((binary) => binary.trim());
const DIAGNOSTIC = process.env.BENCH_DIAGNOSTIC === "1";
type PageName = "demo" | "small";
/** BENCH_PAGES=demo,small (default both): which pages, each measured on its own. */
const PAGES = (process.env.BENCH_PAGES ?? "demo,small").split(",").map((p) => p.trim()) as PageName[];
if (PAGES.length === 0 || PAGES.some((p) => p !== "demo" && p !== "small")) throw new Error(`bench-caddy: BENCH_PAGES takes demo and/or small, not ${process.env.BENCH_PAGES}`);
const HOST = "trust.bench.example";
const ENCODINGS: [string, Record<string, string>][] = [
  ["identity", {}],
  ["gzip", { "Accept-Encoding": "gzip" }],
  ["br", { "Accept-Encoding": "gzip, deflate, br, zstd" }],
];
/** The headers deploy/caddy/site.caddy sends with a published file (HSTS as for a custom domain), Server's deletion aside. */
const HEADER_VALUES = [
  `Cache-Control "public, max-age=10, stale-while-revalidate=50"`,
  `Content-Security-Policy "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"`,
  "X-Content-Type-Options nosniff",
  "Referrer-Policy strict-origin-when-cross-origin",
  `Permissions-Policy "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"`,
  "Cross-Origin-Opener-Policy same-origin",
  "X-Frame-Options DENY",
  "X-Candor-Edge file",
  `Strict-Transport-Security "max-age=31536000"`,
  `Vary "Accept-Encoding, Accept-Language, Cookie"`,
];
const FILE_HEADERS = ["-Server", ...HEADER_VALUES].map((line) => `\t\t${line}\n`).join("");
const UNDEFERRED_HEADERS = HEADER_VALUES.map((line) => `\t\t${line}\n`).join("");
const REFERENCE = "(reference) minimal + the files' response headers";
const UNDEFERRED = "(diagnostic) the same headers, not deferred (keeps Server, Vary twice: not a valid answer)";
const children: ChildProcess[] = [];
const root = mkdtempSync(path.join(os.tmpdir(), "candor-bench-caddy-"));
process.on("exit", () => {
  for (const child of children) child.kill("SIGTERM");
  rmSync(root, { recursive: true, force: true });
});

/** A host's published files as the edge reads them: `dir` holds index.html, index.en.html and trust.json, each with its .br and .gz. */
type Page = { name: PageName; dir: string; html: number; gzip: number; br: number };

const sizeOf = (file: string) => statSync(file).size;
const pageAt = (name: PageName, dir: string): Page => ({ name, dir, html: sizeOf(path.join(dir, "index.html")), gzip: sizeOf(path.join(dir, "index.html.gz")), br: sizeOf(path.join(dir, "index.html.br")) });

/**
 * The demo tenant's page, as production's Caddy reads it: prisma/demo-dataset.json imported and
 * published (prisma/seed.ts, as `npm run dev` does) on a throwaway database, the files written by
 * the app's own PUBLISHED_DIR writer (src/server/edge/published-dir.ts), then copied under the
 * bench host's name (the shipped config's root is PUBLISHED_DIR/{host}). The database is stopped
 * before anything is measured.
 */
async function writeDemo(dir: string): Promise<Page> {
  const written = path.join(root, "demo-written");
  const database = await benchDatabase("caddy_demo", { PUBLISHED_DIR: written, PLATFORM_DOMAIN: "localhost" });
  try {
    const { seedDemo, DEMO } = await import("../prisma/seed");
    await seedDemo(() => undefined);
    const { writeSlug } = await import("../src/server/edge/published-dir");
    await writeSlug(DEMO.slug);
    const source = path.join(written, `${DEMO.slug}.localhost`);
    if (!existsSync(path.join(source, "index.html"))) throw new Error(`bench-caddy: the app wrote no page for the demo tenant under ${source}`);
    const hostDir = path.join(dir, HOST);
    cpSync(source, hostDir, { recursive: true });
    return pageAt("demo", hostDir);
  } finally {
    const [{ disconnectDb }, { closePool }] = await Promise.all([import("../src/server/db/client"), import("../src/server/db/pool")]);
    await Promise.all([disconnectDb(), closePool()]);
    await database.stop();
  }
}

/** A small page (~10 KB of HTML, ~4 KB compressed: a tenant with a handful of controls), where the headers weigh most. */
function writeSmall(dir: string): Page {
  const hostDir = path.join(dir, HOST);
  mkdirSync(hostDir, { recursive: true });
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  const word = () => Array.from({ length: 3 + (next() % 7) }, () => "etaoinshrdlucmfwypvbgkqjxz"[next() % 26]).join("");
  const rows = Array.from({ length: 70 }, (_, i) => `<tr><td>${word()} ${i}</td><td>${Array.from({ length: 12 }, word).join(" ")}</td><td>2026-0${1 + (i % 9)}-1${i % 10}</td></tr>`);
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Bench Co trust center</title><style>body{font:16px system-ui}</style></head><body><main><h1>Bench Co</h1><table>${rows.join("")}</table></main></body></html>`;
  for (const name of ["index.html", "index.en.html", "trust.json"]) {
    const body = Buffer.from(name.endsWith(".json") ? JSON.stringify({ rows }) : html);
    writeFileSync(path.join(hostDir, name), body);
    writeFileSync(path.join(hostDir, `${name}.gz`), zlib.gzipSync(body, { level: 9 }));
    writeFileSync(path.join(hostDir, `${name}.br`), zlib.brotliCompressSync(body));
  }
  return pageAt("small", hostDir);
}

async function askServer() {
  const server = http.createServer((request, response) => {
    response.statusCode = new URL(request.url ?? "/", "http://x").searchParams.get("domain") === HOST ? 200 : 404;
    response.end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}

type Config = { name: string; group: string; url: string; pid: number; adminPort: number };
/** Processes started so far: each gets a directory of its own. */
let started = 0;

/** "2.6.2" from `caddy version` ("v2.11.4 h1:…" for a release build, "2.6.2" for Debian's). */
function caddyVersion(binary: string) {
  return execFileSync(binary, ["version"], { encoding: "utf8" }).trim().split(/\s+/)[0]!.replace(/^v/, "");
}

async function startCaddy(binary: string, group: string, name: string, site: string, env: Record<string, string>): Promise<Config> {
  const dir = path.join(root, `${group} ${name} ${++started}`.replace(/\W+/g, "_"));
  mkdirSync(dir, { recursive: true });
  const [httpsPort, httpPort, adminPort] = [await freePort(), await freePort(), await freePort()];
  writeFileSync(
    path.join(dir, "Caddyfile"),
    `{\n\tadmin 127.0.0.1:${adminPort}\n\tstorage file_system ${path.join(dir, "data")}\n\tskip_install_trust\n\thttp_port ${httpPort}\n\thttps_port ${httpsPort}\n\tauto_https disable_redirects\n\ton_demand_tls {\n\t\task http://${env.CANDOR_UPSTREAM}/internal/tls/ask\n\t}\n\tlog {\n\t\tlevel ERROR\n\t}\n}\n${site}\n`,
  );
  const child = spawn(binary, ["run", "--config", path.join(dir, "Caddyfile"), "--adapter", "caddyfile"], { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, HOME: dir, XDG_DATA_HOME: dir, XDG_CONFIG_HOME: dir, ...env } });
  children.push(child);
  const url = `https://${HOST}:${httpsPort}/`;
  for (let i = 0; ; i++) {
    const probe = await wrk({ url, connectTo: "127.0.0.1", seconds: 1, connections: 1 }).catch(() => undefined);
    if (probe && probe.requests > 0 && probe.non2xx === 0 && probe.errors === 0) break;
    if (i > 40) throw new Error(`bench-caddy: ${name} did not serve ${url}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { name, group, url, pid: child.pid!, adminPort };
}

/**
 * nginx (Debian's, one worker) on the same bytes over HTTPS: gzip_static for gzip (nginx-light has no
 * brotli, so a request that also accepts br gets the .gz), a self-signed P-256 certificate like the
 * one Caddy's internal CA issues. Only so the output shows what the load generator can reach here.
 */
async function nginxOn(pageDir: string, group: string): Promise<Config> {
  const port = await freePort();
  const child = startNginx({ dir: path.join(root, `nginx ${++started}`.replace(/\W+/g, "_")), root: pageDir, host: HOST, tlsPort: port });
  children.push(child);
  const url = `https://${HOST}:${port}/`;
  for (let i = 0; ; i++) {
    const probe = await wrk({ url, connectTo: "127.0.0.1", seconds: 1, connections: 1 }).catch(() => undefined);
    if (probe && probe.requests > 0 && probe.non2xx === 0 && probe.errors === 0) break;
    if (i > 40) throw new Error(`bench-caddy: nginx did not serve ${url}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { name: "nginx (gzip_static, no brotli; not a Caddy config)", group, url, pid: child.pid!, adminPort: 0 };
}

/**
 * One measured run: req/s, and Caddy's CPU per request (µs), which moves far less with other load.
 * HTTP/1.1 with wrk; HTTP/2 (what a browser negotiates with Caddy over HTTPS) with h2load. Each
 * after 1 s of warm-up by the same generator on new connections, as the measured run opens its own.
 */
async function measure(config: Config, headers: Record<string, string>, protocol: Protocol, profile?: string) {
  const connectTo = `127.0.0.1:${new URL(config.url).port}`;
  if (protocol === "h1") await wrk({ url: config.url, headers, connectTo: "127.0.0.1", seconds: 1, connections: 32 });
  else await h2load({ url: config.url, headers, connectTo, seconds: 1, connections: 32 });
  const before = treeCpuMs(config.pid);
  const profiling = profile && config.adminPort ? captureProfile(config.adminPort, path.join(profile, `${protocol}-${config.group}-${config.name.replace(/\W+/g, "_")}.pprof`)) : undefined;
  const result =
    protocol === "h1"
      ? await wrk({ url: config.url, headers, connectTo: "127.0.0.1", seconds: DURATION, connections: 32 }).then((r) => ({ rps: r.rps, requests: r.requests, bad: r.errors + r.non2xx }))
      : await h2load({ url: config.url, headers, connectTo, seconds: DURATION, connections: 32 }).then((r) => ({ rps: r.rps, requests: r.requests, bad: r.failed + r.non2xx }));
  const cpuMs = treeCpuMs(config.pid) - before;
  await profiling;
  if (result.bad > 0 || result.requests === 0) throw new Error(`bench-caddy: ${config.url} over ${protocol} answered ${result.bad} failed or non-2xx of ${result.requests}`);
  return { rps: result.rps, cpuUs: (cpuMs * 1000) / result.requests };
}

/** BENCH_PROFILE=dir: Caddy's CPU profile (Go pprof, its admin endpoint) of each config's first gzip run, for `go tool pprof -top`. */
async function captureProfile(adminPort: number, file: string) {
  // Caddy 2.8 and later refuse an admin request whose Origin is not the admin address (fetch sends
  // one of its own): name it.
  const admin = `http://127.0.0.1:${adminPort}`;
  const response = await fetch(`${admin}/debug/pprof/profile?seconds=${Math.max(1, DURATION - 1)}`, { headers: { Origin: admin } });
  if (!response.ok) throw new Error(`bench-caddy: Caddy's profile endpoint answered ${response.status}: ${await response.text()}`);
  writeFileSync(file, Buffer.from(await response.arrayBuffer()));
}


function siteBody(file: string) {
  return `https:// {\n\tbind 127.0.0.1\n\ttls internal {\n\t\ton_demand\n\t}\n\timport ${path.resolve(file)}\n}`;
}

async function main() {
  const ask = await askServer();
  const pages: Page[] = [];
  for (const name of PAGES) pages.push(name === "demo" ? await writeDemo(path.join(root, "published-demo")) : writeSmall(path.join(root, "published-small")));
  for (const page of pages) await measurePage(page, ask);
  ask.close();
  process.exit(0);
}

/** Every config on one page's files, in interleaved rounds; the page's processes are stopped after. */
async function measurePage(page: Page, ask: http.Server) {
  const published = path.dirname(page.dir);
  const env = { APP_HOST: "app.bench.invalid", PLATFORM_DOMAIN: "localhost", CANDOR_UPSTREAM: `127.0.0.1:${(ask.address() as AddressInfo).port}`, PUBLISHED_DIR: published };
  const files = ["deploy/caddy/site.caddy", ...process.argv.slice(2)];
  // One group per Caddy binary: its minimal file_server, the reference and the site bodies, each
  // row a ratio to the minimal of its own group in the same round. nginx is compared with the
  // first group's minimal.
  const groups = CADDIES.map((binary) => ({ binary, version: `Caddy ${caddyVersion(binary)}` }));
  const configs: Config[] = [];
  for (const { binary, version } of groups) {
    const start = (name: string, site: string, siteEnv: Record<string, string>) => startCaddy(binary, version, name, site, siteEnv);
    configs.push(await start("minimal", `https://${HOST} {\n\tbind 127.0.0.1\n\ttls internal\n\troot * ${page.dir}\n\tfile_server {\n\t\tprecompressed br gzip\n\t}\n}`, {}));
    // A reference, not a candidate: the minimal file_server sending the same response headers as the
    // shipped branch for files, with no matcher at all. What it loses against the minimal one is the
    // price of those headers alone; no config that sends them can do better.
    configs.push(await start(REFERENCE, `https://${HOST} {\n\tbind 127.0.0.1\n\ttls internal\n\troot * ${page.dir}\n\theader {\n${FILE_HEADERS}\t\tdefer\n\t}\n\tfile_server {\n\t\tprecompressed br gzip\n\t}\n}`, {}));
    // A diagnostic (BENCH_DIAGNOSTIC=1): the same values applied before file_server runs, as a
    // non-deferred header block does. Not a valid answer (Caddy's Server header stays: the
    // Caddyfile defers any deletion; and file_server adds its own Vary line for a precompressed
    // file), but the difference to the reference is what the deferral costs (ADR 025: nothing
    // measurable on 2.6.2).
    if (DIAGNOSTIC) configs.push(await start(UNDEFERRED, `https://${HOST} {\n\tbind 127.0.0.1\n\ttls internal\n\troot * ${page.dir}\n\theader {\n${UNDEFERRED_HEADERS}\t}\n\tfile_server {\n\t\tprecompressed br gzip\n\t}\n}`, {}));
    for (const file of files) configs.push(await start(file, siteBody(file), env));
  }
  if (NGINX) configs.push(await nginxOn(page.dir, groups[0]!.version));
  console.log(`\n## ${page.name === "demo" ? "The demo tenant's page (prisma/demo-dataset.json, as the app writes it)" : "A small page (synthetic)"}: ${page.html} B of HTML, ${page.gzip} B gzip, ${page.br} B brotli\nCaddy A/B over HTTPS, ${HOST}/, wrk -t1 -c32 (HTTP/1.1) and h2load -t1 -c32 -m1 (HTTP/2), ${DURATION} s per run, ${ROUNDS} interleaved rounds; ${groups.map((g) => g.version).join(" and ")}; ratio to the minimal Caddy of the same version and round`);
  for (const protocol of PROTOCOLS) {
    for (const [encoding, headers] of ENCODINGS) {
      const label = `${encoding}, ${protocol === "h1" ? "HTTP/1.1 (wrk)" : "HTTP/2 (h2load, as browsers)"}`;
      const key = (config: Pick<Config, "group" | "name">) => `${config.group}\u0000${config.name}`;
      const rows = new Map<string, { rps: number[]; cpu: number[] }>(configs.filter((c) => c.name !== "minimal").map((c) => [key(c), { rps: [], cpu: [] }]));
      const minimals = new Map<string, { rps: number[]; cpu: number[] }>(groups.map((g) => [g.version, { rps: [], cpu: [] }]));
      for (let round = 0; round < ROUNDS; round++) {
        const results = new Map<Config, { rps: number; cpuUs: number }>();
        for (const i of configs.keys()) {
          const config = configs[(i + round) % configs.length]!;
          results.set(config, await measure(config, headers, protocol, round === 0 && encoding === "gzip" ? process.env.BENCH_PROFILE : undefined));
        }
        for (const [config, result] of results) {
          const minimal = [...results].find(([c]) => c.group === config.group && c.name === "minimal")![1];
          if (config.name === "minimal") {
            minimals.get(config.group)!.rps.push(result.rps);
            minimals.get(config.group)!.cpu.push(result.cpuUs);
          } else {
            rows.get(key(config))!.rps.push(result.rps / minimal.rps);
            rows.get(key(config))!.cpu.push(minimal.cpuUs / result.cpuUs);
          }
        }
      }
      console.log(`\n${label}:`);
      for (const { version } of groups) {
        const minimal = minimals.get(version)!;
        console.log(`  ${version}, minimal: ${minimal.rps.map((r) => r.toFixed(0)).join(", ")} req/s (median ${median(minimal.rps).toFixed(0)}), ${minimal.cpu.map((r) => r.toFixed(0)).join(", ")} µs CPU per request (median ${median(minimal.cpu).toFixed(0)})`);
        const row = (config: Config) => rows.get(key(config))!;
        for (const config of configs.filter((c) => c.group === version && c.name !== "minimal")) {
          console.log(`    ${config.name}: req/s ${median(row(config).rps).toFixed(3)}× (${row(config).rps.map((v) => v.toFixed(2)).join(" ")}); by CPU per request ${median(row(config).cpu).toFixed(3)}× (${row(config).cpu.map((v) => v.toFixed(2)).join(" ")})`);
        }
        // Where each config's gap to the minimal file_server goes, by CPU per request (the steadier
        // measure): 1 − reference is the price of the headers alone (no matcher at all), reference −
        // config the price of the routing (matchers, maps, the handlers around file_server).
        const medianOf = (name: string) => median(rows.get(key({ group: version, name }))!.cpu);
        const reference = medianOf(REFERENCE);
        const headersOnly = 1 - reference;
        const deferral = DIAGNOSTIC ? ` deferring them ${((medianOf(UNDEFERRED) - reference) * 100).toFixed(0)}% of it (not deferred minus deferred)` : "";
        console.log(`    gap by CPU per request: the headers alone ${(headersOnly * 100).toFixed(0)}%;${deferral}`);
        for (const file of files) {
          const config = medianOf(file);
          console.log(`      ${file}: ${((1 - config) * 100).toFixed(0)}% = headers ${(headersOnly * 100).toFixed(0)}% + routing ${((reference - config) * 100).toFixed(0)}%${config >= 0.9 ? " (≥ 0.9×)" : ` (0.9× needs ${((0.9 - config) * 100).toFixed(0)}% more; without the headers' ${(headersOnly * 100).toFixed(0)}% it would be ${(1 - (reference - config)).toFixed(2)}×)`}`);
        }
      }
      // nginx serves these bytes at ~2-4x a minimal Caddy here; when it cannot beat it, the one wrk
      // or h2load thread was the ceiling (the demo page in identity over HTTP/1.1: ~570 MB/s to decrypt).
      const nginx = configs.find((c) => c.name.startsWith("nginx"));
      if (nginx && median(rows.get(key(nginx))!.rps) < 1.2) console.log(`  ! nginx reached only ${median(rows.get(key(nginx))!.rps).toFixed(2)}x the minimal Caddy: the load generator is the ceiling in this row, so its req/s ratios say little; read CPU per request`);
      if (groups.length > 1) {
        const [first, ...rest] = groups.map((g) => ({ version: g.version, ...minimals.get(g.version)! }));
        for (const other of rest) console.log(`  ${other.version} minimal against ${first!.version} minimal: req/s ${(median(other.rps) / median(first!.rps)).toFixed(3)}×, by CPU per request ${(median(first!.cpu) / median(other.cpu)).toFixed(3)}×`);
      }
    }
  }
  for (const config of configs) process.kill(config.pid, "SIGTERM");
  await new Promise((resolve) => setTimeout(resolve, 500));
}

await main();
