import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import tls from "node:tls";
import zlib from "node:zlib";
import { expect, test } from "@playwright/test";
import { signInWithLink, sql } from "./fixtures";

/**
 * Caddy in front of the production app, with the site bodies deploy/Caddyfile uses
 * (deploy/caddy/site.caddy and http.caddy, imported unchanged): on-demand TLS asks the app
 * (GET /internal/tls/ask) before it issues a certificate, tenant hosts reach their trust center,
 * HSTS and the other headers, and plain HTTP. Caddy's internal CA stands in for Let's Encrypt;
 * its root is trusted explicitly (nothing is verified loosely). Needs Debian's caddy (2.6.2); passes as well
 * with a newer one first on PATH (2.11.4 from Debian's sid, ADR 025 "Caddy 2.11"), as production runs 2.10.
 */
const VERIFIED = "trust.acme-e2e.test";
const PENDING = "pending.acme-e2e.test";
const UNKNOWN = "unknown.example";
const PLATFORM_DOMAIN = process.env.PLATFORM_DOMAIN ?? "localhost";
const PLATFORM = `demo.${PLATFORM_DOMAIN}`;
const appPort = Number(process.env.E2E_PORT ?? 3100);
const appUrl = process.env.APP_URL ?? `http://127.0.0.1:${appPort}`;
const repo = path.resolve(import.meta.dirname, "../..");

let dir = "";
let caddy: ChildProcess | undefined;
let caddyLog = "";
let httpPort = 0;
let httpsPort = 0;
let rootCa = "";
let caddyAdminPort = 0;
let caddyEnv: NodeJS.ProcessEnv = { NODE_ENV: "production" };

test.describe.configure({ mode: "serial" });

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

function accepts(port: number) {
  return new Promise<boolean>((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Until `ready` holds, or fails with Caddy's output (it may have exited on a config error). */
async function waitFor(what: string, ready: () => boolean | Promise<boolean>, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await ready())) {
    if (caddy?.exitCode !== null || Date.now() > deadline) {
      throw new Error(`Caddy: ${what} (exit code ${caddy?.exitCode}). Its output:\n${caddyLog.slice(-4000)}`);
    }
    await sleep(100);
  }
}

type Reply = { status: number; headers: http.IncomingHttpHeaders; body: string; altNames: string };

/** An HTTPS request to Caddy for `host` (SNI and Host), verified against Caddy's local root. */
/**
 * An HTTPS request through Caddy. A certificate Caddy has just issued on demand starts its
 * validity at the second of issue; on a loaded machine the first request can land in that same
 * second before it (OpenSSL: "certificate is not yet valid"), so that one error is retried after
 * a second, three times at most. Any other error fails at once.
 */
async function get(host: string, pathname: string, options: { headers?: Record<string, string> } = {}): Promise<Reply> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await getOnce(host, pathname, options);
    } catch (error) {
      if ((error as { code?: string }).code !== "CERT_NOT_YET_VALID" || attempt === 3) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }
}

function getOnce(host: string, pathname: string, options: { headers?: Record<string, string> }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const request = https.request(
      {
        host: "127.0.0.1",
        port: httpsPort,
        servername: host,
        path: pathname,
        ca: rootCa,
        agent: false,
        headers: { host: `${host}:${httpsPort}`, ...options.headers },
      },
      (response) => {
        const altNames = (response.socket as tls.TLSSocket).getPeerCertificate().subjectaltname ?? "";
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("error", reject);
        response.on("end", () => {
          const raw = Buffer.concat(chunks);
          const encoding = response.headers["content-encoding"];
          const body = encoding === "br" ? zlib.brotliDecompressSync(raw) : encoding === "gzip" ? zlib.gunzipSync(raw) : raw;
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: body.toString("utf8"), altNames });
        });
      },
    );
    request.setTimeout(15_000, () => request.destroy(new Error(`timeout: https://${host}${pathname}`)));
    request.on("error", reject);
    request.end();
  });
}

/** A TLS handshake with Caddy for `servername`: the certificate's names, or the error. */
function handshake(servername: string): Promise<{ ok: true; altNames: string } | { ok: false; error: string }> {
  return new Promise((resolve) => {
    const socket = tls.connect({ host: "127.0.0.1", port: httpsPort, servername, ca: rootCa, ALPNProtocols: ["http/1.1"] });
    socket.setTimeout(15_000, () => socket.destroy(new Error("timeout")));
    socket.once("secureConnect", () => {
      const altNames = socket.getPeerCertificate().subjectaltname ?? "";
      socket.end();
      resolve({ ok: true, altNames });
    });
    socket.once("error", (error: NodeJS.ErrnoException) => resolve({ ok: false, error: `${error.code ?? ""} ${error.message}` }));
  });
}

