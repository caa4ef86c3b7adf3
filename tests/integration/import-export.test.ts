import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { exportBundleSchema } from "@/modules/content/bundle";
import { controlsToCsv, subprocessorsToCsv } from "@/modules/transfer/csv";
import { exportOrganization } from "@/modules/transfer/server/export";
import { applyImport, previewImport } from "@/modules/transfer/server/import";
import { withTenant } from "@/server/db/tenant";
import { createOrg } from "../support/factories";

const dataset = readFileSync("prisma/demo-dataset.json", "utf8");

/**
 * What must survive a round trip: everything but the export time and the organisation's name.
 * Updates and reviews have no order of their own (they are shown newest first).
 */
function comparable(bundle: unknown) {
  const parsed = exportBundleSchema.parse(bundle);
  const { exportedAt: _e, organization, documents: _d, ...rest } = parsed;
  const { name: _n, ...org } = organization ?? { name: "" };
  const byDate = <T extends { title: string }>(key: keyof T) => (a: T, b: T) => String(b[key]).localeCompare(String(a[key])) || a.title.localeCompare(b.title);
  return { ...rest, updates: [...rest.updates].sort(byDate("publishedAt")), reviews: [...rest.reviews].sort(byDate("reviewedAt")), organization: org };
}

describe("export and import", () => {
  it("the demo dataset imports completely, and exports back unchanged", async () => {
    const { ctx } = await createOrg(undefined, "Importer");
    const preview = await previewImport({ ctx, input: { format: "json", text: dataset } });
    expect(preview.problems).toEqual([]);
    expect(preview.counts.controls.create).toBe(JSON.parse(dataset).controls.length);
    const applied = await applyImport({ ctx, input: { format: "json", text: dataset } });
    expect(applied.counts.controls.create).toBe(JSON.parse(dataset).controls.length);
    expect(comparable(await exportOrganization({ ctx }))).toEqual(comparable(JSON.parse(dataset)));
  });

  it("export → import into another organisation → export is the same document", async () => {
    const source = await createOrg(undefined, "Source");
    await applyImport({ ctx: source.ctx, input: { format: "json", text: dataset } });
    const exported = await exportOrganization({ ctx: source.ctx });
    const target = await createOrg(undefined, "Target");
    await applyImport({ ctx: target.ctx, input: { format: "json", text: JSON.stringify(exported) } });
    expect(comparable(await exportOrganization({ ctx: target.ctx }))).toEqual(comparable(exported));
  });

  it("importing the same file again changes nothing", async () => {
    const { ctx } = await createOrg();
    await applyImport({ ctx, input: { format: "json", text: dataset } });
    const again = await previewImport({ ctx, input: { format: "json", text: dataset } });
    for (const counts of Object.values(again.counts)) expect(counts).toMatchObject({ create: 0, update: 0 });
    expect(again.disclosure).toBe("unchanged");
  });

  it("controls and subprocessors round-trip through CSV", async () => {
    const source = await createOrg(undefined, "Csv");
    await applyImport({ ctx: source.ctx, input: { format: "json", text: dataset } });
    const bundle = await exportOrganization({ ctx: source.ctx });
    const controlsCsv = controlsToCsv(bundle.controls);
    const subprocessorsCsv = subprocessorsToCsv(bundle.subprocessors);
    const target = await createOrg(undefined, "CsvTarget");
    await applyImport({ ctx: target.ctx, input: { format: "controls-csv", text: controlsCsv } });
    await applyImport({ ctx: target.ctx, input: { format: "subprocessors-csv", text: subprocessorsCsv } });
    const back = await exportOrganization({ ctx: target.ctx });
    const withoutOwner = (controls: typeof bundle.controls) => controls.map(({ ownerEmail: _o, ...c }) => c);
    expect(withoutOwner(back.controls)).toEqual(withoutOwner(bundle.controls));
    expect(back.subprocessors).toEqual(bundle.subprocessors);
  });

  it("reports bad rows by number and imports the rest; strict mode imports nothing", async () => {
    const { ctx, org } = await createOrg();
    const csv = [
      "ref,domain,title,status,visibility",
      "AC-01,Access,Good control,Implemented,Public",
      "AC-02,Access,,Implemented,Public",
      "AC 03!,Access,Bad ref,Implemented,Public",
      "AC-04,Access,Unknown status,Sort of,Public",
      "AC-01,Access,Duplicate,Planned,Public",
      'AC-05,Access,"<script>alert(1)</script>",In progress,nda',
    ].join("\n");
    const preview = await previewImport({ ctx, input: { format: "controls-csv", text: csv } });
    expect(preview.problems.map((p) => p.row)).toEqual([3, 4, 5, 6]);
    expect(preview.problems[0]!.messages.join()).toMatch(/title/i);
    expect(preview.counts.controls).toMatchObject({ create: 2, rejected: 4 });

    await expect(applyImport({ ctx, input: { format: "controls-csv", text: csv }, strict: true })).rejects.toMatchObject({ code: "validation" });
    expect(await withTenant({ orgId: org.id }, (tx) => tx.control.count())).toBe(0);

    await applyImport({ ctx, input: { format: "controls-csv", text: csv } });
    const stored = await withTenant({ orgId: org.id }, (tx) => tx.control.findMany({ orderBy: { ref: "asc" }, select: { ref: true, title: true, status: true, visibility: true } }));
    expect(stored).toEqual([
      { ref: "AC-01", title: "Good control", status: "IMPLEMENTED", visibility: "PUBLIC" },
      { ref: "AC-05", title: "<script>alert(1)</script>", status: "IN_PROGRESS", visibility: "NDA" },
    ]);
  });

  it("refuses files that are not what they claim, with a clear 400", async () => {
    const { ctx } = await createOrg();
    await expect(previewImport({ ctx, input: { format: "json", text: "{not json" } })).rejects.toMatchObject({ code: "bad_request", message: expect.stringContaining("not valid JSON") });
    await expect(previewImport({ ctx, input: { format: "json", text: '{"controls": []}' } })).rejects.toMatchObject({ code: "bad_request", message: expect.stringContaining("not a Candor export") });
    await expect(previewImport({ ctx, input: { format: "controls-csv", text: "vendor,purpose\nx,y" } })).rejects.toMatchObject({ code: "bad_request", message: expect.stringContaining("lacks the columns ref, domain, title, status") });
  });

  it("an import into one organisation leaves every other alone", async () => {
    const a = await createOrg(undefined, "ImportA");
    const b = await createOrg(undefined, "ImportB");
    await applyImport({ ctx: a.ctx, input: { format: "json", text: dataset } });
    expect(await withTenant({ orgId: b.org.id }, (tx) => tx.control.count())).toBe(0);
    const trail = await withTenant({ orgId: a.org.id }, (tx) => tx.auditEvent.findMany({ where: { action: "import.apply" } }));
    expect(trail).toHaveLength(1);
  });
});

