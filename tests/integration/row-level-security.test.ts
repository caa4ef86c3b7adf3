import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { getPool } from "@/server/db/pool";
import { constantSql, readAsUser, withPublicTenant, withTenant, withUser } from "@/server/db/tenant";
import { addMember, createOrg } from "../support/factories";

/**
 * Isolation enforced by the database (DESIGN.md invariant 2): the application role sees a
 * tenant's rows only inside withTenant() for that tenant, and cannot write another tenant's.
 */
let acme: Awaited<ReturnType<typeof createOrg>>;
let globex: Awaited<ReturnType<typeof createOrg>>;
let superuser: pg.Client;

beforeAll(async () => {
  acme = await createOrg(undefined, "Acme");
  globex = await createOrg(undefined, "Globex");
  await addMember(acme.org.id, "VIEWER");
  await addMember(globex.org.id, "EDITOR");
  superuser = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await superuser.connect();
});
afterAll(() => superuser.end());

describe("row-level security", () => {
  it("inside a tenant's scope, only that tenant's rows exist", async () => {
    const seen = await withTenant({ orgId: acme.org.id }, async (tx) => ({
      orgs: await tx.organization.findMany({ select: { id: true } }),
      members: await tx.member.findMany({ select: { orgId: true } }),
      audit: await tx.auditEvent.findMany({ select: { orgId: true } }),
      globexById: await tx.organization.findUnique({ where: { id: globex.org.id } }),
    }));
    expect(seen.orgs).toEqual([{ id: acme.org.id }]);
    expect(new Set(seen.members.map((m) => m.orgId))).toEqual(new Set([acme.org.id]));
    expect(seen.audit.length).toBeGreaterThan(0);
    expect(new Set(seen.audit.map((m) => m.orgId))).toEqual(new Set([acme.org.id]));
    expect(seen.globexById).toBeNull();
  });

  it("the database refuses to write another tenant's row from inside a tenant's scope", async () => {
    await expect(
      withTenant({ orgId: acme.org.id }, (tx) => tx.member.create({ data: { orgId: globex.org.id, userId: acme.owner.id, role: "OWNER" } })),
    ).rejects.toThrow(/row-level security/);
    await expect(
      withTenant({ orgId: acme.org.id }, (tx) => tx.invitation.create({ data: { orgId: globex.org.id, email: "x@example.com", role: "ADMIN", tokenHash: "x", expiresAt: new Date() } })),
    ).rejects.toThrow(/row-level security/);
    const renamed = await withTenant({ orgId: acme.org.id }, (tx) => tx.organization.updateMany({ where: { id: globex.org.id }, data: { name: "Pwned" } }));
    expect(renamed.count).toBe(0);
    const removed = await withTenant({ orgId: acme.org.id }, (tx) => tx.member.deleteMany({ where: { orgId: globex.org.id } }));
    expect(removed.count).toBe(0);
    const { rows } = await superuser.query(`SELECT name FROM "Organization" WHERE id = $1`, [globex.org.id]);
    expect(rows[0].name).toBe("Globex");
  });

  it("a person outside any organisation scope sees only their own memberships", async () => {
    const mine = await withUser(acme.owner.id, (tx) => tx.member.findMany({ select: { orgId: true, userId: true } }));
    expect(mine).toEqual([{ orgId: acme.org.id, userId: acme.owner.id }]);
    const orgs = await withUser(acme.owner.id, (tx) => tx.organization.findMany({ select: { id: true } }));
    expect(orgs).toEqual([{ id: acme.org.id }]);
  });

  it("a read as a person in one round trip (readAsUser) sees their own memberships only, writes nothing, and leaves no scope on its connection", async () => {
    const mine = await readAsUser<{ orgId: string; userId: string }>(acme.owner.id, constantSql`SELECT "orgId", "userId" FROM "Member" ORDER BY "orgId"`);
    expect(mine).toEqual([{ orgId: acme.org.id, userId: acme.owner.id }]);
    expect(await readAsUser(acme.owner.id, constantSql`SELECT id FROM "Organization"`)).toEqual([{ id: acme.org.id }]);
    // Another tenant's member as the person: the database refuses, it is a read.
    await expect(readAsUser(acme.owner.id, constantSql`INSERT INTO "Member" ("orgId", "userId", role) SELECT id, app_user_id(), 'OWNER' FROM "Organization" LIMIT 1`)).rejects.toThrow(/read-only transaction/);
    // A person's id is checked before it is sent: no SQL reaches the database in its place.
    await expect(readAsUser(`${acme.owner.id}', true); DELETE FROM "Member"; --`, constantSql`SELECT 1`)).rejects.toThrow("userId must be a UUID");
    // Every connection of the pool, after: no person, not read-only.
    const pool = getPool();
    const clients = await Promise.all(Array.from({ length: 4 }, () => pool.connect()));
    try {
      for (const client of clients) {
        const { rows } = await client.query(`SELECT nullif(current_setting('app.user_id', true), '') AS person, current_setting('transaction_read_only') AS ro, (SELECT count(*)::int FROM "Member") AS members`);
        expect(rows).toEqual([{ person: null, ro: "off", members: 0 }]);
      }
    } finally {
      for (const client of clients) client.release();
    }
  });

  it("the scope ends with its transaction: a pooled connection does not remember it", async () => {
    for (let i = 0; i < 5; i++) {
      await withTenant({ orgId: acme.org.id }, (tx) => tx.member.count());
      expect(await db.member.count()).toBe(0);
      const [setting] = await db.$queryRaw<{ org: string | null }[]>`SELECT nullif(current_setting('app.org_id', true), '') AS org`;
      expect(setting!.org).toBeNull();
    }
  });

  it("the public path is read-only and reaches one tenant only", async () => {
    const seen = await withPublicTenant(acme.org.slug, (tx) => tx.organization.findMany({ select: { id: true } }));
    expect(seen).toEqual([{ id: acme.org.id }]);
    await expect(withPublicTenant(acme.org.slug, (tx, orgId) => tx.organization.update({ where: { id: orgId }, data: { name: "Defaced" } }))).rejects.toThrow(/read-only/);
    expect(await withPublicTenant("no-such-org", async () => "reached")).toBeNull();
  });

  it("the application role cannot delete an organisation or call the erasure path", async () => {
    await expect(db.$executeRawUnsafe(`SELECT candor_erase_organization('${acme.org.id}')`)).rejects.toThrow(/permission denied/);
    await expect(withTenant({ orgId: acme.org.id }, (tx) => tx.organization.deleteMany({ where: { id: acme.org.id } }))).rejects.toThrow(/permission denied/);
  });

  it("the tenant scope refuses anything that is not a UUID", async () => {
    await expect(withTenant({ orgId: "' OR 1=1 --" }, async () => 1)).rejects.toThrow(/UUID/);
  });
});
