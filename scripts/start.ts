import { spawn, type ChildProcess } from "node:child_process";
import { EnvError, parseEnv } from "../src/server/env";
import { WEB_NODE_ARGS } from "./lib/web-process";

/**
 * `npm start`: production. Refuses to start without a complete environment, applies pending
 * migrations (idempotent; safe with several instances), then runs the web server and the worker.
 * SKIP_MIGRATIONS=1 leaves migrations to your deploy step; RUN_WORKER=0 runs the web tier only.
 */
try {
  parseEnv(process.env);
} catch (error) {
  if (error instanceof EnvError) {
    console.error(`${error.message}\n\nSee .env.example for every variable.`);
    process.exit(1);
  }
  throw error;
}

if (process.env.SKIP_MIGRATIONS !== "1") {
  const { migrate, ensureAppLogin } = await import("../src/server/db/migrate");
  const result = await migrate(process.env.DATABASE_URL!);
  if (!process.env.APP_DATABASE_URL) await ensureAppLogin(process.env.DATABASE_URL!);
  console.log(`migrations: ${result.applied.length} applied, ${result.alreadyApplied} already in place`);
}

const children: ChildProcess[] = [];
const port = process.env.PORT ?? "3000";
const tsx = ["--import", "tsx", "--import", "./scripts/node-hooks.mjs"];
children.push(spawn(process.execPath, WEB_NODE_ARGS, { stdio: "inherit", env: { ...process.env, PORT: port } }));
if (process.env.RUN_WORKER !== "0") {
  children.push(
    spawn(process.execPath, [...tsx, "src/worker/main.ts"], { stdio: "inherit" }),
  );
}

let stopping = false;
function stop(code: number) {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill("SIGTERM");
  setTimeout(() => process.exit(code), 5_000).unref();
}
for (const child of children) child.on("exit", (code) => stop(code ?? 1));
process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));