/** Plain HTTP to Caddy's HTTP port. */
function plain(host: string, pathname: string): Promise<{ status: number; location?: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: "127.0.0.1", port: httpPort, path: pathname, agent: false, headers: { host } }, (response) => {
      response.resume();
      response.on("end", () => resolve({ status: response.statusCode ?? 0, location: response.headers.location }));
    });
    request.on("error", reject);
    request.end();
  });
}

test.beforeAll(async () => {
  const version = spawnSync("caddy", ["version"], { encoding: "utf8" });
  if (version.error || version.status !== 0) {
    throw new Error(`caddy is not installed (or does not run): install Debian's caddy: apt-get install -y caddy\n${version.error?.message ?? version.stderr}`);
  }
  console.log(`caddy ${version.stdout.trim()}`);

  await sql(`DELETE FROM "CustomDomain" WHERE hostname IN ($1, $2)`, [VERIFIED, PENDING]);
  await sql(
    `INSERT INTO "CustomDomain" ("orgId", hostname, token, status, "verifiedAt") SELECT id, $1, 'x', 'VERIFIED', now() FROM "Organization" WHERE slug = 'demo'`,
    [VERIFIED],
  );
  await sql(`INSERT INTO "CustomDomain" ("orgId", hostname, token, status) SELECT id, $1, 'y', 'PENDING' FROM "Organization" WHERE slug = 'demo'`, [PENDING]);

  dir = mkdtempSync(path.join(os.tmpdir(), "candor-caddy-"));
  const [adminPort, plainPort, tlsPort] = [await freePort(), await freePort(), await freePort()];
  httpPort = plainPort;
  httpsPort = tlsPort;
  caddyAdminPort = adminPort;
  const storage = path.join(dir, "data");
  // The same site bodies as deploy/Caddyfile; only TLS (internal CA) and the ports differ.
  const caddyfile = `{
	admin 127.0.0.1:${adminPort}
	storage file_system ${storage}
	skip_install_trust
	http_port ${httpPort}
	https_port ${httpsPort}
	on_demand_tls {
		ask http://{$CANDOR_UPSTREAM}/internal/tls/ask
	}
	auto_https disable_redirects
}

https:// {
	bind 127.0.0.1
	tls internal {
		on_demand
	}
	import ${path.join(repo, "deploy/caddy/site.caddy")}
}

http:// {
	bind 127.0.0.1
	import ${path.join(repo, "deploy/caddy/http.caddy")}
}
`;
  writeFileSync(path.join(dir, "Caddyfile"), caddyfile);

  // Only what Caddy needs: its own HOME and XDG directories, and the variables the sites read.
  const env: NodeJS.ProcessEnv = {
    NODE_ENV: "production",
    PATH: process.env.PATH,
    HOME: dir,
    XDG_DATA_HOME: path.join(dir, "xdg-data"),
    XDG_CONFIG_HOME: path.join(dir, "xdg-config"),
    CANDOR_UPSTREAM: `127.0.0.1:${appPort}`,
    APP_HOST: new URL(appUrl).hostname,
    PLATFORM_DOMAIN,
    // Where the app writes published pages (scripts/e2e.ts), for Caddy to serve as files.
    PUBLISHED_DIR: process.env.PUBLISHED_DIR,
  };
  caddyEnv = env;
  const child = spawn("caddy", ["run", "--config", path.join(dir, "Caddyfile"), "--adapter", "caddyfile"], {
    cwd: dir,
    stdio: ["ignore", "pipe", "pipe"],
    env,
  });
  caddy = child;
  const record = (chunk: Buffer) => {
    caddyLog = (caddyLog + chunk.toString("utf8")).slice(-200_000);
  };
  child.stdout?.on("data", record);
  child.stderr?.on("data", record);

  await waitFor("the HTTPS port never accepted connections", () => accepts(httpsPort));
  await waitFor("the HTTP port never accepted connections", () => accepts(httpPort));
  const root = path.join(storage, "pki/authorities/local/root.crt");
  await waitFor("its local CA root never appeared", () => existsSync(root));
  rootCa = readFileSync(root, "utf8");
});