describe("import safety", () => {
  it("a CSV updates only the columns it has: a missing visibility or evidence column changes nothing", async () => {
    const { ctx, org } = await createOrg();
    await applyImport({ ctx, input: { format: "controls-csv", text: "ref,domain,title,status,visibility,evidence\nAC-01,Access,Secret control,Implemented,Private,Code | CODE | src/a.ts | Private" } });
    await applyImport({ ctx, input: { format: "controls-csv", text: "ref,domain,title,status\nAC-01,Access,Renamed control,In progress" } });
    const control = await withTenant({ orgId: org.id }, (tx) => tx.control.findFirstOrThrow({ include: { evidence: true } }));
    expect(control).toMatchObject({ title: "Renamed control", status: "IN_PROGRESS", visibility: "PRIVATE" });
    expect(control.evidence.map((e) => e.target)).toEqual(["src/a.ts"]);
  });

  it("an editor's import does not change the organisation's settings", async () => {
    const { ctx, org } = await createOrg();
    const editor = { ...ctx, role: "EDITOR" as const };
    const text = JSON.stringify({ format: "candor.export.v1", organization: { name: "X", overview: "Defaced", securityContactEmail: "attacker@evil.example" } });
    const preview = await previewImport({ ctx: editor, input: { format: "json", text } });
    expect(preview.skipped.join()).toContain("only owners and admins");
    await applyImport({ ctx: editor, input: { format: "json", text } });
    const stored = await withTenant({ orgId: org.id }, (tx) => tx.organization.findUniqueOrThrow({ where: { id: org.id } }));
    expect(stored).toMatchObject({ overview: "", securityContactEmail: null });
  });

  it("cells a spreadsheet would run are neutralised on export and restored on import", async () => {
    const { ctx } = await createOrg();
    const dangerous = ["=HYPERLINK(\"https://evil.example\")", "+1+1", "-2+3", "@SUM(A1)"];
    const csv = ["ref,domain,title,description,status", ...dangerous.map((d, i) => `AC-0${i + 1},Access,"${d.replaceAll('"', '""')}","- a list\n- item",Implemented`)].join("\n");
    await applyImport({ ctx, input: { format: "controls-csv", text: csv } });
    const exported = controlsToCsv((await exportOrganization({ ctx })).controls);
    for (const value of dangerous) expect(exported).toContain(`'${value.replaceAll('"', '""')}`);
    const target = await createOrg();
    await applyImport({ ctx: target.ctx, input: { format: "controls-csv", text: exported } });
    const back = (await exportOrganization({ ctx: target.ctx })).controls;
    expect(back.map((c) => c.title)).toEqual(dangerous);
    expect(back[0]!.description).toBe("- a list\n- item");
  });
});
