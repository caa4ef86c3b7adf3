import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createControl } from "@/modules/controls/server/controls";
import { exportOrganization } from "@/modules/transfer/server/export";
import { db } from "@/server/db/client";
import { withTenant } from "@/server/db/tenant";
import { createOrg } from "../support/factories";

/**
 * A transaction is one connection, and a connection runs one query at a time. Prisma loads an
 * `include` of several relations with concurrent queries, and our code reads several tables in
 * one scope with Promise.all; pg 8 warns when a second query is sent to a busy client ("removed
 * in pg 9"). src/server/db/one-query-at-a-time.ts queues them. pg warns once per process, and
 * vitest runs each file in a process of its own: this file is where the warning would show.
 */
const BUSY_CLIENT = "already executing a query";
const warnings: string[] = [];
const onWarning = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`);

beforeAll(() => process.on("warning", onWarning));
afterAll(() => process.off("warning", onWarning));

/** process.emitWarning reports on the next tick. */
const busyClientWarnings = async () => {
  await new Promise((resolve) => setImmediate(resolve));
  return warnings.filter((warning) => warning.includes(BUSY_CLIENT));
};

describe("queries inside one transaction", () => {
  it("an export (includes of several relations, eleven reads side by side) sends no query to a busy connection", async () => {
    const { ctx } = await createOrg(undefined, "Serial");
    for (const ref of ["AC-01", "AC-02"]) {
      await createControl({ ctx, input: { ref, area: "Access", title: `Control ${ref}`, status: "IMPLEMENTED", visibility: "PUBLIC", ownerEmail: ctx.user.email } });
    }

    const bundle = await exportOrganization({ ctx });

    expect(bundle.controls.map((control) => [control.ref, control.domain, control.ownerEmail])).toEqual([
      ["AC-01", "Access", ctx.user.email],
      ["AC-02", "Access", ctx.user.email],
    ]);
    expect(await busyClientWarnings()).toEqual([]);
  });

  it("our own Promise.all in one scope gets every answer, in its own slot", async () => {
    const { ctx, org } = await createOrg(undefined, "Parallel");
    await createControl({ ctx, input: { ref: "PA-01", area: "Parallel", title: "One", status: "PLANNED", visibility: "PUBLIC" } });

    const [controls, domains, count, slug] = await withTenant({ orgId: org.id }, (tx) =>
      Promise.all([
        tx.control.findMany({ include: { owner: true, evidence: true, area: true } }),
        tx.controlArea.findMany({ select: { name: true } }),
        tx.control.count(),
        tx.$queryRaw<{ slug: string }[]>`SELECT slug FROM "Organization" WHERE id = ${org.id}::uuid`,
      ]),
    );

    expect(controls.map((control) => [control.ref, control.area.name, control.owner, control.evidence])).toEqual([["PA-01", "Parallel", null, []]]);
    expect(domains).toEqual([{ name: "Parallel" }]);
    expect(count).toBe(1);
    expect(slug).toEqual([{ slug: org.slug }]);
    expect(await busyClientWarnings()).toEqual([]);
  });

  it("one failing query among several rolls the whole transaction back, and the connection is clean afterwards", async () => {
    const { ctx, org } = await createOrg(undefined, "Rollback");
    await createControl({ ctx, input: { ref: "RB-01", area: "Rollback", title: "Kept", status: "PLANNED", visibility: "PUBLIC" } });

    await expect(
      withTenant({ orgId: org.id }, (tx) =>
        Promise.all([
          tx.control.updateMany({ where: { orgId: org.id }, data: { title: "Changed" } }),
          tx.$queryRaw`SELECT 1 / 0`,
          tx.control.count(),
        ]),
      ),
    ).rejects.toThrow(/division by zero/);

    // No connection was handed back while still inside the failed transaction.
    const stuck = await db.$queryRaw<{ count: bigint }[]>`
      SELECT count(*) FROM pg_stat_activity WHERE usename = current_user AND state LIKE 'idle in transaction%'`;
    expect(stuck).toEqual([{ count: 0n }]);
    // Several rounds, so that pooled connections the failed transaction used are reused.
    for (let round = 0; round < 12; round++) {
      const titles = await withTenant({ orgId: org.id }, (tx) => tx.control.findMany({ select: { title: true } }));
      expect(titles).toEqual([{ title: "Kept" }]);
    }
    expect(await busyClientWarnings()).toEqual([]);
  });
});
