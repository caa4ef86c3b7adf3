import { describe, expect, it } from "vitest";
import { createItem, updateItem } from "@/modules/content/server/crud";
import { updateOrganizationSettings } from "@/modules/organizations/server/organizations";
import { subprocessorsToCsv } from "@/modules/transfer/csv";
import { exportOrganization } from "@/modules/transfer/server/export";
import { applyImport, previewImport } from "@/modules/transfer/server/import";
import { withTenant } from "@/server/db/tenant";
import { createOrg } from "../support/factories";

/**
 * Content leftovers of issue 15 in import and export: the page's version and effective date in the
 * JSON bundle, and a subprocessor's parent and data retention in the subprocessor CSV.
 */
const SUB = { purpose: "Email delivery", location: "EU", status: "ACTIVE", visibility: "PUBLIC" };

const pageOf = (orgId: string) => withTenant({ orgId }, (tx) => tx.organization.findUniqueOrThrow({ where: { id: orgId }, select: { pageVersion: true, pageEffectiveDate: true } }));
const subsOf = (orgId: string) =>
  withTenant({ orgId }, (tx) => tx.subprocessor.findMany({ orderBy: { vendor: "asc" }, select: { vendor: true, dataRetention: true, parent: { select: { vendor: true } } } }));

describe("the page's version and effective date in the export bundle", () => {
  it("are exported, and imported back into another organisation", async () => {
    const from = await createOrg(undefined, "VersionFrom");
    await updateOrganizationSettings({ ctx: from.ctx, input: { name: "VersionFrom", overview: "", pageVersion: "v1.4.2", pageEffectiveDate: "2026-04-01", version: 1 }, logo: { kind: "keep" } });
    const bundle = await exportOrganization({ ctx: from.ctx });
    expect(bundle.organization).toMatchObject({ pageVersion: "v1.4.2", pageEffectiveDate: "2026-04-01" });

    const to = await createOrg(undefined, "VersionTo");
    await applyImport({ ctx: to.ctx, input: { format: "json", text: JSON.stringify(bundle) }, strict: true });
    expect(await pageOf(to.org.id)).toEqual({ pageVersion: "v1.4.2", pageEffectiveDate: new Date("2026-04-01T00:00:00.000Z") });
    expect((await exportOrganization({ ctx: to.ctx })).organization).toMatchObject({ pageVersion: "v1.4.2", pageEffectiveDate: "2026-04-01" });
  });

  it("a file without them leaves the organisation's own; null clears them; a malformed version is refused and changes nothing", async () => {
    const { ctx, org } = await createOrg(undefined, "VersionKeep");
    await updateOrganizationSettings({ ctx, input: { name: "VersionKeep", overview: "", pageVersion: "v2.0", pageEffectiveDate: "2026-05-01", version: 1 }, logo: { kind: "keep" } });
    const older = { format: "candor.export.v1", organization: { name: "VersionKeep", overview: "Imported overview." } };
    await applyImport({ ctx, input: { format: "json", text: JSON.stringify(older) } });
    expect(await pageOf(org.id)).toEqual({ pageVersion: "v2.0", pageEffectiveDate: new Date("2026-05-01T00:00:00.000Z") });

    const hostile = { format: "candor.export.v1", organization: { name: "VersionKeep", overview: "Imported overview.", pageVersion: "<script>alert(1)</script>", pageEffectiveDate: "2026-13-45" } };
    const preview = await previewImport({ ctx, input: { format: "json", text: JSON.stringify(hostile) } });
    expect(preview.problems.map((p) => p.messages.join(" | "))).toEqual([
      "organization.pageVersion: Page version: letters, digits, dots and hyphens, e.g. v1.4.2. | organization.pageEffectiveDate: Effective date: a date (YYYY-MM-DD).",
    ]);
    await applyImport({ ctx, input: { format: "json", text: JSON.stringify(hostile) } });
    expect(await pageOf(org.id)).toEqual({ pageVersion: "v2.0", pageEffectiveDate: new Date("2026-05-01T00:00:00.000Z") });

    const clearing = { format: "candor.export.v1", organization: { name: "VersionKeep", overview: "Imported overview.", pageVersion: null, pageEffectiveDate: null } };
    await applyImport({ ctx, input: { format: "json", text: JSON.stringify(clearing) } });
    expect(await pageOf(org.id)).toEqual({ pageVersion: null, pageEffectiveDate: null });
  });
});

