import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import { networkInterfaces } from "node:os";
import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import { readEmail, requestSignIn, sql, sqlOne, uniqueEmail, uniqueSlug } from "./fixtures";

/**
 * Who the client is, on the production build (ADR 006). The suite's server runs as shipped by
 * default: no proxy configured (TRUST_PROXY_HOPS=0), so the client is the socket peer, whatever
 * X-Forwarded-For and X-Forwarded-Proto say. A second server of the same build runs behind "one
 * proxy" (TRUST_PROXY_HOPS=1) and with the mailbox on and no HOSTNAME_BIND (loopback only).
 */
const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;
const HOSTILE_IP = '=HYPERLINK("http://evil.example")<b>x';
const SIGN_INS_PER_IP = 30; // docs/security/authentication.md: 30 sign-in requests per IP per 15 minutes

test.describe.configure({ mode: "serial" });

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port: free } = server.address() as net.AddressInfo;
      server.close(() => resolve(free));
    });
  });
}

const external = Object.values(networkInterfaces())
  .flat()
  .find((i) => i && i.family === "IPv4" && !i.internal)?.address;

/** Whether a TCP connection to address:port is accepted. */
function accepts(address: string, to: number) {
  return new Promise<boolean>((resolve) => {
    const socket = net.connect({ host: address, port: to });
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}

async function resetSignInLimit(ip: string) {
  await sql(`DELETE FROM rate_limits WHERE key = $1`, [`signin-ip:${ip}`]);
}

let api: APIRequestContext;
test.beforeAll(async () => {
  api = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { Origin: baseURL } });
});
test.afterAll(async () => {
  await api.dispose();
  // The suite's other tests sign in from 127.0.0.1 too.
  await resetSignInLimit("127.0.0.1");
});

test("50 sign-in requests, each claiming another X-Forwarded-For: the per-IP limit still holds, and mail is not held back", async () => {
  await resetSignInLimit("127.0.0.1");
  const statuses: number[] = [];
  for (let i = 0; i < 50; i++) {
    const response = await api.post("/auth/sign-in", { data: { email: uniqueEmail(`flood${i}`) }, headers: { "X-Forwarded-For": `198.51.100.${i + 1}` } });
    statuses.push(response.status());
  }
  expect(statuses.slice(0, SIGN_INS_PER_IP)).toEqual(Array(SIGN_INS_PER_IP).fill(202));
  expect(statuses.slice(SIGN_INS_PER_IP)).toEqual(Array(50 - SIGN_INS_PER_IP).fill(429));
  // Counted against the socket's address, not any claimed one.
  expect(await sql(`SELECT key, points FROM rate_limits WHERE key LIKE 'signin-ip:%' AND key IN ('signin-ip:127.0.0.1', 'signin-ip:198.51.100.1')`)).toEqual([
    { key: "signin-ip:127.0.0.1", points: 50 },
  ]);

  // Someone else signing in now, behind the 30 queued messages, gets their mail promptly.
  await resetSignInLimit("127.0.0.1");
  const started = Date.now();
  const email = uniqueEmail("after-flood");
  expect((await api.post("/auth/sign-in", { data: { email } })).status()).toBe(202);
  await expect.poll(async () => (await sql(`SELECT 1 FROM "DevMailboxMessage" WHERE recipient = $1`, [email])).length, { timeout: 20_000, intervals: [100, 250] }).toBe(1);
  console.log(`sign-in mail after a burst of ${SIGN_INS_PER_IP} queued messages: ${Date.now() - started} ms`);
});

