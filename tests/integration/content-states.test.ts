import { describe, expect, it } from "vitest";
import { createItem, getItem, updateItem } from "@/modules/content/server/crud";
import { updateOrganizationSettings } from "@/modules/organizations/server/organizations";
import { publish } from "@/modules/publishing/server/publish";
import { trustDocument, trustPage } from "@/modules/publishing/server/surfaces";
import { exportOrganization } from "@/modules/transfer/server/export";
import { applyImport, previewImport } from "@/modules/transfer/server/import";
import { withTenant } from "@/server/db/tenant";
import type { OrgContext } from "@/server/gate";
import { createOrg } from "../support/factories";

/**
 * The content real pages need (issue 15): certification states beyond valid/expired, the page's
 * version and effective date, subprocessors behind a parent with their retention, and the notice
 * period shown near the list. Each is checked where a visitor sees it: the page and trust.json.
 */
const SUB = { purpose: "Email delivery", location: "EU", status: "ACTIVE", visibility: "PUBLIC" };

async function published(ctx: OrgContext, slug: string) {
  await publish({ ctx });
  const get = (path: string) => new Request(`http://localhost:3000/t/${slug}${path}`);
  const page = await (await trustPage(get(""), slug)).text();
  const json = (await (await trustDocument(get("/trust.json"), slug, null)).json()) as { publication: { view: Record<string, unknown> & { organization: Record<string, unknown>; frameworks: Record<string, unknown>[]; subprocessors: Record<string, unknown>[] } } };
  return { page, view: json.publication.view };
}

async function orgVersion(orgId: string) {
  return withTenant({ orgId }, async (tx) => (await tx.organization.findUniqueOrThrow({ where: { id: orgId }, select: { version: true } })).version);
}

describe("certification states (issue 15)", () => {
  it("in progress with a target, inherited from a provider, not pursued, last audit: each shown as itself on the page and in trust.json", async () => {
    const { ctx, org } = await createOrg(undefined, "States");
    await createItem({ ctx, kind: "frameworks", input: { name: "ISO 27001", status: "IN_PROGRESS", targetDate: "2027-08-15", visibility: "PUBLIC" } });
    await createItem({ ctx, kind: "frameworks", input: { name: "SOC 2 Type II", status: "INHERITED", inheritedFrom: "AWS <b>cloud</b>", lastAuditedAt: "2026-03-01", visibility: "PUBLIC" } });
    await createItem({ ctx, kind: "frameworks", input: { name: "PCI DSS", status: "NOT_PURSUED", visibility: "PUBLIC" } });
    const { page, view } = await published(ctx, org.slug);

    // The certifications table (the design's status looks: c-progress, c-inherited, c-notPursued).
    expect(page).toContain('<span class="badge b-c-progress">In progress, target <time datetime="2027-08-15">Q3 2027</time></span>');
    expect(page).toContain('<span class="badge b-c-inherited">Inherited from AWS &lt;b&gt;cloud&lt;/b&gt;</span>');
    expect(page).toContain('<span class="meta">last audit or review <time datetime="2026-03-01">1 March 2026</time></span>');
    expect(page).toContain('<span class="badge b-c-notPursued">Not pursued</span>');
    // The same states as badges above the fold.
    expect(page).toContain('<li class="cert c-progress"><span class="dot" aria-hidden="true"></span><span><strong>ISO 27001</strong> <span class="state">In progress, target <time datetime="2027-08-15">Q3 2027</time></span></span></li>');
    expect(page).toContain('<li class="cert c-inherited"><span class="dot" aria-hidden="true"></span><span><strong>SOC 2 Type II</strong> <span class="state">Inherited from AWS &lt;b&gt;cloud&lt;/b&gt;</span></span></li>');
    expect(page).not.toContain("<b>cloud</b>");
    // Inherited is never shown as not pursued (once in the hero, once in the table: PCI DSS only),
    // and a target is never a validity.
    expect(page.match(/Not pursued/g)).toHaveLength(2);
    expect(page).not.toContain("Expired");
    expect(page).not.toContain("valid until");

    expect(view.frameworks).toEqual([
      { name: "ISO 27001", status: "IN_PROGRESS", auditor: null, periodStart: null, periodEnd: null, reportUrl: null, note: "", targetDate: "2027-08-15" },
      { name: "SOC 2 Type II", status: "INHERITED", auditor: null, periodStart: null, periodEnd: null, reportUrl: null, note: "", inheritedFrom: "AWS <b>cloud</b>", lastAuditedAt: "2026-03-01" },
      { name: "PCI DSS", status: "NOT_PURSUED", auditor: null, periodStart: null, periodEnd: null, reportUrl: null, note: "" },
    ]);
  });

  it("inherited needs its provider; a provider without the inherited status is refused; nothing is stored", async () => {
    const { ctx } = await createOrg(undefined, "Inherit");
    await expect(createItem({ ctx, kind: "frameworks", input: { name: "SOC 2", status: "INHERITED" } })).rejects.toMatchObject({ issues: [{ path: ["inheritedFrom"], message: "An inherited certification names the provider that holds it." }] });
    await expect(createItem({ ctx, kind: "frameworks", input: { name: "SOC 2", status: "NOT_PURSUED", inheritedFrom: "AWS" } })).rejects.toMatchObject({ issues: [{ path: ["inheritedFrom"] }] });
    await expect(createItem({ ctx, kind: "frameworks", input: { name: "SOC 2", status: "IN_PROGRESS", targetDate: "next year" } })).rejects.toMatchObject({ issues: [{ path: ["targetDate"], message: "Target date must be a date (YYYY-MM-DD)." }] });
    expect(await withTenant({ orgId: ctx.org.id }, (tx) => tx.framework.count())).toBe(0);
  });
});