describe("the subprocessor CSV carries parent and data retention", () => {
  it("its columns, and a round trip into another organisation (a child listed before its parent)", async () => {
    const from = await createOrg(undefined, "CsvFrom");
    await createItem({ ctx: from.ctx, kind: "subprocessors", input: { ...SUB, vendor: "Provider", dataRetention: "Deleted after 90 days" } });
    await createItem({ ctx: from.ctx, kind: "subprocessors", input: { ...SUB, vendor: "Router" } });
    const provider = await withTenant({ orgId: from.org.id }, (tx) => tx.subprocessor.findFirstOrThrow({ where: { vendor: "Provider" } }));
    await updateItem({ ctx: from.ctx, kind: "subprocessors", id: provider.id, input: { ...SUB, vendor: "Provider", dataRetention: "Deleted after 90 days", parent: "Router", version: 1 } });

    const csv = subprocessorsToCsv((await exportOrganization({ ctx: from.ctx })).subprocessors);
    const [header, first] = csv.split("\r\n");
    expect(header).toBe("vendor,website,purpose,data_categories,location,transfer_mechanism,since,status,effective_date,removed_at,visibility,parent,data_retention");
    expect(first).toBe("Provider,,Email delivery,,EU,,,ACTIVE,,,PUBLIC,Router,Deleted after 90 days");

    const to = await createOrg(undefined, "CsvTo");
    await applyImport({ ctx: to.ctx, input: { format: "subprocessors-csv", text: csv }, strict: true });
    expect(await subsOf(to.org.id)).toEqual([
      { vendor: "Provider", dataRetention: "Deleted after 90 days", parent: { vendor: "Router" } },
      { vendor: "Router", dataRetention: "", parent: null },
    ]);
    const again = await previewImport({ ctx: to.ctx, input: { format: "subprocessors-csv", text: csv } });
    expect(again.counts.subprocessors).toEqual({ create: 0, update: 0, unchanged: 2, rejected: 0 });
  });

  it("a CSV without the columns leaves parent and retention alone; an empty cell clears them", async () => {
    const { ctx, org } = await createOrg(undefined, "CsvKeep");
    await applyImport({ ctx, input: { format: "subprocessors-csv", text: "vendor,purpose,location,parent,data_retention\nRouter,Routing,EU,,\nProvider,Email delivery,EU,Router,30 days" }, strict: true });
    await applyImport({ ctx, input: { format: "subprocessors-csv", text: "vendor,purpose,location\nProvider,Email and SMS delivery,EU" }, strict: true });
    expect(await subsOf(org.id)).toEqual([
      { vendor: "Provider", dataRetention: "30 days", parent: { vendor: "Router" } },
      { vendor: "Router", dataRetention: "", parent: null },
    ]);
    await applyImport({ ctx, input: { format: "subprocessors-csv", text: "vendor,purpose,location,parent,data_retention\nProvider,Email and SMS delivery,EU,," }, strict: true });
    expect((await subsOf(org.id))[0]).toEqual({ vendor: "Provider", dataRetention: "", parent: null });
  });

  it("a parent that is another organisation's vendor, or the row itself, is refused and nothing is imported", async () => {
    const other = await createOrg(undefined, "CsvOther");
    await createItem({ ctx: other.ctx, kind: "subprocessors", input: { ...SUB, vendor: "Their Router" } });
    const { ctx, org } = await createOrg(undefined, "CsvMine");
    await expect(applyImport({ ctx, input: { format: "subprocessors-csv", text: "vendor,purpose,location,parent\nMailer,Email,EU,Their Router" } })).rejects.toMatchObject({
      code: "validation",
      message: "Subprocessor “Mailer”: Parent: no subprocessor named “Their Router” in this organisation.",
    });
    await expect(applyImport({ ctx, input: { format: "subprocessors-csv", text: "vendor,purpose,location,parent\nLoop,Email,EU,Loop" } })).rejects.toMatchObject({ code: "validation" });
    expect(await subsOf(org.id)).toEqual([]);
  });
});
