import { describe, expect, it } from "vitest";
import { createItem, getItem } from "@/modules/content/server/crud";
import { createControl, getControl, updateControl } from "@/modules/controls/server/controls";
import { publish } from "@/modules/publishing/server/publish";
import { trustDocument, trustPage } from "@/modules/publishing/server/surfaces";
import { exportOrganization } from "@/modules/transfer/server/export";
import { applyImport, previewImport } from "@/modules/transfer/server/import";
import type { OrgContext } from "@/server/gate";
import { createOrg } from "../support/factories";
import { XSS_PAYLOADS } from "../support/xss-payloads";

/**
 * The design's two new pieces of content (issue 15, migration 20261205010000_control_icon): a
 * control's icon from the built-in set, and a section marked as comparing options. Each from the
 * form's writer to what a visitor sees (the page, trust.json), through export and import, and
 * refused when it is not one of ours.
 */
const CONTROL = { ref: "AC-01", area: "Access", title: "Single sign-on", status: "IMPLEMENTED", visibility: "PUBLIC" };
const TABLE = "| Plan | Hosting |\n|---|---|\n| Cloud | EU |";

async function published(ctx: OrgContext, slug: string) {
  await publish({ ctx });
  const get = (path: string) => new Request(`http://localhost:3000/t/${slug}${path}`);
  const page = await (await trustPage(get(""), slug)).text();
  const json = (await (await trustDocument(get("/trust.json"), slug, null)).json()) as { publication: { view: { controls: { domains: { controls: Record<string, unknown>[] }[] }; sections: Record<string, unknown>[] } } };
  return { page, view: json.publication.view };
}

describe("a control's icon", () => {
  it("chosen in the form: on the public card and in trust.json; cleared by saving without one", async () => {
    const { ctx, org } = await createOrg(undefined, "Icons");
    const control = await createControl({ ctx, input: { ...CONTROL, icon: "key" } });
    let { page, view } = await published(ctx, org.slug);
    expect(page).toContain('<div class="card-head"><svg class="icon" aria-hidden="true" focusable="false"><use href="#i-key"/></svg><h4><span class="ref">AC-01</span> Single sign-on</h4></div>');
    expect(page).toContain('<symbol id="i-key" viewBox="0 0 24 24">');
    expect(view.controls.domains[0]!.controls[0]!.icon).toBe("key");

    await updateControl({ ctx, id: control!.id, input: { ...CONTROL, icon: "", version: 1 } });
    expect((await getControl({ ctx, id: control!.id })).icon).toBeNull();
    ({ page, view } = await published(ctx, org.slug));
    expect(page).not.toContain('class="icon"');
    expect(page).not.toContain("<symbol");
    // Absent, not null: publications without icons read as they did before.
    expect(view.controls.domains[0]!.controls[0]).not.toHaveProperty("icon");
  });

  it.each<[string]>([["not-an-icon"], ["KEY"], ...XSS_PAYLOADS.slice(0, 4).map((p): [string] => [p])])("%s is refused with the field named, and nothing is stored", async (icon) => {
    const { ctx } = await createOrg(undefined, "BadIcon");
    await expect(createControl({ ctx, input: { ...CONTROL, icon } })).rejects.toMatchObject({ issues: [expect.objectContaining({ path: ["icon"], message: "Choose an icon from the list." })] });
    expect((await exportOrganization({ ctx })).controls).toEqual([]);
  });

  it("export then import into another organisation keeps it, and a second import changes nothing", async () => {
    const from = await createOrg(undefined, "IconFrom");
    await createControl({ ctx: from.ctx, input: { ...CONTROL, icon: "shield" } });
    await createItem({ ctx: from.ctx, kind: "sections", input: { title: "Plans", body: TABLE, comparison: "true" } });
    const bundle = await exportOrganization({ ctx: from.ctx });
    expect(bundle.controls[0]).toMatchObject({ ref: "AC-01", icon: "shield" });
    expect(bundle.sections[0]).toMatchObject({ title: "Plans", comparison: true });

    const to = await createOrg(undefined, "IconTo");
    const text = JSON.stringify(bundle);
    expect((await applyImport({ ctx: to.ctx, input: { format: "json", text }, strict: true })).problems).toEqual([]);
    const back = await exportOrganization({ ctx: to.ctx });
    expect(back.controls).toEqual(bundle.controls);
    expect(back.sections).toEqual(bundle.sections);
    const again = await previewImport({ ctx: to.ctx, input: { format: "json", text } });
    expect(again.counts.controls).toEqual({ create: 0, update: 0, unchanged: 1, rejected: 0 });
    expect(again.counts.sections).toEqual({ create: 0, update: 0, unchanged: 1, rejected: 0 });
  });

  it("a CSV import, which has no icon column, leaves a control's icon as it was", async () => {
    const { ctx } = await createOrg(undefined, "IconCsv");
    const control = await createControl({ ctx, input: { ...CONTROL, icon: "lock" } });
    const csv = "ref,domain,title,status\nAC-01,Access,Single sign-on (renamed),IMPLEMENTED\n";
    expect((await applyImport({ ctx, input: { format: "controls-csv", text: csv }, strict: true })).problems).toEqual([]);
    const after = await getControl({ ctx, id: control!.id });
    expect([after.title, after.icon]).toEqual(["Single sign-on (renamed)", "lock"]);
  });
});

describe("a section that compares options", () => {
  it("marked: its table cells carry their column's name for the phone's cards; unmarked: unchanged, and trust.json says so only when set", async () => {
    const { ctx, org } = await createOrg(undefined, "Compare");
    const marked = await createItem({ ctx, kind: "sections", input: { title: "Plans <i>compared</i>", body: TABLE, comparison: "true" } });
    await createItem({ ctx, kind: "sections", input: { title: "Plain", body: TABLE } });
    expect((await getItem({ ctx, kind: "sections", id: marked.id })).comparison).toBe(true);
    const { page, view } = await published(ctx, org.slug);
    expect(page).toContain('<section aria-labelledby="section-0" class="compare"><h2 id="section-0">Plans &lt;i&gt;compared&lt;/i&gt;</h2>');
    expect(page).toContain('<td data-label="Plan">Cloud</td>\n<td data-label="Hosting">EU</td>');
    expect(page).toContain('<section aria-labelledby="section-1"><h2 id="section-1">Plain</h2>');
    expect(page).toContain("<td>Cloud</td>\n<td>EU</td>");
    expect(view.sections).toEqual([
      { title: "Plans <i>compared</i>", body: TABLE, comparison: true },
      { title: "Plain", body: TABLE },
    ]);
  });

  it("a column heading with markup is only text in the label", async () => {
    const { ctx, org } = await createOrg(undefined, "CompareXss");
    await createItem({ ctx, kind: "sections", input: { title: "X", body: '| <img src=x onerror=alert(1)> "quoted" | B |\n|---|---|\n| 1 | 2 |', comparison: "true" } });
    const { page } = await published(ctx, org.slug);
    expect(page).toContain('<td data-label="&#x22;quoted&#x22;">1</td>');
    expect(page).not.toContain("onerror");
  });

  it("anything but yes or no is refused with the field named", async () => {
    const { ctx } = await createOrg(undefined, "CompareBad");
    await expect(createItem({ ctx, kind: "sections", input: { title: "X", body: "Y", comparison: "maybe" } })).rejects.toMatchObject({ issues: [expect.objectContaining({ path: ["comparison"] })] });
  });
});
