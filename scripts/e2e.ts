import { randomBytes } from "node:crypto";
import { spawn } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import path from "node:path";
import { randomToken } from "../src/server/crypto";
import { startDnsServer } from "../tests/setup/dns-server";
import { startDnsControl } from "./lib/dns-control";
import { dropDatabase, ensureDatabase } from "./lib/database";
import { freePort, startEmbeddedPostgres } from "./lib/embedded-postgres";

/**
 * `npm run test:e2e`: a throwaway PostgreSQL, a production build, the app + worker as
 * `npm start` runs them, and Playwright driving Debian's Chromium. Extra arguments go to
 * Playwright (e.g. `npm run test:e2e -- tests/e2e/sign-in.spec.ts`). E2E_SKIP_BUILD=1 reuses .next/.
 */
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (!existsSync(chromium)) {
  console.error(
    `End-to-end tests need Chromium at ${chromium}.\nInstall Debian's package:  sudo apt-get update && sudo apt-get install -y chromium\n` +
      `(or set CHROMIUM_PATH to a Chromium binary). Playwright's own browser download is not used.`,
  );
  process.exit(1);
}

const run = (command: string, args: string[], env: NodeJS.ProcessEnv = process.env) =>
  new Promise<number>((resolve) => {
    const child = spawn(command, args, { stdio: "inherit", env });
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });

// With DATABASE_URL set, use that server (a fresh `candor_e2e` database on it); otherwise a
// throwaway embedded one.
const dir = path.resolve(".tmp", `pg-e2e-${process.pid}`);
const postgres = process.env.DATABASE_URL ? undefined : await startEmbeddedPostgres({ dir, password: randomToken(16), persistent: false, fast: true });
const serverUrl = process.env.DATABASE_URL ?? postgres!.url;
let exitCode = 1;
// Custom-domain checks resolve through a DNS server on loopback that the tests set records on.
const dns = await startDnsServer();
const dnsControl = await startDnsControl(dns);
try {
  const port = await freePort();
  await dropDatabase(serverUrl, "candor_e2e");
  Object.assign(process.env, {
    DATABASE_URL: await ensureDatabase(serverUrl, "candor_e2e"),
    AUTH_SECRET: randomToken(32),
    DATA_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    APP_URL: `http://127.0.0.1:${port}`,
    E2E_PORT: String(port),
    EMAIL_TRANSPORT: "mailbox",
    FILE_STORAGE_DIR: path.join(dir, "files"),
    PUBLISHED_DIR: path.join(dir, "published"),
    LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
    DNS_SERVERS: dns.address,
    E2E_DNS_CONTROL: dnsControl.url,
  });

  const { migrate, ensureAppLogin } = await import("../src/server/db/migrate");
  await migrate(process.env.DATABASE_URL!);
  await ensureAppLogin(process.env.DATABASE_URL!);
  const { seedDemo } = await import("../prisma/seed");
  await seedDemo(() => {});
  const { disconnectDb } = await import("../src/server/db/client");
  await disconnectDb();

  if (process.env.E2E_SKIP_BUILD !== "1") {
    const built = await run(process.execPath, ["node_modules/next/dist/bin/next", "build"], { ...process.env, NODE_ENV: "production" });
    if (built !== 0) throw new Error("next build failed");
  }
  exitCode = await run(process.execPath, ["node_modules/@playwright/test/cli.js", "test", ...process.argv.slice(2)]);
} catch (error) {
  console.error(error);
} finally {
  await dnsControl.close();
  await dns.close();
  await postgres?.stop();
  rmSync(dir, { recursive: true, force: true });
}
process.exit(exitCode);
