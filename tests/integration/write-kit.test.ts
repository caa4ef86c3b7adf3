import { describe, expect, it } from "vitest";
import { createItem } from "@/modules/content/server/crud";
import { addEvidence, createControl, getControl } from "@/modules/controls/server/controls";
import { inTenant, reorder, versionedDelete, versionedUpdate } from "@/server/db/write";
import { AppError } from "@/server/errors";
import { createOrg } from "../support/factories";

/**
 * The tenant-write kit (src/server/db/write.ts) on a real database, as the domain writers use it:
 * optimistic concurrency, reordering at both ends, and one unit of work per organisation.
 */
const control = (ref: string) => ({ ref, area: "Access", title: `Control ${ref}`, status: "PLANNED", visibility: "PUBLIC" });

async function failure(promise: Promise<unknown>) {
  const error = await promise.then(() => null, (caught: unknown) => caught);
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return { code: error.code, message: error.message };
}

describe("versionedUpdate / versionedDelete", () => {
  it("a save from version 1 after someone saved version 2 is a conflict, and changes nothing", async () => {
    const { ctx, org } = await createOrg(undefined, "Versioned");
    const { id } = await createControl({ ctx, input: control("VE-01") });
    const first = await inTenant(ctx, (tx) => versionedUpdate({ model: tx.control, key: { id, orgId: org.id }, version: 1, missing: "No such control." }, { title: "First" }));
    expect(first.version).toBe(2);

    const stale = inTenant(ctx, (tx) => versionedUpdate({ model: tx.control, key: { id, orgId: org.id }, version: 1, missing: "No such control." }, { title: "Second" }));

    expect(await failure(stale)).toEqual({ code: "conflict", message: "Someone else changed this while you were editing. Reload to see their version, then make your change again." });
    const stored = await getControl({ ctx, id });
    expect([stored.title, stored.version]).toEqual(["First", 2]);
  });

  it("another organisation's row is not found, whatever its version, and is left alone", async () => {
    const a = await createOrg(undefined, "Owner");
    const b = await createOrg(undefined, "Intruder");
    const { id } = await createControl({ ctx: a.ctx, input: control("VE-02") });

    const update = inTenant(b.ctx, (tx) => versionedUpdate({ model: tx.control, key: { id, orgId: a.org.id }, version: 1, missing: "No such control." }, { title: "Taken" }));
    const remove = inTenant(b.ctx, (tx) => versionedDelete({ model: tx.control, key: { id, orgId: a.org.id }, version: 1, missing: "No such control." }));

    expect(await failure(update)).toEqual({ code: "not_found", message: "No such control." });
    expect(await failure(remove)).toEqual({ code: "not_found", message: "No such control." });
    expect((await getControl({ ctx: a.ctx, id })).title).toBe("Control VE-02");
  });

  it("a stale delete is a conflict and the row stays; the current version deletes it", async () => {
    const { ctx, org } = await createOrg(undefined, "Deleting");
    const { id } = await createControl({ ctx, input: control("VE-03") });
    await inTenant(ctx, (tx) => versionedUpdate({ model: tx.control, key: { id, orgId: org.id }, version: 1, missing: "No such control." }, { title: "Edited" }));
    const target = (version: number) => inTenant(ctx, (tx) => versionedDelete({ model: tx.control, key: { id, orgId: org.id }, version, missing: "No such control.", stale: "Changed meanwhile." }));

    expect(await failure(target(1))).toEqual({ code: "conflict", message: "Changed meanwhile." });
    expect((await target(2)) as { title: string }).toMatchObject({ title: "Edited" });
    expect(await failure(getControl({ ctx, id }))).toEqual({ code: "not_found", message: "No such control." });
  });
});

