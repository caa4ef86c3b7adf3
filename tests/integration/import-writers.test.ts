import { describe, expect, it } from "vitest";
import { createItem, updateItem } from "@/modules/content/server/crud";
import { createControl, updateControl } from "@/modules/controls/server/controls";
import { applyImport } from "@/modules/transfer/server/import";
import { withTenant } from "@/server/db/tenant";
import type { OrgContext } from "@/server/gate";
import { createOrg } from "../support/factories";

/**
 * One path for a row, whatever its source: an import calls the same domain writers as the forms,
 * so a row imported and the same row saved from its form are the same row, with the same audit
 * event (issue 11). Organisation A uses the forms, B imports the same content.
 */
const CONTROL = { ref: "IW-01", area: "Access", title: "Access is reviewed", description: "Quarterly.", status: "IMPLEMENTED", visibility: "NDA", reviewCadenceDays: 90, lastReviewedAt: "2026-03-29" };
const CSV_HEADER = "ref,domain,title,description,status,visibility,review_cadence_days,last_reviewed_at";
const csvRow = (c: typeof CONTROL) => [c.ref, c.area, c.title, c.description, c.status, c.visibility, c.reviewCadenceDays, c.lastReviewedAt].join(",");

async function controlRow(ctx: OrgContext) {
  return withTenant({ orgId: ctx.org.id }, async (tx) => {
    const { ref, title, description, status, visibility, reviewCadenceDays, lastReviewedAt, version, ownerId, area } = await tx.control.findFirstOrThrow({ where: { ref: CONTROL.ref }, include: { area: true } });
    return { ref, title, description, status, visibility, reviewCadenceDays, lastReviewedAt: lastReviewedAt?.toISOString(), version, ownerId, area: area.name };
  });
}

/** The audit trail without what differs by nature (ids, times, hashes): action, target type, and the diff (ids masked: each organisation's area has its own). */
async function trail(ctx: OrgContext) {
  const events = await withTenant({ orgId: ctx.org.id }, (tx) => tx.auditEvent.findMany({ where: { action: { notIn: ["org.create", "members.add"] } }, orderBy: { seq: "asc" } }));
  return events.filter((e) => e.action !== "import.apply").map((e) => ({ action: e.action, targetType: e.targetType, actor: e.actorEmail === ctx.user.email, diff: JSON.parse(JSON.stringify(e.diff).replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "<id>")) }));
}

describe("an import goes through the domain writers", () => {
  it("a control created by the form and by an import: the same row, the same audit event", async () => {
    const form = await createOrg(undefined, "Form");
    const file = await createOrg(undefined, "File");

    await createControl({ ctx: form.ctx, input: CONTROL });
    await applyImport({ ctx: file.ctx, input: { format: "controls-csv", text: `${CSV_HEADER}\n${csvRow(CONTROL)}` }, strict: true });

    const expectedRow = { ...CONTROL, lastReviewedAt: "2026-03-29T00:00:00.000Z", version: 1, ownerId: null, area: "Access" };
    expect(await controlRow(form.ctx)).toEqual(expectedRow);
    expect(await controlRow(file.ctx)).toEqual(expectedRow);
    const formTrail = await trail(form.ctx);
    expect(formTrail.map((e) => [e.action, e.targetType, e.actor])).toEqual([["controls.create", "control", true]]);
    expect(await trail(file.ctx)).toEqual(formTrail);
  });

  it("a control changed by the form and by an import: the same version step, the same audit event", async () => {
    const form = await createOrg(undefined, "FormEdit");
    const file = await createOrg(undefined, "FileEdit");
    for (const { ctx } of [form, file]) await createControl({ ctx, input: CONTROL });
    const edited = { ...CONTROL, title: "Access is reviewed monthly", reviewCadenceDays: 30 };

    const formId = await withTenant({ orgId: form.org.id }, async (tx) => (await tx.control.findFirstOrThrow({ where: { ref: CONTROL.ref } })).id);
    await updateControl({ ctx: form.ctx, id: formId, input: { ...edited, version: 1 } });
    await applyImport({ ctx: file.ctx, input: { format: "controls-csv", text: `${CSV_HEADER}\n${csvRow(edited)}` }, strict: true });

    const expectedRow = { ...edited, lastReviewedAt: "2026-03-29T00:00:00.000Z", version: 2, ownerId: null, area: "Access" };
    expect(await controlRow(form.ctx)).toEqual(expectedRow);
    expect(await controlRow(file.ctx)).toEqual(expectedRow);
    const formTrail = await trail(form.ctx);
    expect(formTrail.map((e) => e.action)).toEqual(["controls.create", "controls.update"]);
    expect(formTrail[1]!.diff).toEqual({ title: { from: "Access is reviewed", to: "Access is reviewed monthly" }, reviewCadenceDays: { from: 90, to: 30 } });
    expect(await trail(file.ctx)).toEqual(formTrail);
  });

  it("an FAQ from the form and from an import (JSON): the same audit events, and an unchanged row is not written again", async () => {
    const form = await createOrg(undefined, "FaqForm");
    const file = await createOrg(undefined, "FaqFile");
    const faq = { question: "Do you encrypt backups?", answer: "Yes, with AES-256." };

    const created = await createItem({ ctx: form.ctx, kind: "faqs", input: faq });
    await updateItem({ ctx: form.ctx, kind: "faqs", id: created.id, input: { ...faq, answer: "Yes, with AES-256-GCM.", version: 1 } });
    const bundle = (answer: string) => JSON.stringify({ format: "candor.export.v1", organization: { name: "FaqFile", overview: "" }, faqs: [{ ...faq, answer }] });
    await applyImport({ ctx: file.ctx, input: { format: "json", text: bundle(faq.answer) }, strict: true });
    await applyImport({ ctx: file.ctx, input: { format: "json", text: bundle("Yes, with AES-256-GCM.") }, strict: true });
    await applyImport({ ctx: file.ctx, input: { format: "json", text: bundle("Yes, with AES-256-GCM.") }, strict: true });

    const formTrail = await trail(form.ctx);
    expect(formTrail.map((e) => e.action)).toEqual(["faqs.create", "faqs.update"]);
    expect(await trail(file.ctx)).toEqual(formTrail);
  });
});
