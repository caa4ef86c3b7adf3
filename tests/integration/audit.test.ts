import { execFile } from "node:child_process";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordAudit } from "@/modules/audit/server/audit";
import { verifyAuditChain } from "@/modules/audit/server/queries";
import { getOrganizationSettings, updateOrganizationSettings } from "@/modules/organizations/server/organizations";
import { db } from "@/server/db/client";
import { withTenant } from "@/server/db/tenant";
import { createOrg } from "../support/factories";

const run = promisify(execFile);
let superuser: pg.Client;
beforeAll(async () => {
  superuser = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await superuser.connect();
});
afterAll(() => superuser.end());

const PNG = Buffer.from("89504e470d0a1a0a0000000d4948445200000001000000010806000000", "hex");
const events = (orgId: string) => withTenant({ orgId }, (tx) => tx.auditEvent.findMany({ where: { orgId }, orderBy: { seq: "asc" } }));

async function cli(...args: string[]) {
  try {
    const { stdout } = await run(process.execPath, ["--import", "tsx", "--import", "./scripts/node-hooks.mjs", "scripts/cli.ts", ...args], {
      env: { ...process.env, LOG_LEVEL: "silent" },
    });
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout + failed.stderr };
  }
}

describe("the audit trail", () => {
  it("records each change in the same transaction, with who, what, from where and a before/after diff", async () => {
    const { ctx, org } = await createOrg(undefined, "Audited");
    const { version } = await getOrganizationSettings({ ctx });
    await updateOrganizationSettings({ ctx, input: { name: "Audited Inc", overview: "Hello", version }, logo: { kind: "replace", bytes: PNG } });
    const trail = await events(org.id);
    expect(trail.map((e) => e.action)).toEqual(["org.create", "members.add", "org.settings.update"]);
    const update = trail[2]!;
    expect(update).toMatchObject({ actorId: ctx.user.id, actorEmail: ctx.user.email, targetType: "organization", targetId: org.id, ipAddress: "203.0.113.7", userAgent: "vitest" });
    expect(update.diff).toEqual({ name: { from: "Audited", to: "Audited Inc" }, overview: { from: "", to: "Hello" }, logo: { from: null, to: "replaced" } });
    expect(JSON.stringify(trail)).not.toContain(PNG.toString("base64"));
  });

  it("a change that fails records nothing", async () => {
    const { ctx, org } = await createOrg();
    const before = (await events(org.id)).length;
    await expect(updateOrganizationSettings({ ctx, input: { name: "X", version: 999 }, logo: { kind: "keep" } })).rejects.toMatchObject({ code: "conflict" });
    expect(await events(org.id)).toHaveLength(before);
  });

  it("concurrent writers extend one chain, never fork it", async () => {
    const { ctx, org } = await createOrg();
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        withTenant({ orgId: org.id }, (tx) => recordAudit(tx, ctx, { action: "test.concurrent", targetType: "test", targetId: String(i) })),
      ),
    );
    const trail = await events(org.id);
    expect(trail.map((e) => e.seq)).toEqual(Array.from({ length: trail.length }, (_, i) => i + 1));
    expect(await verifyAuditChain({ ctx })).toEqual({ ok: true, checked: trail.length });
  });

  it("the database refuses to change or delete history, for the application and the owner role alike", async () => {
    const { org } = await createOrg();
    await expect(withTenant({ orgId: org.id }, (tx) => tx.auditEvent.updateMany({ where: { orgId: org.id }, data: { action: "nothing.happened" } }))).rejects.toThrow(/permission denied/);
    await expect(withTenant({ orgId: org.id }, (tx) => tx.auditEvent.deleteMany({ where: { orgId: org.id } }))).rejects.toThrow(/permission denied/);
    await superuser.query("BEGIN; SET LOCAL ROLE candor_owner");
    await expect(superuser.query(`UPDATE "AuditEvent" SET action = 'x' WHERE "orgId" = $1`, [org.id])).rejects.toThrow(/append-only/);
    await superuser.query("ROLLBACK; BEGIN; SET LOCAL ROLE candor_owner");
    await expect(superuser.query(`DELETE FROM "AuditEvent" WHERE "orgId" = $1`, [org.id])).rejects.toThrow(/append-only/);
    await superuser.query("ROLLBACK; BEGIN; SET LOCAL ROLE candor_owner");
    await expect(superuser.query(`TRUNCATE "AuditEvent" CASCADE`)).rejects.toThrow(/append-only/);
    await superuser.query("ROLLBACK");
    expect((await events(org.id)).length).toBeGreaterThan(0);
  });

  it("audit:verify finds nothing wrong in an untouched chain, and names the first event a superuser altered", async () => {
    const { ctx, org } = await createOrg(undefined, "Tampered");
    const { version } = await getOrganizationSettings({ ctx });
    await updateOrganizationSettings({ ctx, input: { name: "Tampered", overview: "v2", version }, logo: { kind: "keep" } });
    const clean = await cli("audit:verify", "--org", org.slug);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toContain(`ok      ${org.slug}: 3 events`);

    // A superuser can switch triggers off; the chain still tells.
    const [, second] = await events(org.id);
    await superuser.query("BEGIN; SET LOCAL session_replication_role = replica");
    await superuser.query(`UPDATE "AuditEvent" SET "actorEmail" = 'someone-else@example.com' WHERE id = $1`, [second!.id]);
    await superuser.query("COMMIT");

    const tampered = await cli("audit:verify", "--org", org.slug);
    expect(tampered.code).toBe(1);
    expect(tampered.stdout).toContain(`BROKEN  ${org.slug}: event #2 (${second!.id}): its contents do not match its hash`);
    expect(await verifyAuditChain({ ctx })).toMatchObject({ ok: false, broken: { seq: 2 } });
  }, 30_000);

  it("a deleted event breaks the chain at the gap", async () => {
    const { ctx, org } = await createOrg();
    await withTenant({ orgId: org.id }, (tx) => recordAudit(tx, ctx, { action: "test.third", targetType: "test" }));
    const [, second] = await events(org.id);
    await superuser.query("BEGIN; SET LOCAL session_replication_role = replica");
    await superuser.query(`DELETE FROM "AuditEvent" WHERE id = $1`, [second!.id]);
    await superuser.query("COMMIT");
    expect(await verifyAuditChain({ ctx })).toMatchObject({ ok: false, broken: { seq: 3, reason: expect.stringContaining("missing") } });
  });

  it("erasing an organisation (the one documented path) removes it with its audit trail", async () => {
    const { org } = await createOrg(undefined, "Erased");
    const result = await cli("org:erase", "--org", org.slug, "--yes");
    expect(result.code).toBe(0);
    const { rows } = await superuser.query(`SELECT count(*)::int AS n FROM "AuditEvent" WHERE "orgId" = $1`, [org.id]);
    expect(rows[0].n).toBe(0);
    expect(await db.$queryRaw<{ id: string | null }[]>`SELECT candor_public_org_id(${org.slug}) AS id`).toEqual([{ id: null }]);
  }, 30_000);
});
