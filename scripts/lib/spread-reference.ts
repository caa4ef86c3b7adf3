import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { freePort } from "./embedded-postgres";
import { waitFor } from "./bench";
import { NGINX, startNginx } from "./nginx";

/**
 * The reference servers for bench:public's 10,000 tenants (ADR 025): the same spread of pages, the
 * same bytes, served by something that does nothing but send them, so the ratio "cold (or
 * round-robin) over 10,000 pages / one page" can be read beside what the machine itself gives it.
 * Serving 10,000 different 12 KB bodies touches 120 MB that no CPU cache holds, where one page's
 * bytes stay in cache: part of the gap is the machine's, whatever the server does.
 *
 * - nginx (one worker, as the other rows): each page a file, sent with sendfile, `open_file_cache`
 *   off as Debian ships it (an open and a stat per request, for one page as for 10,000);
 * - a bare Node http server: each page its own Buffer in one Map keyed by path, sent with the
 *   same header list Candor sends (its ETag and Content-Length per page), nothing else.
 * Each is started fresh for each round, as the web process is for a cold round.
 */
export type SpreadPage = { path: string; body: Buffer; etag: string };

/** Writes the pages under `dir/www` (their paths as files) and a header list for the bare server. */
export function writeSpread(dir: string, pages: SpreadPage[], headers: [string, string][]) {
  for (const page of pages) {
    const file = path.join(dir, "www", page.path);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, page.body);
  }
  writeFileSync(path.join(dir, "pages.json"), JSON.stringify({ headers, pages: pages.map(({ path: p, etag }) => ({ path: p, etag })) }));
}

export type SpreadServer = { name: string; origin: string; pid: number; stop: () => Promise<void> };

/** nginx over `dir/www`: the pages as brotli bodies (what Candor sends a browser), no gzip_static probe. */
export async function startSpreadNginx(dir: string): Promise<SpreadServer | undefined> {
  if (!NGINX) return undefined;
  const [plainPort, tlsPort] = [await freePort(), await freePort()];
  const child = startNginx({
    dir: path.join(dir, "nginx"),
    root: path.join(dir, "www"),
    host: "spread.invalid",
    tlsPort,
    plainPort,
    plainExtra: `location /t/ { default_type "text/html; charset=utf-8"; gzip_static off; add_header Content-Encoding br; add_header Vary Accept-Encoding; }`,
  });
  const origin = `http://127.0.0.1:${plainPort}`;
  await waitFor(`${origin}/t/bench`);
  return { name: "nginx", origin, pid: child.pid!, stop: () => stop(child) };
}

/** A bare Node http server holding every page in memory (read at its start, before it listens). */
export async function startSpreadNode(dir: string): Promise<SpreadServer> {
  const port = await freePort();
  const child = spawn(process.execPath, ["-e", BARE_SERVER], { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, SPREAD_DIR: dir, SPREAD_PORT: String(port) } });
  const origin = `http://127.0.0.1:${port}`;
  await waitFor(`${origin}/t/bench`);
  return { name: "bare Node", origin, pid: child.pid!, stop: () => stop(child) };
}

function stop(child: ChildProcess) {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

const BARE_SERVER = `
const fs = require("node:fs"), http = require("node:http"), path = require("node:path");
const dir = process.env.SPREAD_DIR;
const { headers, pages } = JSON.parse(fs.readFileSync(path.join(dir, "pages.json"), "utf8"));
const base = headers.flat();
const answers = new Map();
for (const page of pages) {
  const body = fs.readFileSync(path.join(dir, "www", page.path));
  answers.set(page.path, { head: [...base, "ETag", page.etag, "Content-Length", body.byteLength], body });
}
http.createServer((req, res) => {
  const answer = answers.get(req.url);
  if (!answer) { res.writeHead(404, ["Content-Length", 0]); return res.end(); }
  res.writeHead(200, answer.head);
  res.end(req.method === "HEAD" ? undefined : answer.body);
}).listen(Number(process.env.SPREAD_PORT), "127.0.0.1");
`;
