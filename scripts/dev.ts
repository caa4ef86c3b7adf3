import { spawn } from "node:child_process";
import path from "node:path";
import { ensureDatabase } from "./lib/database";
import { devSecrets } from "./lib/dev-secrets";
import { runningPort, startEmbeddedPostgres, type RunningPostgres } from "./lib/embedded-postgres";

/**
 * `npm run dev`: Candor with a demo tenant, from a fresh clone, with no configuration.
 * 1. DATABASE_URL unset → start the embedded PostgreSQL kept in .data/postgres (reused).
 * 2. Migrate, seed the demo tenant (idempotent).
 * 3. Run the worker in this process and Next in development beside it, behind the front server
 *    (scripts/web.ts --dev), as in production.
 */
const started = Date.now();
const dataDir = path.resolve(".data");
const secrets = devSecrets(dataDir);
let postgres: RunningPostgres | undefined;

if (!process.env.DATABASE_URL) {
  const dir = path.join(dataDir, "postgres");
  const port = runningPort(dir);
  let adminUrl: string;
  if (port) {
    console.log(`database: reusing the embedded PostgreSQL already running on port ${port}`);
    adminUrl = `postgresql://postgres:${secrets.postgresPassword}@127.0.0.1:${port}/postgres`;
  } else {
    postgres = await startEmbeddedPostgres({ dir, password: secrets.postgresPassword, port: 54329, persistent: true });
    adminUrl = postgres.url;
    console.log(`database: embedded PostgreSQL on port ${postgres.port} (data in .data/postgres)`);
  }
  process.env.DATABASE_URL = await ensureDatabase(adminUrl, "candor");
}
process.env.AUTH_SECRET ??= secrets.authSecret;
process.env.DATA_ENCRYPTION_KEY ??= secrets.dataEncryptionKey;
process.env.APP_URL ??= "http://localhost:3000";
(process.env as Record<string, string | undefined>).NODE_ENV ??= "development";

const { migrate, ensureAppLogin } = await import("../src/server/db/migrate");
const result = await migrate(process.env.DATABASE_URL!, { log: (line) => console.log(`migrations: ${line}`) });
if (!process.env.APP_DATABASE_URL) await ensureAppLogin(process.env.DATABASE_URL!);
console.log(`migrations: ${result.applied.length} applied, ${result.alreadyApplied} already in place`);

const { seedDemo } = await import("../prisma/seed");
await seedDemo((line) => console.log(line));

const { startWorker } = await import("../src/worker/main");
const worker = await startWorker();

const port = new URL(process.env.APP_URL).port || "3000";
// Next in development behind the same front server as in production (scripts/web.ts): the
// client's address from the socket, the mailbox for this machine only, and loopback only while
// the mailbox holds the sign-in links (HOSTNAME_BIND to open it up).
const next = spawn(process.execPath, ["--import", "tsx", "--import", "./scripts/node-hooks.mjs", "scripts/web.ts", "--dev"], {
  stdio: "inherit",
  env: { ...process.env, PORT: port, NEXT_TELEMETRY_DISABLED: "1" },
});
console.log(`\nCandor: ${process.env.APP_URL}  (demo trust center: ${process.env.APP_URL}/t/demo, sign in as owner@demo.test;`);
console.log(`        mail arrives at ${process.env.APP_URL}/dev/mailbox)  [starting Next after ${Date.now() - started} ms]\n`);

let stopping = false;
async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  next.kill("SIGTERM");
  await worker.stop().catch(() => {});
  await postgres?.stop().catch(() => {});
  process.exit(code);
}
next.on("exit", (code) => void stop(code ?? 0));
process.on("SIGINT", () => void stop(0));
process.on("SIGTERM", () => void stop(0));