test("a session and an audit event made with a hostile X-Forwarded-For record the socket's address", async ({ page }) => {
  await resetSignInLimit("127.0.0.1");
  const forged = { "X-Forwarded-For": HOSTILE_IP, "X-Real-IP": "203.0.113.66" };
  const email = uniqueEmail("forger");
  await page.setExtraHTTPHeaders(forged);
  await requestSignIn(page, email);
  // (The mailbox itself is closed to forwarded requests: read it plainly.)
  await page.setExtraHTTPHeaders({});
  const mail = await readEmail(page, email);
  await page.setExtraHTTPHeaders(forged);
  await page.goto(mail.link);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  const user = await sqlOne<{ id: string }>(`SELECT id FROM "User" WHERE email = $1`, [email]);
  expect(await sql(`SELECT "ipAddress" FROM "Session" WHERE "userId" = $1`, [user.id])).toEqual([{ ipAddress: "127.0.0.1" }]);

  const slug = uniqueSlug("forger");
  const org = await sqlOne<{ id: string }>(`INSERT INTO "Organization" (slug, name) VALUES ($1, 'Forger Ltd') RETURNING id`, [slug]);
  await sql(`INSERT INTO "Member" ("orgId", "userId", role) VALUES ($1, $2, 'OWNER')`, [org.id, user.id]);
  const invited = await page.request.post(`/api/orgs/${slug}/invitations`, {
    headers: { Origin: baseURL, "X-Forwarded-For": HOSTILE_IP },
    data: { email: uniqueEmail("invitee"), role: "EDITOR" },
  });
  expect(invited.status()).toBe(201);
  expect(await sql(`SELECT action, "ipAddress" FROM "AuditEvent" WHERE "orgId" = $1`, [org.id])).toEqual([{ action: "members.invite", ipAddress: "127.0.0.1" }]);
});

test("over plain http, a client's X-Forwarded-Proto: https turns on neither HSTS nor upgrade-insecure-requests", async () => {
  const response = await api.get("/login", { headers: { "X-Forwarded-Proto": "https", "X-Forwarded-Host": "evil.example" } });
  expect(response.status()).toBe(200);
  expect(response.headers()["strict-transport-security"]).toBeUndefined();
  expect(response.headers()["content-security-policy"]).not.toContain("upgrade-insecure-requests");
});

test("the development mailbox answers a direct loopback caller only, whatever X-Forwarded-For and the like say", async () => {
  expect((await api.get("/dev/mailbox")).status()).toBe(200);
  const forwarded: Record<string, string>[] = [{ "X-Forwarded-For": "127.0.0.1" }, { Forwarded: "for=127.0.0.1" }, { "X-Real-IP": "127.0.0.1" }, { "X-Forwarded-Host": "localhost" }];
  for (const headers of forwarded) {
    const response = await api.get("/dev/mailbox", { headers });
    expect(response.status(), JSON.stringify(headers)).toBe(404);
    expect(await response.text()).not.toContain("mail-link");
  }
});

