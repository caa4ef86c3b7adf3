import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { randomToken } from "../../src/server/crypto";
import { ensureDatabase } from "./database";
import { startEmbeddedPostgres } from "./embedded-postgres";

/**
 * What every benchmark shares: a fresh database (on DATABASE_URL's server, or a throwaway
 * embedded PostgreSQL), the environment the app needs, migrations applied; and timing helpers.
 */
export async function benchDatabase(name: string, extraEnv: Record<string, string> = {}, settings: string[] = []) {
  const dir = path.resolve(".tmp", `pg-${name}-${process.pid}`);
  const server = process.env.DATABASE_URL ? undefined : await startEmbeddedPostgres({ dir, password: randomToken(16), persistent: false, fast: true, settings });
  const url = await ensureDatabase(process.env.DATABASE_URL ?? server!.url, name);
  Object.assign(process.env, {
    DATABASE_URL: url,
    AUTH_SECRET: process.env.AUTH_SECRET ?? randomToken(32),
    DATA_ENCRYPTION_KEY: process.env.DATA_ENCRYPTION_KEY ?? randomBytes(32).toString("base64"),
    APP_URL: "http://localhost:3000",
    EMAIL_TRANSPORT: "mailbox",
    LOG_LEVEL: "silent",
    FILE_STORAGE_DIR: path.join(dir, "files"),
    ...extraEnv,
  });
  const { migrate, ensureAppLogin } = await import("../../src/server/db/migrate");
  await migrate(url);
  await ensureAppLogin(url);
  return {
    url,
    dir,
    async stop() {
      await server?.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The middle value (the mean of the middle two for an even count); NaN for none. */
export function median(values: number[]) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return (sorted[Math.floor((sorted.length - 1) / 2)]! + sorted[Math.ceil((sorted.length - 1) / 2)]!) / 2;
}

export type Timing = { label: string; mean: number; p50: number; p95: number; p99: number };

/** Runs `fn` sequentially `iterations` times after `warmup` untimed runs; milliseconds. */
export async function measure(label: string, fn: () => Promise<unknown>, iterations: number, warmup: number): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const mean = samples.reduce((sum, value) => sum + value, 0) / samples.length;
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!;
  return { label, mean, p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}

const STATUSES = ["IMPLEMENTED", "IMPLEMENTED", "IMPLEMENTED", "IN_PROGRESS", "PLANNED", "NOT_APPLICABLE"];

/** A controls CSV (the import format) of `count` controls, two evidence links each, one in seven NDA. */
export function controlsCsv(count: number) {
  return ["ref,domain,title,description,status,visibility,review_cadence_days,last_reviewed_at,evidence"]
    .concat(
      Array.from({ length: count }, (_, i) =>
        [
          `C-${String(i + 1).padStart(4, "0")}`,
          `Domain ${i % 12}`,
          `Control number ${i + 1} about ${["encryption", "access", "logging", "backups"][i % 4]}`,
          `Description of control ${i + 1}.`,
          STATUSES[i % 6],
          i % 7 ? "PUBLIC" : "NDA",
          90 + (i % 300),
          `2026-0${1 + (i % 9)}-15`,
          `Code | CODE | src/file${i}.ts ;; Test | TEST | tests/file${i}.test.ts`,
        ].join(","),
      ),
    )
    .join("\n");
}

/** Until `url` answers (by default: 2xx), for two minutes at most: a server the bench started is up. */
export async function waitFor(url: string, check: (response: Response) => boolean = (response) => response.ok) {
  for (let i = 0; i < 1_200; i++) {
    try {
      if (check(await fetch(url))) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not come up`);
}
