import { describe, expect, it } from "vitest";
import { createItem, deleteItem, getItem, listItems, moveItem, updateItem } from "@/modules/content/server/crud";
import { addEvidence, bulkUpdateControls, moveEvidence, removeEvidence, controlSummary, createControl, deleteControl, getControl, listControls, moveControl, updateControl } from "@/modules/controls/server/controls";
import { controlQuerySchema } from "@/modules/controls/query";
import { withTenant } from "@/server/db/tenant";
import { addMember, contextFor, createOrg } from "../support/factories";

const q = (query: Record<string, string> = {}) => controlQuerySchema.parse(query);
const base = { area: "Access Control", status: "IMPLEMENTED", reviewCadenceDays: 365 };

describe("controls", () => {
  it("coverage is implemented ÷ (all − not applicable), with counts per status", async () => {
    const { ctx } = await createOrg();
    const statuses = ["IMPLEMENTED", "IMPLEMENTED", "IMPLEMENTED", "IN_PROGRESS", "PLANNED", "NOT_APPLICABLE"];
    for (const [i, status] of statuses.entries()) await createControl({ ctx, input: { ...base, ref: `AC-0${i + 1}`, title: `Control ${i}`, status } });
    await createControl({ ctx, input: { ...base, area: "Encryption", ref: "EN-01", title: "At rest", status: "PLANNED", lastReviewedAt: "2020-01-01" } });
    const { coverage, areas, reviewDue } = await controlSummary({ ctx });
    expect(coverage).toEqual({ total: 7, applicable: 6, IMPLEMENTED: 3, IN_PROGRESS: 1, PLANNED: 2, NOT_APPLICABLE: 1, percent: 50 });
    // Each area with its own count, in the areas' order; one control reviewed in 2020 with a yearly cadence is due.
    expect(areas.map(({ name, controls }) => [name, controls])).toEqual([["Access Control", 6], ["Encryption", 1]]);
    expect(reviewDue).toBe(1);
  });

  it("a control read in one statement is exactly what Prisma's include of its area, owner and evidence returns; another tenant's id is not found", async () => {
    const { ctx, owner } = await createOrg();
    const other = await createOrg();
    const control = await createControl({ ctx, input: { ...base, ref: "AC-01", title: "Read whole", ownerEmail: owner.email, lastReviewedAt: "2026-03-04" } });
    await addEvidence({ ctx, controlId: control.id, input: { label: "Second", kind: "TEST", target: "tests/b.test.ts", visibility: "NDA" } });
    await addEvidence({ ctx, controlId: control.id, input: { label: "Third", kind: "CODE", target: "src/c.ts" } });
    const bare = await createControl({ ctx, input: { ...base, ref: "AC-02", title: "No owner, no evidence" } });
    for (const id of [control.id, bare.id]) {
      const viaPrisma = await withTenant({ orgId: ctx.org.id }, (tx) =>
        tx.control.findFirst({ where: { id, orgId: ctx.org.id }, include: { area: { select: { name: true } }, owner: { select: { email: true } }, evidence: { orderBy: { position: "asc" } } } }),
      );
      expect(await getControl({ ctx, id })).toStrictEqual(viaPrisma);
    }
    const read = await getControl({ ctx, id: control.id });
    expect([read.area.name, read.owner?.email, read.evidence.map((e) => [e.label, e.kind, e.visibility]), read.lastReviewedAt?.toISOString()]).toEqual([
      "Access Control",
      owner.email,
      [["Second", "TEST", "NDA"], ["Third", "CODE", "PUBLIC"]],
      "2026-03-04T00:00:00.000Z",
    ]);
    await expect(getControl({ ctx: other.ctx, id: control.id })).rejects.toMatchObject({ code: "not_found" });
  });

  it("references are unique per organisation (a clear field error), but two organisations may both have AC-01", async () => {
    const a = await createOrg();
    const b = await createOrg();
    await createControl({ ctx: a.ctx, input: { ...base, ref: "AC-01", title: "One" } });
    await expect(createControl({ ctx: a.ctx, input: { ...base, ref: "AC-01", title: "Two" } })).rejects.toMatchObject({ code: "conflict", details: { fieldErrors: { ref: [expect.stringContaining("AC-01")] } } });
    await expect(createControl({ ctx: b.ctx, input: { ...base, ref: "AC-01", title: "Other tenant" } })).resolves.toBeTruthy();
  });

  it("a second editor's stale save is refused, not silently applied", async () => {
    const { ctx } = await createOrg();
    const control = await createControl({ ctx, input: { ...base, ref: "AC-01", title: "Original" } });
    await updateControl({ ctx, id: control.id, input: { ...base, ref: "AC-01", title: "First editor", version: control.version } });
    await expect(updateControl({ ctx, id: control.id, input: { ...base, ref: "AC-01", title: "Second editor", version: control.version } })).rejects.toMatchObject({ code: "conflict" });
    await expect(deleteControl({ ctx, id: control.id, input: { version: control.version } })).rejects.toMatchObject({ code: "conflict" });
    expect((await getControl({ ctx, id: control.id })).title).toBe("First editor");
  });

  it("adding, moving or removing evidence does not make the open control form's save a conflict; another editor's save still does", async () => {
    const { ctx } = await createOrg();
    const control = await createControl({ ctx, input: { ...base, ref: "AC-01", title: "Original" } });
    const loaded = control.version;
    const first = await addEvidence({ ctx, controlId: control.id, input: { label: "Cookie flags", kind: "CODE", target: "src/auth.ts" } });
    await addEvidence({ ctx, controlId: control.id, input: { label: "Test", kind: "TEST", target: "tests/auth.test.ts" } });
    await moveEvidence({ ctx, evidenceId: first.id, direction: "down" });
    // The form on the page was loaded before the evidence changed, and still saves.
    const saved = await updateControl({ ctx, id: control.id, input: { ...base, ref: "AC-01", title: "Saved after adding evidence", version: loaded } });
    expect(saved).toEqual({ version: loaded + 1 });
    await removeEvidence({ ctx, evidenceId: first.id });
    expect(await updateControl({ ctx, id: control.id, input: { ...base, ref: "AC-01", title: "Saved after removing evidence", version: loaded + 1 } })).toEqual({ version: loaded + 2 });

    // A real conflict: someone else saved the control's fields meanwhile.
    const other = contextFor(await addMember(ctx.org.id, "EDITOR"), ctx.org, "EDITOR");
    await updateControl({ ctx: other, id: control.id, input: { ...base, ref: "AC-01", title: "Other editor", version: loaded + 2 } });
    await expect(updateControl({ ctx, id: control.id, input: { ...base, ref: "AC-01", title: "Mine", version: loaded + 2 } })).rejects.toMatchObject({ code: "conflict" });
    const stored = await getControl({ ctx, id: control.id });
    expect(stored.title).toBe("Other editor");
    expect(stored.evidence.map((e) => e.label)).toEqual(["Test"]);
  });

  it("search, filters, sort and pages", async () => {
    const { ctx } = await createOrg();
    for (let i = 1; i <= 60; i++) {
      await createControl({ ctx, input: { ...base, domain: i % 2 ? "Access Control" : "Encryption", ref: `C-${String(i).padStart(3, "0")}`, title: i === 42 ? "Multi-factor sign-in" : `Control ${i}`, status: i % 3 ? "IMPLEMENTED" : "PLANNED", visibility: i % 5 ? "PUBLIC" : "NDA" } });
    }
    const first = await listControls({ ctx, query: q({ sort: "ref" }) });
    expect(first.total).toBe(60);
    expect(first.rows).toHaveLength(50);
    expect(first.rows[0]!.ref).toBe("C-001");
    const second = await listControls({ ctx, query: q({ sort: "ref", page: "2" }) });
    expect(second.rows.map((r) => r.ref)).toEqual(Array.from({ length: 10 }, (_, i) => `C-${String(51 + i).padStart(3, "0")}`));
    expect(second.total).toBe(60);
    // Each row's evidence count is its own, in the page's order (counted after the cut).
    await addEvidence({ ctx, controlId: second.rows[3]!.id, input: { label: "Policy", kind: "CODE", target: "src/policy.ts" } });
    const again = await listControls({ ctx, query: q({ sort: "ref", page: "2" }) });
    expect(again.rows.map((r) => [r.ref, r.evidenceCount])).toEqual(Array.from({ length: 10 }, (_, i) => [`C-${String(51 + i).padStart(3, "0")}`, i === 3 ? 1 : 0]));
    // A page past the end is empty and still says how many there are (the pager's "of 60").
    expect(await listControls({ ctx, query: q({ sort: "ref", page: "9" }) })).toMatchObject({ rows: [], total: 60 });
    expect((await listControls({ ctx, query: q({ q: "multi-factor" }) })).rows.map((r) => r.ref)).toEqual(["C-042"]);
    // A search's second page: the rows after the first 50 matches, in order, with the matches' total.
    const searched = await listControls({ ctx, query: q({ q: "control", sort: "ref", page: "2" }) });
    expect(searched.total).toBe(59);
    expect(searched.rows.map((r) => r.ref)).toEqual(["C-052", "C-053", "C-054", "C-055", "C-056", "C-057", "C-058", "C-059", "C-060"]);
    expect(await listControls({ ctx, query: q({ q: "control", page: "3" }) })).toMatchObject({ rows: [], total: 59 });
    expect((await listControls({ ctx, query: q({ status: "PLANNED" }) })).total).toBe(20);
    expect((await listControls({ ctx, query: q({ visibility: "NDA" }) })).total).toBe(12);
    const descending = await listControls({ ctx, query: q({ sort: "ref", dir: "desc" }) });
    expect(descending.rows[0]!.ref).toBe("C-060");
    // Hostile search text is data, not SQL or a pattern.
    expect((await listControls({ ctx, query: q({ q: "%' OR 1=1 --" }) })).total).toBe(0);
    expect((await listControls({ ctx, query: q({ q: "_" }) })).total).toBe(0);
    // Nonsense parameters fall back to defaults instead of failing.
    expect(q({ sort: "password", dir: "sideways", page: "-3", status: "HACKED" })).toMatchObject({ sort: "position", dir: "asc", page: 1, status: undefined });
  });

  it("bulk status/visibility changes apply to the selected controls only, each audited", async () => {
    const { ctx, org } = await createOrg();
    const ids = [];
    for (let i = 1; i <= 4; i++) ids.push((await createControl({ ctx, input: { ...base, ref: `AC-0${i}`, title: `C${i}` } })).id);
    await bulkUpdateControls({ ctx, input: { ids: ids.slice(0, 3), status: "IN_PROGRESS", visibility: "NDA" } });
    const rows = await withTenant({ orgId: org.id }, (tx) => tx.control.findMany({ orderBy: { ref: "asc" }, select: { status: true, visibility: true } }));
    expect(rows).toEqual([
      { status: "IN_PROGRESS", visibility: "NDA" },
      { status: "IN_PROGRESS", visibility: "NDA" },
      { status: "IN_PROGRESS", visibility: "NDA" },
      { status: "IMPLEMENTED", visibility: "PUBLIC" },
    ]);
    const audit = await withTenant({ orgId: org.id }, (tx) => tx.auditEvent.count({ where: { action: "controls.bulk-update" } }));
    expect(audit).toBe(3);
    await expect(bulkUpdateControls({ ctx, input: { ids: ids.slice(0, 1) } })).rejects.toMatchObject({ name: "ZodError" });
  });

  it("reordering swaps neighbours within a domain", async () => {
    const { ctx } = await createOrg();
    const a = await createControl({ ctx, input: { ...base, ref: "AC-01", title: "A" } });
    await createControl({ ctx, input: { ...base, ref: "AC-02", title: "B" } });
    await moveControl({ ctx, id: a.id, direction: "down" });
    expect((await listControls({ ctx, query: q() })).rows.map((r) => r.ref)).toEqual(["AC-02", "AC-01"]);
  });

  it("another organisation's ids are not found, and nothing of theirs changes", async () => {
    const a = await createOrg();
    const b = await createOrg();
    const control = await createControl({ ctx: a.ctx, input: { ...base, ref: "AC-01", title: "A's" } });
    await expect(getControl({ ctx: b.ctx, id: control.id })).rejects.toMatchObject({ code: "not_found" });
    await expect(updateControl({ ctx: b.ctx, id: control.id, input: { ...base, ref: "AC-01", title: "B wins", version: 1 } })).rejects.toMatchObject({ code: "not_found" });
    await expect(addEvidence({ ctx: b.ctx, controlId: control.id, input: { label: "x", kind: "URL", target: "https://x.example" } })).rejects.toMatchObject({ code: "not_found" });
    await expect(bulkUpdateControls({ ctx: b.ctx, input: { ids: [control.id], status: "PLANNED" } })).rejects.toMatchObject({ code: "not_found" });
    await expect(moveControl({ ctx: b.ctx, id: control.id, direction: "up" })).rejects.toMatchObject({ code: "not_found" });
    expect(await getControl({ ctx: a.ctx, id: control.id })).toMatchObject({ title: "A's", version: 1 });
  });

  it("the owner must be a member of the organisation", async () => {
    const { ctx } = await createOrg();
    await expect(createControl({ ctx, input: { ...base, ref: "AC-01", title: "X", ownerEmail: "stranger@example.com" } })).rejects.toMatchObject({ details: { fieldErrors: { ownerEmail: [expect.stringContaining("not a member")] } } });
  });
});

