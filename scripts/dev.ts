import { spawn } from "node:child_process";
import { DEV_PORT, devDataDir, openDevDatabase, type DevDatabase } from "./lib/dev-database";
import { devSecrets } from "./lib/dev-secrets";

/**
 * `npm run dev`: Candor with a demo tenant, from a fresh clone, with no configuration.
 * 1. DATABASE_URL unset → start the embedded PostgreSQL kept in .data/postgres (reused), the
 *    way `npm run cli` finds it (scripts/lib/dev-database.ts).
 * 2. Migrate, seed the demo tenant (idempotent).
 * 3. Run the worker in this process and Next in development beside it, behind the front server
 *    (scripts/web.ts --dev), as in production.
 */
const started = Date.now();
const dataDir = devDataDir();
const secrets = devSecrets(dataDir);
let postgres: DevDatabase | undefined;

if (!process.env.DATABASE_URL) {
  postgres = await openDevDatabase({ dataDir, create: true, port: DEV_PORT });
  console.log(
    postgres.stop
      ? `database: embedded PostgreSQL on port ${postgres.port} (data in ${dataDir}/postgres)`
      : `database: reusing the embedded PostgreSQL already running on port ${postgres.port}`,
  );
  process.env.DATABASE_URL = postgres.url;
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
  await postgres?.stop?.().catch(() => {});
  process.exit(code);
}
next.on("exit", (code) => void stop(code ?? 0));
process.on("SIGINT", () => void stop(0));
process.on("SIGTERM", () => void stop(0));