test.afterAll(async () => {
  const child = caddy;
  if (child && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await Promise.race([exited, sleep(5_000)]);
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
  await sql(`DELETE FROM "CustomDomain" WHERE hostname IN ($1, $2)`, [VERIFIED, PENDING]);
});

test("deploy/Caddyfile itself is valid, asks the app on loopback, and leaves port 80 to its own site", () => {
  const env: NodeJS.ProcessEnv = {
    NODE_ENV: "production",
    PATH: process.env.PATH,
    HOME: dir,
    XDG_DATA_HOME: path.join(dir, "validate-data"),
    XDG_CONFIG_HOME: path.join(dir, "validate-config"),
    APP_HOST: "app.example.com",
    PLATFORM_DOMAIN: "trust.example.com",
  };
  const config = path.join(repo, "deploy/Caddyfile");
  const validate = spawnSync("caddy", ["validate", "--adapter", "caddyfile", "--config", config], { encoding: "utf8", env, cwd: dir });
  expect(validate.status, validate.stderr.slice(-2000)).toBe(0);
  const adapted = spawnSync("caddy", ["adapt", "--adapter", "caddyfile", "--config", config], { encoding: "utf8", env, cwd: dir });
  expect(adapted.status, adapted.stderr.slice(-2000)).toBe(0);
  const json = JSON.parse(adapted.stdout) as {
    apps: { tls: { automation: { on_demand: { ask?: string; permission?: { module?: string; endpoint?: string } }; policies: { subjects?: string[]; on_demand?: boolean }[] } }; http: { servers: Record<string, { listen: string[]; automatic_https?: { disable_redirects?: boolean } }> } };
  };
  // Caddy 2.6 (Debian's, here and in CI) keeps `ask`; 2.8 and later (the Docker image's, docker-compose.yml) adapt
  // the same Caddyfile line to the `http` permission module with that endpoint. Either way the app is asked.
  const onDemand = json.apps.tls.automation.on_demand;
  const asked = onDemand.ask ?? (onDemand.permission?.module === "http" ? onDemand.permission.endpoint : undefined);
  expect(asked).toBe("http://127.0.0.1:3000/internal/tls/ask");
  expect(json.apps.tls.automation.policies).toEqual(expect.arrayContaining([{ subjects: ["app.example.com"] }, { on_demand: true }]));
  const servers = Object.values(json.apps.http.servers);
  expect(servers.map((server) => server.listen).flat().sort()).toEqual([":443", ":80"]);
  for (const server of servers) expect(server.automatic_https?.disable_redirects).toBe(true);
});

test("the ask endpoint allows verified custom domains and published platform subdomains only", async ({ request }) => {
  const ask = async (domain: string) => (await request.get(`/internal/tls/ask?domain=${encodeURIComponent(domain)}`)).status();
  expect(await ask(VERIFIED)).toBe(200);
  expect(await ask(PLATFORM)).toBe(200);
  expect(await ask(PENDING)).toBe(404);
  expect(await ask(UNKNOWN)).toBe(404);
  expect(await ask(`no-such-org.${PLATFORM_DOMAIN}`)).toBe(404);
});

test("Caddy issues a certificate on demand for a verified custom domain, and it serves that tenant's trust center", async () => {
  const reply = await get(VERIFIED, "/");
  expect(reply.status).toBe(200);
  expect(reply.altNames.split(", ")).toContain(`DNS:${VERIFIED}`);
  expect(reply.headers["content-type"]).toContain("text/html");
  expect(reply.body).toContain("Demo Co");
  expect(reply.headers["set-cookie"]).toBeUndefined();
});

test("the platform subdomain of a published organisation gets a certificate and its trust center", async () => {
  const reply = await get(PLATFORM, "/");
  expect(reply.status).toBe(200);
  expect(reply.altNames.split(", ")).toContain(`DNS:${PLATFORM}`);
  expect(reply.body).toContain("Demo Co");
  expect(reply.headers["set-cookie"]).toBeUndefined();
});

test("no certificate for a pending domain or a name that is not ours: the handshake fails", async () => {
  for (const name of [PENDING, UNKNOWN, `no-such-org.${PLATFORM_DOMAIN}`]) {
    const result = await handshake(name);
    expect(result.ok, name).toBe(false);
    // A TLS alert from Caddy, not a refused connection: Caddy asked, and the app said no.
    if (!result.ok) expect(result.error, name).not.toContain("ECONNREFUSED");
  }
  // Meanwhile the names the app allows still complete a handshake on the same listener.
  const allowed = await handshake(VERIFIED);
  expect(allowed.ok).toBe(true);
});

test("a tenant host serves its public surfaces and nothing else, with no cookies", async () => {
  const securityTxt = await get(VERIFIED, "/.well-known/security.txt");
  expect(securityTxt.status).toBe(200);
  expect(securityTxt.headers["content-type"]).toMatch(/^text\/plain/);
  expect(securityTxt.body).toContain("Contact:");
  for (const pathname of ["/dashboard", "/login", "/api/health", "/t/demo"]) {
    const reply = await get(VERIFIED, pathname);
    expect(reply.status, pathname).toBe(404);
    expect(reply.headers["set-cookie"], pathname).toBeUndefined();
  }
});

test("the ask endpoint is not reachable through Caddy", async () => {
  for (const host of [VERIFIED, PLATFORM]) {
    const reply = await get(host, `/internal/tls/ask?domain=${VERIFIED}`);
    expect(reply.status, host).toBe(404);
    expect(reply.body, host).not.toContain("OK");
  }
});

/** The status of a request whose Host names `host` over a connection made (SNI) for `servername`. */
function switchedHost(servername: string, host: string, pathname: string): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const request = https.request(
      { host: "127.0.0.1", port: httpsPort, servername, path: pathname, ca: rootCa, agent: false, headers: { host: `${host}:${httpsPort}` } },
      (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    request.on("error", reject);
    request.end();
  });
}