describe("the simple content types", () => {
  it("create, list, edit with version check, reorder and delete a FAQ", async () => {
    const { ctx } = await createOrg();
    const first = await createItem({ ctx, kind: "faqs", input: { question: "Do you encrypt?", answer: "Yes." } });
    await createItem({ ctx, kind: "faqs", input: { question: "Where is data stored?", answer: "EU." } });
    await moveItem({ ctx, kind: "faqs", id: first.id, direction: "down" });
    expect((await listItems({ ctx, kind: "faqs", query: { page: 1 } })).rows.map((r) => r.question)).toEqual(["Where is data stored?", "Do you encrypt?"]);
    await updateItem({ ctx, kind: "faqs", id: first.id, input: { question: "Do you encrypt at rest?", answer: "Yes, AES-256.", version: 1 } });
    await expect(updateItem({ ctx, kind: "faqs", id: first.id, input: { question: "Stale", answer: "Stale", version: 1 } })).rejects.toMatchObject({ code: "conflict" });
    await deleteItem({ ctx, kind: "faqs", id: first.id, input: { version: 2 } });
    await expect(getItem({ ctx, kind: "faqs", id: first.id })).rejects.toMatchObject({ code: "not_found" });
  });

  it("subprocessors are never deleted: removal is a dated status", async () => {
    const { ctx } = await createOrg();
    const vendor = await createItem({ ctx, kind: "subprocessors", input: { vendor: "Mailer", purpose: "Email", location: "EU" } });
    await expect(deleteItem({ ctx, kind: "subprocessors", id: vendor.id, input: { version: 1 } })).rejects.toMatchObject({ code: "conflict" });
    await expect(updateItem({ ctx, kind: "subprocessors", id: vendor.id, input: { vendor: "Mailer", purpose: "Email", location: "EU", status: "REMOVED", version: 1 } })).rejects.toMatchObject({ name: "ZodError" });
    await updateItem({ ctx, kind: "subprocessors", id: vendor.id, input: { vendor: "Mailer", purpose: "Email", location: "EU", status: "REMOVED", removedAt: "2026-11-01", version: 1 } });
    expect(await getItem({ ctx, kind: "subprocessors", id: vendor.id })).toMatchObject({ status: "REMOVED" });
  });

  it("frameworks refuse a period that ends before it starts, and links that are not http(s)", async () => {
    const { ctx } = await createOrg();
    await expect(createItem({ ctx, kind: "frameworks", input: { name: "SOC 2", status: "CERTIFIED", periodStart: "2026-06-01", periodEnd: "2026-01-01" } })).rejects.toMatchObject({ name: "ZodError" });
    await expect(createItem({ ctx, kind: "frameworks", input: { name: "SOC 2", status: "CERTIFIED", reportUrl: "javascript:alert(1)" } })).rejects.toMatchObject({ name: "ZodError" });
  });
});

describe("certifications", () => {
  it("show as expired once their period has ended, whatever was saved", async () => {
    const { displayStatus } = await import("@/modules/content/kinds");
    const { ctx } = await createOrg();
    const lapsed = await createItem({ ctx, kind: "frameworks", input: { name: "ISO 27001", status: "CERTIFIED", periodStart: "2023-01-01", periodEnd: "2025-12-31" } });
    const current = await createItem({ ctx, kind: "frameworks", input: { name: "SOC 2 Type II", status: "CERTIFIED", periodStart: "2026-01-01", periodEnd: "2099-12-31" } });
    expect(displayStatus("frameworks", await getItem({ ctx, kind: "frameworks", id: lapsed.id }))).toBe("EXPIRED");
    expect(displayStatus("frameworks", await getItem({ ctx, kind: "frameworks", id: current.id }))).toBe("CERTIFIED");
  });
});
