import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";

/** The application connects as a role that owns nothing and cannot bypass row-level security. */
let owner: pg.Client;
beforeAll(async () => {
  owner = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await owner.connect();
});
afterAll(() => owner.end());

describe("database roles", () => {
  it("the app connects as candor_app: not a superuser, no BYPASSRLS, cannot create roles or databases", async () => {
    const [me] = await db.$queryRaw<{ current_user: string; rolsuper: boolean; rolbypassrls: boolean; rolcreaterole: boolean; rolcreatedb: boolean }[]>`
      SELECT current_user, r.rolsuper, r.rolbypassrls, r.rolcreaterole, r.rolcreatedb FROM pg_roles r WHERE r.rolname = current_user`;
    expect(me).toEqual({ current_user: "candor_app", rolsuper: false, rolbypassrls: false, rolcreaterole: false, rolcreatedb: false });
  });

  it("every application table is owned by candor_owner, none by the app role", async () => {
    const { rows } = await owner.query<{ tableowner: string; n: string }>(
      `SELECT tableowner, count(*) AS n FROM pg_tables WHERE schemaname IN ('public', 'pgboss') AND tablename <> '_prisma_migrations' GROUP BY tableowner`,
    );
    expect(rows.map((r) => r.tableowner)).toEqual(["candor_owner"]);
  });

  it("the app role cannot change the schema", async () => {
    await expect(db.$executeRawUnsafe(`CREATE TABLE sneaky (id int)`)).rejects.toThrow(/permission denied/);
    await expect(db.$executeRawUnsafe(`ALTER TABLE "User" ADD COLUMN sneaky int`)).rejects.toThrow(/must be owner/);
    await expect(db.$executeRawUnsafe(`DROP TABLE "Member"`)).rejects.toThrow(/must be owner/);
  });

  it("migrations are recorded in Prisma's table with Prisma's checksum", async () => {
    const { rows } = await owner.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(`SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" ORDER BY migration_name`);
    const { listMigrations } = await import("@/server/db/migrate");
    expect(rows.map((r) => [r.migration_name, r.checksum])).toEqual(listMigrations().map((m) => [m.name, m.checksum]));
    expect(rows.every((r) => r.finished_at)).toBe(true);
  });
});
