import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, inject } from "vitest";
import { derivedAppPassword } from "../../src/server/db/urls";

/**
 * Each test file gets its own database, cloned from the migrated template, and the app's
 * environment points at it. The app role's password is derived from the URL the template was
 * migrated with, so APP_DATABASE_URL is set explicitly here.
 */
const TEMPLATE_DATABASE = "candor_test_template";
const adminUrl = inject("adminDatabaseUrl");
const name = `candor_test_${randomBytes(6).toString("hex")}`;

function withDatabase(url: string, database: string) {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

beforeAll(async () => {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE}`);
      break;
    } catch (error) {
      // Two files cloning at the same instant: the template is briefly "in use".
      if (attempt > 20 || !String((error as Error).message).includes("being accessed")) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 + attempt * 50));
    }
  }
  await admin.end();
  const databaseUrl = withDatabase(adminUrl, name);
  const templateUrl = withDatabase(adminUrl, TEMPLATE_DATABASE);
  const app = new URL(databaseUrl);
  app.username = "candor_app";
  app.password = derivedAppPassword(templateUrl);
  process.env.DATABASE_URL = databaseUrl;
  process.env.APP_DATABASE_URL = app.toString();
});

afterAll(async () => {
  const { disconnectDb } = await import("../../src/server/db/client");
  const { closePool } = await import("../../src/server/db/pool");
  await disconnectDb();
  await closePool();
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
});
