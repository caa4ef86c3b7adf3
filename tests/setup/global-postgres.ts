import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres, type RunningPostgres } from "../../scripts/lib/embedded-postgres";
import { ensureAppLogin, migrate } from "../../src/server/db/migrate";
import { randomToken } from "../../src/server/crypto";

/**
 * One throwaway PostgreSQL per test run, or, when TEST_DATABASE_URL or DATABASE_URL is set, that
 * server (nothing is started; its existing databases are not touched): migrated once into a
 * template database; each test file then gets a fresh clone (per-file-database.ts).
 */
export const TEMPLATE_DATABASE = "candor_test_template";

declare module "vitest" {
  export interface ProvidedContext {
    adminDatabaseUrl: string;
  }
}

let server: RunningPostgres | undefined;
let dir: string | undefined;

export async function setup(project: TestProject) {
  let adminUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!adminUrl) {
    dir = path.resolve(".tmp", `pg-test-${process.pid}`);
    mkdirSync(path.dirname(dir), { recursive: true });
    server = await startEmbeddedPostgres({ dir: path.join(dir, "data"), password: randomToken(16), persistent: false, fast: true });
    adminUrl = server.url;
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE}`);
  await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  await admin.end();
  const templateUrl = withDatabase(adminUrl, TEMPLATE_DATABASE);
  await migrate(templateUrl);
  await ensureAppLogin(templateUrl);
  project.provide("adminDatabaseUrl", adminUrl);
}

export async function teardown() {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
}

export function withDatabase(url: string, database: string) {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
