import { execFile } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDevDatabase, type DevDatabase } from "../../scripts/lib/dev-database";
import { migrate } from "@/server/db/migrate";

/**
 * `npm run cli` in development, run for real in a child process: with no DATABASE_URL it finds
 * the database `npm run dev` keeps, here in a dev-style data dir under .tmp/ (CANDOR_DATA_DIR),
 * never the developer's .data/.
 */
const run = promisify(execFile);
const dataDir = path.resolve(".tmp", `cli-dev-${process.pid}`);
const SLUG = "cli-dev-org";
let database: DevDatabase;

beforeAll(async () => {
  // What `npm run dev` leaves behind: secrets, a migrated `candor` database, a server running.
  database = await openDevDatabase({ dataDir, create: true });
  await migrate(database.url);
  const owner = new pg.Client({ connectionString: database.url });
  await owner.connect();
  await owner.query(`INSERT INTO "Organization" (id, slug, name) VALUES (gen_random_uuid(), $1, 'CLI Dev')`, [SLUG]);
  await owner.end();
}, 120_000);

afterAll(async () => {
  await database?.stop?.();
  rmSync(dataDir, { recursive: true, force: true });
});

/** The real `npm run cli -- …`, with the environment of a developer who set nothing. */
async function cli(args: string[], env: Record<string, string> = { CANDOR_DATA_DIR: dataDir }) {
  const { DATABASE_URL: _owner, APP_DATABASE_URL: _app, ...inherited } = process.env;
  try {
    const { stdout, stderr } = await run("npm", ["run", "--silent", "cli", "--", ...args], { env: { ...inherited, NODE_ENV: "development", ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe("npm run cli in development", () => {
  it("uses the running development database when DATABASE_URL is not set", async () => {
    const result = await cli(["audit:verify"]);
    expect(result).toMatchObject({ code: 0, stdout: `ok      ${SLUG}: 0 events\n` });
    expect(result.stderr).not.toContain("DATABASE_URL is not set");
  }, 60_000);

  it("starts the development database when it is not running, and stops it again", async () => {
    await database.stop!();
    const pidFile = path.join(dataDir, "postgres", "postmaster.pid");
    expect(existsSync(pidFile)).toBe(false);

    const result = await cli(["publication:verify", "--org", SLUG]);
    expect(result).toMatchObject({ code: 0, stdout: `ok      ${SLUG}: 0 publications\n` });
    expect(result.stderr).toContain("started the development PostgreSQL");
    expect(existsSync(pidFile)).toBe(false);

    database = await openDevDatabase({ dataDir, create: false });
  }, 60_000);

  it("says what to run when there is no development database", async () => {
    const missing = path.join(dataDir, "nowhere");
    const result = await cli(["audit:verify"], { CANDOR_DATA_DIR: missing });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("No development database in");
    expect(result.stderr).toContain("npm run dev");
    expect(existsSync(missing)).toBe(false);
  }, 60_000);

  it("still requires DATABASE_URL in production", async () => {
    const result = await cli(["audit:verify"], { CANDOR_DATA_DIR: dataDir, NODE_ENV: "production" });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("DATABASE_URL is not set");
  }, 60_000);
});

describe("npm run cli usage", () => {
  it("--help lists every command and exits 0", async () => {
    const result = await cli(["--help"]);
    expect(result.code).toBe(0);
    for (const command of ["audit:verify", "publication:verify", "org:erase"]) expect(result.stdout).toContain(`  ${command} `);
  }, 60_000);

  it("an unknown command, a bad option or no command: the usage on stderr and exit 2, touching no database", async () => {
    const none = path.join(dataDir, "nowhere");
    for (const [args, problem] of [
      [["erase-everything"], "unknown command: erase-everything"],
      [["audit:verify", "--force"], "Unknown option '--force'"],
      [[], "no command given"],
    ] as const) {
      const result = await cli([...args], { CANDOR_DATA_DIR: none });
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stderr).toContain(problem);
      expect(result.stderr).toContain("usage: npm run cli -- <command> [options]");
      expect(result.stdout).toBe("");
    }
  }, 60_000);

  it("org:erase without --yes refuses before touching anything", async () => {
    const result = await cli(["org:erase", "--org", SLUG]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Pass --org <slug> --yes");
    expect((await cli(["audit:verify", "--org", SLUG])).stdout).toBe(`ok      ${SLUG}: 0 events\n`);
  }, 60_000);
});