describe("the page's version and effective date (issue 15)", () => {
  it("set in settings, shown under the name and in trust.json; blank clears it", async () => {
    const { ctx, org } = await createOrg(undefined, "Versioned");
    await updateOrganizationSettings({ ctx, input: { name: "Versioned", pageVersion: "v1.4.2", pageEffectiveDate: "2026-04-01", version: await orgVersion(org.id) }, logo: { kind: "keep" } });
    let { page, view } = await published(ctx, org.slug);
    expect(page).toContain('<p class="meta version">v1.4.2, effective <time datetime="2026-04-01">1 April 2026</time></p>');
    expect(view.organization).toMatchObject({ pageVersion: "v1.4.2", pageEffectiveDate: "2026-04-01" });

    await updateOrganizationSettings({ ctx, input: { name: "Versioned", pageVersion: "", pageEffectiveDate: "", version: await orgVersion(org.id) }, logo: { kind: "keep" } });
    ({ page, view } = await published(ctx, org.slug));
    expect(page).not.toContain('class="meta version"');
    expect(Object.keys(view.organization).sort()).toEqual(["brandColor", "logo", "name", "overview", "securityContactEmail", "slug"]);
  });

  it("markup in the version and a malformed date are refused with the field named", async () => {
    const { ctx, org } = await createOrg(undefined, "BadVersion");
    const version = await orgVersion(org.id);
    await expect(updateOrganizationSettings({ ctx, input: { name: "BadVersion", pageVersion: "<script>x</script>", version }, logo: { kind: "keep" } })).rejects.toMatchObject({ issues: [{ path: ["pageVersion"] }] });
    await expect(updateOrganizationSettings({ ctx, input: { name: "BadVersion", pageEffectiveDate: "1 April", version }, logo: { kind: "keep" } })).rejects.toMatchObject({ issues: [{ path: ["pageEffectiveDate"] }] });
    await expect(updateOrganizationSettings({ ctx, input: { name: "BadVersion", pageVersion: "v".repeat(41), version }, logo: { kind: "keep" } })).rejects.toMatchObject({ issues: [{ path: ["pageVersion"] }] });
  });
});