test("a request must name the host its connection was made for (no Host switching)", async () => {
  expect(await switchedHost(VERIFIED, "localhost", "/")).toBe(421);
});

test("security headers over HTTPS: HSTS, nosniff, referrer policy, no framing, no Server banner", async () => {
  const custom = await get(VERIFIED, "/");
  const platform = await get(PLATFORM, "/");
  // One year everywhere; includeSubDomains on our own names only (a custom domain may be a
  // customer's apex: see deploy/caddy/site.caddy).
  expect(platform.headers["strict-transport-security"]).toBe("max-age=31536000; includeSubDomains");
  expect(custom.headers["strict-transport-security"]).toBe("max-age=31536000");
  for (const reply of [custom, platform]) {
    expect(reply.headers["x-content-type-options"]).toBe("nosniff");
    expect(reply.headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(reply.headers["x-frame-options"]).toBe("DENY");
    expect(reply.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(reply.headers.server).toBeUndefined();
  }
});

test("compressed once: what the app compressed passes through Caddy unchanged", async () => {
  const reply = await get(VERIFIED, "/", { headers: { "accept-encoding": "br, gzip" } });
  expect(reply.status).toBe(200);
  expect(["br", "gzip"]).toContain(reply.headers["content-encoding"]);
  expect(reply.body).toContain("Demo Co");
});

test("plain HTTP: browsers are redirected to HTTPS, the API is refused rather than redirected (ASVS 4.1.2)", async () => {
  const page = await plain(VERIFIED, "/");
  expect([301, 308]).toContain(page.status);
  // Caddy redirects to the standard port; this test's HTTPS port is not 443.
  expect(page.location).toBe(`https://${VERIFIED}/`);
  for (const host of [VERIFIED, new URL(appUrl).hostname]) {
    const api = await plain(host, "/api/health");
    expect([400, 403], host).toContain(api.status);
    expect(api.location, host).toBeUndefined();
  }
});

test("published pages are served by Caddy from files once the app has written them, with the app's headers, and a publish replaces them at once", async ({ page }) => {
  expect(process.env.PUBLISHED_DIR, "scripts/e2e.ts sets PUBLISHED_DIR").toBeTruthy();
  await get(VERIFIED, "/"); // the app serves it, and writes the files
  await expect.poll(async () => (await get(VERIFIED, "/")).headers["x-candor-edge"], { timeout: 10_000 }).toBe("file");
  const fromFile = await get(VERIFIED, "/", { headers: { "accept-encoding": "br" } });
  expect(fromFile.headers["content-encoding"]).toBe("br");
  expect(fromFile.body).toContain("Demo Co");
  // A browser in the organisation's own language (English here) is served the same page from its file.
  const english = await get(VERIFIED, "/", { headers: { "accept-encoding": "br", "accept-language": "en-US,en;q=0.9" } });
  expect([english.status, english.headers["x-candor-edge"]]).toEqual([200, "file"]);
  expect(english.body).toBe(fromFile.body);
  // The same headers as the app's own answer (the changelog is never a file).
  const fromApp = await get(VERIFIED, "/changelog");
  expect(fromApp.headers["x-candor-edge"]).toBeUndefined();
  for (const header of ["content-security-policy", "x-content-type-options", "referrer-policy", "permissions-policy", "cross-origin-opener-policy", "x-frame-options", "strict-transport-security"]) {
    expect(fromFile.headers[header], header).toBe(fromApp.headers[header]);
  }
  expect(fromFile.headers["cache-control"]).toBe("public, max-age=10, stale-while-revalidate=50");
  // As the app's page: a grantee's own page has this address (ADR 029).
  expect(fromFile.headers.vary).toBe("Accept-Encoding, Accept-Language, Cookie");
  // trust.json too, but never an earlier one (?seq=N goes to the app).
  await get(VERIFIED, "/trust.json");
  await expect.poll(async () => (await get(VERIFIED, "/trust.json")).headers["x-candor-edge"], { timeout: 10_000 }).toBe("file");
  expect((await get(VERIFIED, "/trust.json?seq=1")).headers["x-candor-edge"]).toBeUndefined();
  // Any query at all, even a bare "?", names no file; and with the files on disk, a Host that is
  // not the connection's name still gets 421 on both paths, never another host's file.
  for (const pathname of ["/?", "/trust.json?", "/?lang=de"]) {
    const reply = await get(VERIFIED, pathname);
    expect([reply.status, reply.headers["x-candor-edge"]], pathname).toEqual([200, undefined]);
  }
  for (const [host, pathname] of [["localhost", "/"], [PLATFORM, "/"], [PLATFORM, "/trust.json"]] as const) {
    expect(await switchedHost(VERIFIED, host, pathname), `${host}${pathname}`).toBe(421);
  }

  // A file the route names but that is not on disk (here the German page, removed): file_server's
  // 404 sends the request to the app, whose answer carries each header once (HSTS exactly as for
  // the app's own answers, no second value from the files' branch) and no Server banner.
  const published = path.join(process.env.PUBLISHED_DIR!, VERIFIED);
  for (const suffix of ["", ".br", ".gz"]) rmSync(path.join(published, `index.de.html${suffix}`), { force: true });
  const missing = await get(VERIFIED, "/", { headers: { "accept-language": "de", "accept-encoding": "br, gzip" } });
  expect(missing.status).toBe(200);
  expect(missing.headers["x-candor-edge"]).toBeUndefined();
  expect(missing.body).toContain("Demo Co");
  expect(missing.headers["strict-transport-security"]).toBe("max-age=31536000");
  expect(missing.headers["content-security-policy"]).toBe(fromApp.headers["content-security-policy"]);
  expect(missing.headers["x-frame-options"]).toBe("DENY");
  expect(missing.headers.server).toBeUndefined();

  // A publish: the file is gone at once, and the next answer is the new publication.
  await signInWithLink(page, "owner@demo.test");
  const question = `Edge question ${Date.now()}?`;
  await page.goto("/dashboard/demo/faqs/new");
  await page.getByLabel("Question").fill(question);
  await page.getByRole("textbox", { name: "Answer" }).fill("An answer.");
  await page.getByRole("button", { name: "Create FAQ" }).click();
  await expect(page).toHaveURL(/\/dashboard\/demo\/faqs\?created=1$/);
  await page.goto("/dashboard/demo/publish");
  await page.getByRole("button", { name: "Publish changes" }).click();
  await expect(page.getByText(/Published #\d+\./)).toBeVisible();
  const after = await get(VERIFIED, "/");
  expect(after.body).toContain(question);
  expect((await get(VERIFIED, "/trust.json")).body).toContain(question);
});

test("with the app down, Caddy keeps serving published pages from their files", async () => {
  await get(VERIFIED, "/");
  await expect.poll(async () => (await get(VERIFIED, "/")).headers["x-candor-edge"], { timeout: 10_000 }).toBe("file");
  // Point the running Caddy at a port where nothing listens (its certificates stay loaded).
  const reload = (upstream: string) =>
    spawnSync("caddy", ["reload", "--config", path.join(dir, "Caddyfile"), "--adapter", "caddyfile", "--address", `127.0.0.1:${caddyAdminPort}`], {
      env: { ...caddyEnv, CANDOR_UPSTREAM: upstream },
      cwd: dir,
      encoding: "utf8",
    });
  const nothing = await freePort();
  const down = reload(`127.0.0.1:${nothing}`);
  expect(down.status, down.stderr).toBe(0);
  try {
    const page = await get(VERIFIED, "/");
    expect(page.status).toBe(200);
    expect(page.headers["x-candor-edge"]).toBe("file");
    expect(page.body).toContain("Demo Co");
    expect((await get(VERIFIED, "/trust.json")).status).toBe(200);
    // What only the app can answer is unavailable, honestly.
    expect((await get(VERIFIED, "/changelog")).status).toBe(502);
  } finally {
    const up = reload(`127.0.0.1:${appPort}`);
    expect(up.status, up.stderr).toBe(0);
  }
  expect((await get(VERIFIED, "/changelog")).status).toBe(200);
});
