import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * The shipped Caddy site body (deploy/caddy/site.caddy, imported unchanged) never answers a
 * request carrying a grantee cookie from PUBLISHED_DIR: that request goes to the app (here a
 * stand-in that says so), which serves the grantee their own page. Anonymous requests still get
 * the file; and the file is the page in the visitor's language (ADR 038). Needs Debian's caddy
 * (as tests/e2e/caddy.spec.ts).
 */
const HOST = "acme.localhost";
const repo = path.resolve(import.meta.dirname, "../..");
let dir = "";
let caddy: ChildProcess | undefined;
let app: http.Server;
let httpsPort = 0;
let ca = "";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  if (!existsSync("/usr/bin/caddy")) throw new Error("This test needs Debian's caddy: apt-get install caddy");
  dir = mkdtempSync(path.join(os.tmpdir(), "candor-caddy-grantee-"));
  mkdirSync(path.join(dir, "published", HOST), { recursive: true });
  writeFileSync(path.join(dir, "published", HOST, "index.html"), "the published file\n");
  // The page in two of its languages (ADR 038); the others not written (yet).
  writeFileSync(path.join(dir, "published", HOST, "index.de.html"), "die veröffentlichte Datei\n");
  writeFileSync(path.join(dir, "published", HOST, "index.en.html"), "the published file, in English\n");
  app = http.createServer((_req, res) => {
    res.writeHead(200, { "Content-Type": "text/plain", "Cache-Control": "private, no-store" });
    res.end("from the app\n");
  });
  await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
  const upstream = (app.address() as net.AddressInfo).port;
  httpsPort = await freePort();
  const httpPort = await freePort();
  writeFileSync(
    path.join(dir, "Caddyfile"),
    `{\n\tadmin off\n\tstorage file_system ${dir}/data\n\tskip_install_trust\n\thttp_port ${httpPort}\n\thttps_port ${httpsPort}\n\tauto_https disable_redirects\n}\nhttps://${HOST} {\n\tbind 127.0.0.1\n\ttls internal\n\timport ${repo}/deploy/caddy/site.caddy\n}\n`,
  );
  const env = { ...process.env, HOME: dir, XDG_DATA_HOME: dir, XDG_CONFIG_HOME: dir, APP_HOST: "app.localhost", PLATFORM_DOMAIN: "localhost", CANDOR_UPSTREAM: `127.0.0.1:${upstream}`, PUBLISHED_DIR: path.join(dir, "published") };
  caddy = spawn("/usr/bin/caddy", ["run", "--config", path.join(dir, "Caddyfile"), "--adapter", "caddyfile"], { env, stdio: "ignore" });
  const root = path.join(dir, "data", "pki", "authorities", "local", "root.crt");
  for (let i = 0; i < 200 && !(existsSync(root) && (await accepting(httpsPort))); i++) await new Promise((r) => setTimeout(r, 50));
  ca = readFileSync(root, "utf8");
});

afterAll(async () => {
  caddy?.kill("SIGTERM");
  await new Promise<void>((resolve) => app.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

function accepting(port: number) {
  return new Promise<boolean>((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}

function get(pathname: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const request = https.request({ host: "127.0.0.1", port: httpsPort, servername: HOST, path: pathname, ca, headers: { host: HOST, ...headers } }, (response) => {
      let body = "";
      response.on("data", (chunk: Buffer) => (body += chunk.toString()));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    request.on("error", reject);
    request.end();
  });
}

describe("Caddy's file route and the grantee cookie", () => {
  it("serves the published file to anonymous visitors, and sends every request with a grantee cookie (either name) to the app", async () => {
    const anonymous = await get("/");
    expect([anonymous.status, anonymous.body, anonymous.headers["x-candor-edge"]]).toEqual([200, "the published file\n", "file"]);
    // The same address answers a grantee with their own page: a browser must not reuse this copy then.
    expect(anonymous.headers.vary).toBe("Accept-Encoding, Accept-Language, Cookie");
    const unrelated = await get("/", { cookie: "theme=dark; candor-grantees=1" });
    expect(unrelated.body).toBe("the published file\n");
    for (const cookie of [`candor-grantee=${"a".repeat(64)}`, `__Host-candor-grantee=${"b".repeat(64)}`, `theme=dark; __Host-candor-grantee=${"c".repeat(64)}`, `theme=dark;candor-grantee=${"d".repeat(64)}`]) {
      const granted = await get("/", { cookie });
      expect([granted.status, granted.body, granted.headers["x-candor-edge"], granted.headers["cache-control"]]).toEqual([200, "from the app\n", undefined, "private, no-store"]);
    }
  });
});

describe("Caddy's file route and the visitor's language (ADR 038)", () => {
  it("serves index.{lang}.html for a browser whose first language is one of ours, index.html with no Accept-Language, and varies by it", async () => {
    for (const [header, body] of [
      ["de-DE,de;q=0.9,en;q=0.8", "die veröffentlichte Datei\n"],
      ["de", "die veröffentlichte Datei\n"],
      ["de-CH, fr;q=0.5", "die veröffentlichte Datei\n"],
      ["en-US,en;q=0.9", "the published file, in English\n"],
    ] as const) {
      const reply = await get("/", { "accept-language": header });
      expect([reply.status, reply.body, reply.headers["x-candor-edge"], reply.headers.vary], header).toEqual([200, body, "file", "Accept-Encoding, Accept-Language, Cookie"]);
    }
    const none = await get("/");
    expect([none.body, none.headers["x-candor-edge"]]).toEqual(["the published file\n", "file"]);
  });

  it("sends the app what it cannot decide alone: a language not written yet, an unknown or q-valued first language, a wildcard", async () => {
    // fr is one of ours but its file is not there; ja first: the app negotiates further down the
    // list; a q-value on the first entry may not be the highest; * and an upper-case tag likewise.
    for (const header of ["fr-FR,fr;q=0.9", "ja, de;q=0.8", "de;q=0.5, en", "*", "DE"]) {
      const reply = await get("/", { "accept-language": header });
      expect([reply.status, reply.body, reply.headers["x-candor-edge"]], header).toEqual([200, "from the app\n", undefined]);
    }
  });

  it("trust.json does not depend on the language", async () => {
    writeFileSync(path.join(dir, "published", HOST, "trust.json"), "{}\n");
    for (const header of [undefined, "de", "ja", "*"]) {
      const reply = await get("/trust.json", header ? { "accept-language": header } : {});
      expect([reply.status, reply.body, reply.headers["x-candor-edge"]], header).toEqual([200, "{}\n", "file"]);
    }
  });
});