describe("subprocessors behind a parent, retention and notice (issue 15)", () => {
  it("a router and the providers behind it are shown nested, with retention and the notice period", async () => {
    const { ctx, org } = await createOrg(undefined, "Nested");
    await updateOrganizationSettings({ ctx, input: { name: "Nested", subprocessorNoticeDays: 30, version: await orgVersion(org.id) }, logo: { kind: "keep" } });
    const router = await createItem({ ctx, kind: "subprocessors", input: { ...SUB, vendor: "Router & Co", effectiveDate: "2030-01-01" } });
    await createItem({ ctx, kind: "subprocessors", input: { ...SUB, vendor: "Mailer <i>", parent: "router & co", dataRetention: "30 days <script>", effectiveDate: "2030-01-01" } });
    const child = await getItem({ ctx, kind: "subprocessors", id: (await withTenant({ orgId: org.id }, (tx) => tx.subprocessor.findFirstOrThrow({ where: { vendor: "Mailer <i>" } }))).id });
    expect(child.parentId).toBe(router.id);

    const { page, view } = await published(ctx, org.slug);
    expect(page).toContain("We announce a new subprocessor, or a change to one, at least 30 days before it takes effect.");
    expect(page).toContain('<tr class="sub"><th scope="row"><span class="meta">Router &amp; Co ›</span> Mailer &lt;i&gt;</th>');
    expect(page).toContain('<br><span class="meta">Retention: 30 days &lt;script&gt;</span>');
    expect(page.indexOf("Router &amp; Co</th>")).toBeLessThan(page.indexOf("Mailer &lt;i&gt;</th>"));
    expect(view.organization).toMatchObject({ subprocessorNoticeDays: 30 });
    expect(view.subprocessors.map((s) => [s.vendor, s.parent, s.dataRetention])).toEqual([
      ["Router & Co", undefined, undefined],
      ["Mailer <i>", "Router & Co", "30 days <script>"],
    ]);
  });

  it("a parent that is not public is never named, on the page or in trust.json", async () => {
    const { ctx, org } = await createOrg(undefined, "Hidden");
    await createItem({ ctx, kind: "subprocessors", input: { ...SUB, vendor: "Secret Router", visibility: "PRIVATE" } });
    await createItem({ ctx, kind: "subprocessors", input: { ...SUB, vendor: "Mailer", parent: "Secret Router" } });
    const { page, view } = await published(ctx, org.slug);
    expect(page).not.toContain("Secret Router");
    expect(JSON.stringify(view)).not.toContain("Secret Router");
    expect(page).not.toContain("We announce a new subprocessor");
  });

  it("another organisation's subprocessor cannot be a parent: not by name, not by id", async () => {
    const a = await createOrg(undefined, "ParentA");
    const b = await createOrg(undefined, "ParentB");
    const theirs = await createItem({ ctx: b.ctx, kind: "subprocessors", input: { ...SUB, vendor: "B Router" } });
    await expect(createItem({ ctx: a.ctx, kind: "subprocessors", input: { ...SUB, vendor: "Mailer", parent: "B Router" } })).rejects.toMatchObject({
      code: "validation",
      details: { fieldErrors: { parent: ["Parent: no subprocessor named “B Router” in this organisation."] } },
    });
    const ours = await createItem({ ctx: a.ctx, kind: "subprocessors", input: { ...SUB, vendor: "Mailer" } });
    // Even a writer that skipped the lookup: the key carries orgId, and B's row is invisible to A.
    await expect(withTenant({ orgId: a.org.id }, (tx) => tx.subprocessor.updateMany({ where: { id: ours.id }, data: { parentId: theirs.id } }))).rejects.toThrow();
    expect(await withTenant({ orgId: a.org.id }, (tx) => tx.subprocessor.count())).toBe(1);
  });

  it("a cycle is refused: itself, or through another", async () => {
    const { ctx } = await createOrg(undefined, "Cycle");
    const top = await createItem({ ctx, kind: "subprocessors", input: { ...SUB, vendor: "Top" } });
    const mid = await createItem({ ctx, kind: "subprocessors", input: { ...SUB, vendor: "Mid", parent: "Top" } });
    await createItem({ ctx, kind: "subprocessors", input: { ...SUB, vendor: "Leaf", parent: "Mid" } });
    const refused = { code: "validation", details: { fieldErrors: { parent: ["Parent: a subprocessor cannot sit behind itself, directly or through another."] } } };
    await expect(updateItem({ ctx, kind: "subprocessors", id: top.id, input: { ...SUB, vendor: "Top", parent: "Top", version: 1 } })).rejects.toMatchObject(refused);
    await expect(updateItem({ ctx, kind: "subprocessors", id: top.id, input: { ...SUB, vendor: "Top", parent: "Leaf", version: 1 } })).rejects.toMatchObject(refused);
    const after = await withTenant({ orgId: ctx.org.id }, (tx) => tx.subprocessor.findMany({ orderBy: { position: "asc" }, select: { vendor: true, parentId: true, version: true } }));
    expect(after).toEqual([
      { vendor: "Top", parentId: null, version: 1 },
      { vendor: "Mid", parentId: top.id, version: 1 },
      { vendor: "Leaf", parentId: mid.id, version: 1 },
    ]);
  });

  it("export then import into another organisation: the same parents, retention and certification states, and a second import changes nothing", async () => {
    const from = await createOrg(undefined, "TripFrom");
    await createItem({ ctx: from.ctx, kind: "subprocessors", input: { ...SUB, vendor: "Provider", dataRetention: "90 days" } });
    await createItem({ ctx: from.ctx, kind: "subprocessors", input: { ...SUB, vendor: "Router" } });
    // Provider sits behind Router, which comes after it in the file.
    const provider = await withTenant({ orgId: from.org.id }, (tx) => tx.subprocessor.findFirstOrThrow({ where: { vendor: "Provider" } }));
    await updateItem({ ctx: from.ctx, kind: "subprocessors", id: provider.id, input: { ...SUB, vendor: "Provider", dataRetention: "90 days", parent: "Router", version: 1 } });
    await createItem({ ctx: from.ctx, kind: "frameworks", input: { name: "SOC 2", status: "INHERITED", inheritedFrom: "AWS", lastAuditedAt: "2026-02-02" } });
    await createItem({ ctx: from.ctx, kind: "frameworks", input: { name: "ISO 27001", status: "IN_PROGRESS", targetDate: "2027-09-30" } });
    const bundle = await exportOrganization({ ctx: from.ctx });
    expect(bundle.subprocessors.map((s) => [s.vendor, s.parent, s.dataRetention])).toEqual([
      ["Provider", "Router", "90 days"],
      ["Router", undefined, ""],
    ]);

    const to = await createOrg(undefined, "TripTo");
    const text = JSON.stringify(bundle);
    const applied = await applyImport({ ctx: to.ctx, input: { format: "json", text }, strict: true });
    expect(applied.problems).toEqual([]);
    const back = await exportOrganization({ ctx: to.ctx });
    expect(back.subprocessors).toEqual(bundle.subprocessors);
    expect(back.frameworks).toEqual(bundle.frameworks);
    const again = await previewImport({ ctx: to.ctx, input: { format: "json", text } });
    expect(again.counts.subprocessors).toEqual({ create: 0, update: 0, unchanged: 2, rejected: 0 });
    expect(again.counts.frameworks).toEqual({ create: 0, update: 0, unchanged: 2, rejected: 0 });
  });
});