describe("reorder", () => {
  it("moves up and down by swapping with the neighbour; at either end it changes nothing", async () => {
    const { ctx, org } = await createOrg(undefined, "Ordered");
    const faqs: { id: string }[] = [];
    for (const question of ["One?", "Two?", "Three?"]) faqs.push(await createItem({ ctx, kind: "faqs", input: { question, answer: "Yes." } }));
    const order = () => inTenant(ctx, async (tx) => (await tx.faq.findMany({ where: { orgId: org.id }, orderBy: { position: "asc" } })).map((f) => f.question));
    const move = (index: number, direction: "up" | "down") =>
      inTenant(ctx, async (tx) => {
        const item = await tx.faq.findFirstOrThrow({ where: { id: faqs[index]!.id, orgId: org.id }, select: { id: true, position: true } });
        return reorder({ model: tx.faq, orgId: org.id, item, direction });
      });

    expect(await move(0, "up")).toBeNull();
    expect(await move(2, "down")).toBeNull();
    expect(await order()).toEqual(["One?", "Two?", "Three?"]);

    expect(await move(2, "up")).toEqual({ before: 3, after: 2 });
    expect(await order()).toEqual(["One?", "Three?", "Two?"]);
    expect(await move(0, "down")).toEqual({ before: 1, after: 2 });
    expect(await order()).toEqual(["Three?", "One?", "Two?"]);
  });

  it("counts only the rows it is told to (evidence of one control), not the organisation's others", async () => {
    const { ctx, org } = await createOrg(undefined, "Scoped");
    const a = await createControl({ ctx, input: control("RO-01") });
    const b = await createControl({ ctx, input: control("RO-02") });
    const evidence = { kind: "URL", target: "https://example.com/a", visibility: "PUBLIC" };
    const onlyOfA = await addEvidence({ ctx, controlId: a.id, input: { ...evidence, label: "A's only" } });
    await addEvidence({ ctx, controlId: b.id, input: { ...evidence, label: "B's first" } });
    await addEvidence({ ctx, controlId: b.id, input: { ...evidence, label: "B's second" } });

    const moved = await inTenant(ctx, (tx) => reorder({ model: tx.evidence, orgId: org.id, item: onlyOfA, among: { controlId: a.id }, direction: "down" }));

    expect(moved).toBeNull();
    const labels = await inTenant(ctx, async (tx) => (await tx.evidence.findMany({ where: { orgId: org.id }, orderBy: [{ controlId: "asc" }, { position: "asc" }] })).map((e) => `${e.label}@${e.position}`));
    expect(labels.sort()).toEqual(["A's only@1", "B's first@1", "B's second@2"]);
  });
});

describe("one unit of work per organisation", () => {
  it("a call inside another joins its transaction: one transaction id, and a failure rolls back both", async () => {
    const { ctx } = await createOrg(undefined, "Joined");
    const txid = () => inTenant(ctx, async (tx) => (await tx.$queryRaw<{ id: string }[]>`SELECT txid_current()::text AS id`)[0]!.id);

    const [outer, inner] = await inTenant(ctx, async () => [await txid(), await txid()]);
    expect(inner).toBe(outer);
    expect(await txid()).not.toBe(outer);

    await expect(
      inTenant(ctx, async () => {
        await createControl({ ctx, input: control("UW-01") });
        throw new Error("the import failed on a later row");
      }),
    ).rejects.toThrow("the import failed on a later row");
    expect(await inTenant(ctx, (tx) => tx.control.count())).toBe(0);
  });

  it("refuses to mix organisations, and refuses a write inside a read-only unit", async () => {
    const a = await createOrg(undefined, "Mixing");
    const b = await createOrg(undefined, "Other");

    await expect(inTenant(a.ctx, () => createControl({ ctx: b.ctx, input: control("MX-01") }))).rejects.toThrow("One unit of work acts for one organisation");
    await expect(inTenant(a.ctx, () => createControl({ ctx: a.ctx, input: control("MX-02") }), { readOnly: true })).rejects.toThrow(/read-only transaction/);
    expect(await inTenant(b.ctx, (tx) => tx.control.count())).toBe(0);
    expect(await inTenant(a.ctx, (tx) => tx.control.count())).toBe(0);
  });
});