test.describe("a second server of the same build: behind one proxy, mailbox on, no HOSTNAME_BIND", () => {
  let child: ChildProcess | undefined;
  let output = "";
  let secondPort = 0;
  let second: APIRequestContext;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    secondPort = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production", PORT: String(secondPort), APP_URL: `http://127.0.0.1:${secondPort}`, TRUST_PROXY_HOPS: "1", EMAIL_TRANSPORT: "mailbox" };
    delete env.HOSTNAME_BIND;
    child = spawn(process.execPath, ["--import", "tsx", "--import", "./scripts/node-hooks.mjs", "scripts/web.ts"], { env, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    await expect.poll(() => accepts("127.0.0.1", secondPort), { timeout: 90_000, intervals: [250, 500] }).toBe(true);
    second = await playwrightRequest.newContext({ baseURL: `http://127.0.0.1:${secondPort}`, extraHTTPHeaders: { Origin: `http://127.0.0.1:${secondPort}` } });
  });

  test.afterAll(async () => {
    await second?.dispose();
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child!.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
  });

  test("it listens on loopback only: nothing off this machine can connect", async () => {
    expect(output).toContain(`listening on http://127.0.0.1:${secondPort}`);
    expect(external, "this test needs a non-loopback IPv4 interface").toBeTruthy();
    expect(await accepts(external!, secondPort)).toBe(false);
  });

  test("the right-most X-Forwarded-For entry is the client: it keys the limit and is recorded on the session", async () => {
    const email = uniqueEmail("proxied");
    await resetSignInLimit("203.0.113.77");
    const signIn = await second.post("/auth/sign-in", { data: { email }, headers: { "X-Forwarded-For": "127.0.0.1, 10.9.9.9, 203.0.113.77" } });
    expect(signIn.status()).toBe(202);
    expect(await sql(`SELECT points FROM rate_limits WHERE key = 'signin-ip:203.0.113.77'`)).toEqual([{ points: 1 }]);
    await expect.poll(async () => (await sql(`SELECT 1 FROM "DevMailboxMessage" WHERE recipient = $1`, [email])).length, { timeout: 20_000 }).toBe(1);
    const { text } = await sqlOne<{ text: string }>(`SELECT text FROM "DevMailboxMessage" WHERE recipient = $1`, [email]);
    const code = text.match(/^\s*(\d{6})\s*$/m)?.[1];
    const signedIn = await second.post("/auth/code", { data: { email, code }, headers: { "X-Forwarded-For": `${HOSTILE_IP}, 203.0.113.77` } });
    expect(signedIn.status()).toBe(200);
    expect(await sql(`SELECT s."ipAddress" FROM "Session" s JOIN "User" u ON u.id = s."userId" WHERE u.email = $1`, [email])).toEqual([{ ipAddress: "203.0.113.77" }]);
    await resetSignInLimit("203.0.113.77");
  });

  test("an entry from the proxy that is not an IP address is recorded as no address", async () => {
    const email = uniqueEmail("garbled");
    expect((await second.post("/auth/sign-in", { data: { email }, headers: { "X-Forwarded-For": HOSTILE_IP } })).status()).toBe(202);
    await expect.poll(async () => (await sql(`SELECT 1 FROM "DevMailboxMessage" WHERE recipient = $1`, [email])).length, { timeout: 20_000 }).toBe(1);
    const { text } = await sqlOne<{ text: string }>(`SELECT text FROM "DevMailboxMessage" WHERE recipient = $1`, [email]);
    const code = text.match(/^\s*(\d{6})\s*$/m)?.[1];
    expect((await second.post("/auth/code", { data: { email, code }, headers: { "X-Forwarded-For": HOSTILE_IP } })).status()).toBe(200);
    expect(await sql(`SELECT s."ipAddress" FROM "Session" s JOIN "User" u ON u.id = s."userId" WHERE u.email = $1`, [email])).toEqual([{ ipAddress: null }]);
    await sql(`DELETE FROM rate_limits WHERE key = 'signin-ip:unknown'`);
  });

  test("HSTS when the proxy says https, not when it says http", async () => {
    const secure = await second.get("/login", { headers: { "X-Forwarded-Proto": "https" } });
    expect(secure.headers()["strict-transport-security"]).toBe("max-age=63072000; includeSubDomains");
    expect(secure.headers()["content-security-policy"]).toContain("upgrade-insecure-requests");
    const plain = await second.get("/login", { headers: { "X-Forwarded-Proto": "https, http" } });
    expect(plain.headers()["strict-transport-security"]).toBeUndefined();
  });

  test("the mailbox is closed to a request that came through the proxy", async () => {
    expect((await second.get("/dev/mailbox", { headers: { "X-Forwarded-For": "127.0.0.1" } })).status()).toBe(404);
    expect((await second.get("/dev/mailbox")).status()).toBe(200);
  });
});

test("a production server with the mailbox on refuses to listen beyond loopback", async () => {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production", PORT: String(await freePort()), SKIP_MIGRATIONS: "1", RUN_WORKER: "0", EMAIL_TRANSPORT: "mailbox", HOSTNAME_BIND: "0.0.0.0" };
  const child = spawn(process.execPath, ["--import", "tsx", "--import", "./scripts/node-hooks.mjs", "scripts/start.ts"], { env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  // It must refuse at once; if it started instead, stop it rather than leave it running.
  const code = await Promise.race([new Promise<number | null>((resolve) => child.once("exit", resolve)), new Promise<"running">((resolve) => setTimeout(() => resolve("running"), 45_000))]);
  if (code === "running") child.kill("SIGKILL");
  expect(code).toBe(1);
  expect(output).toContain("HOSTNAME_BIND");
  expect(output).not.toContain("listening");
});
