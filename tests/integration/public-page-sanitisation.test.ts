import { XMLParser, XMLValidator } from "fast-xml-parser";
import { beforeAll, describe, expect, it } from "vitest";
import { createDocument } from "@/modules/documents/server/documents";
import { updateOrganizationSettings } from "@/modules/organizations/server/organizations";
import { latestPublication } from "@/modules/publishing/server/public";
import { publish } from "@/modules/publishing/server/publish";
import { changelog, feed, trustPage, verifyPage } from "@/modules/publishing/server/surfaces";
import { applyImport } from "@/modules/transfer/server/import";
import { withTenant } from "@/server/db/tenant";
import { createOrg } from "../support/factories";
import { attribute, elements, parseHtml, textOf, type Element } from "../support/html";
import { LINE_PAYLOAD, MARKDOWN_PAYLOAD } from "../support/xss-payloads";

/**
 * The public surfaces render tenant text; a hostile editor (or an imported file) controls all of
 * it. Every text field of the public view gets the payload corpus, tagged with a marker naming the
 * field; the organisation is published; then the HTML each surface serves from that publication
 * is parsed the way a browser parses it, and nothing executable may be in it: no script but the
 * page's own JSON-LD (which must still parse), no event-handler attribute, no script URL, no
 * frame, object, base, SVG or MathML, no style outside the page's own. Each field's marker must be
 * on the page, so a field that is not rendered cannot pass unseen.
 */
const MARKED = new Set<string>();
const mark = (field: string) => {
  MARKED.add(field);
  return `⟦${field}⟧`;
};
const line = (field: string, max = 200) => `${mark(field)} ${LINE_PAYLOAD}`.slice(0, max);
/** For fields of at most 40 characters: a shorter payload first, then the marker. */
const short = (field: string) => `<svg/onload=__xss()> ${mark(field)}`;
const md = (field: string) => `${mark(field)}\n\n${MARKDOWN_PAYLOAD}`;
/** A well-formed https URL that tries to break out of its attribute. */
const url = (field: string) => `https://evil.example/${encodeURIComponent(mark(field))}/"><svg/onload=window.__xss=1>`;

const bundle = {
  format: "candor.export.v1",
  organization: { name: "ignored on import", overview: md("organization.overview") },
  controls: [
    {
      ref: "XSS-01",
      domain: line("controls.domain", 80),
      title: line("controls.title"),
      description: md("controls.description"),
      status: "IMPLEMENTED",
      visibility: "PUBLIC",
      evidence: [{ label: line("evidence.label"), kind: "CODE", target: line("evidence.target", 1000), visibility: "PUBLIC" }],
    },
  ],
  frameworks: [
    { name: line("frameworks.name", 120), status: "PLANNED", auditor: line("frameworks.auditor", 120), reportUrl: url("frameworks.reportUrl"), note: md("frameworks.note"), targetDate: "2027-09-30", visibility: "PUBLIC" },
    // Issue 15: a certification held by a provider, named by the organisation.
    { name: line("frameworks.inherited.name", 120), status: "INHERITED", inheritedFrom: line("frameworks.inheritedFrom", 120), lastAuditedAt: "2026-03-01", visibility: "PUBLIC" },
  ],
  subprocessors: [
    {
      vendor: line("subprocessors.vendor", 120),
      website: url("subprocessors.website"),
      purpose: line("subprocessors.purpose", 300),
      dataCategories: line("subprocessors.dataCategories", 500),
      location: line("subprocessors.location", 120),
      transferMechanism: line("subprocessors.transferMechanism", 120),
      dataRetention: line("subprocessors.dataRetention", 500),
      status: "ACTIVE",
      visibility: "PUBLIC",
    },
    // Issue 15: a provider behind the first (its `parent` is the first's hostile vendor name).
    { vendor: line("subprocessors.child.vendor", 120), parent: line("subprocessors.vendor", 120), purpose: line("subprocessors.purpose", 300), location: line("subprocessors.location", 120), status: "ACTIVE", visibility: "PUBLIC" },
  ],
  disclosure: {
    policy: md("disclosure.policy"),
    contacts: ["mailto:security@example.com", url("disclosure.contacts")],
    encryptionUrl: url("disclosure.encryptionUrl"),
    acknowledgmentsUrl: url("disclosure.acknowledgmentsUrl"),
    preferredLanguages: "en",
    responseTime: line("disclosure.responseTime", 120),
    safeHarbor: md("disclosure.safeHarbor"),
    bugBounty: true,
    bugBountyUrl: url("disclosure.bugBountyUrl"),
  },
  faqs: [{ question: line("faqs.question", 300), answer: md("faqs.answer"), visibility: "PUBLIC" }],
  updates: [{ title: line("updates.title"), body: md("updates.body"), category: "SECURITY", publishedAt: "2026-11-01", visibility: "PUBLIC" }],
  sections: [{ title: line("sections.title"), body: md("sections.body"), visibility: "PUBLIC" }],
  reviews: [
    {
      title: line("reviews.title"),
      reviewedAt: "2026-10-01",
      template: short("reviews.template"),
      summary: md("reviews.summary"),
      visibility: "PUBLIC",
      items: [
        {
          area: line("reviewItems.area", 120),
          ref: short("reviewItems.ref"),
          question: line("reviewItems.question", 1000),
          result: "FAIL",
          evidence: md("reviewItems.evidence"),
          finding: md("reviewItems.finding"),
          resolution: "REMEDIATED",
          remediationUrl: url("reviewItems.remediationUrl"),
        },
        // The rationale is shown for an accepted risk.
        { area: line("reviewItems.area2", 120), question: line("reviewItems.question2", 1000), result: "PARTIAL", resolution: "ACCEPTED", rationale: md("reviewItems.rationale") },
      ],
    },
  ],
};

/** String fields of the public view that cannot carry free text (their schema says so), reviewed. */
const NOT_FREE_TEXT = new Set([
  "organization.slug", // [a-z0-9-]
  "organization.brandColor", // #rrggbb
  "organization.securityContactEmail", // an email address
  "organization.logo.sha256",
  "organization.logo.mimeType", // sniffed from the bytes
  "controls.domains[].controls[].ref", // [A-Za-z0-9._-]
  "controls.domains[].controls[].status", // the enums below: one of a fixed set
  "controls.domains[].controls[].evidence[].kind",
  "frameworks[].status",
  "subprocessors[].status",
  "documents[].access",
  "updates[].category",
  "updates[].id", // a uuid the database made (the feed's entry id)
  "reviews[].items[].result",
  "reviews[].items[].resolution",
  "controls.domains[].controls[].lastReviewedAt",
  "controls.domains[].controls[].reviewDueOn", // an ISO date, computed
  "disclosure.responseWithin", // a whole number (1–999)
  "disclosure.responseUnit", // HOURS, BUSINESS_DAYS or DAYS
  "frameworks[].periodStart",
  "frameworks[].periodEnd",
  "frameworks[].targetDate", // issue 15: ISO dates
  "frameworks[].lastAuditedAt",
  "organization.pageVersion", // letters, digits, dots, hyphens (the settings schema)
  "organization.pageEffectiveDate", // an ISO date
  "subprocessors[].since",
  "subprocessors[].effectiveDate",
  "subprocessors[].removedAt",
  "documents[].id",
  "documents[].version.effectiveDate",
  "documents[].version.file.mimeType", // sniffed from the bytes
  "documents[].version.file.sha256",
  "updates[].publishedAt",
  "reviews[].reviewedAt",
  "disclosure.preferredLanguages", // language codes
  "disclosure.expiresAt",
]);

const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");
const PDF = new TextEncoder().encode("%PDF-1.7\n% hostile\n%%EOF\n");
let slug: string;
let view: unknown;
const pages: Record<string, string> = {};

beforeAll(async () => {
  const { ctx, org } = await createOrg(undefined, "Hostile");
  slug = org.slug;
  const imported = await applyImport({ ctx, input: { format: "json", text: JSON.stringify(bundle) }, strict: true });
  expect(imported.problems).toEqual([]);
  await createDocument({
    ctx,
    input: { title: line("documents.title"), description: md("documents.description"), category: line("documents.category", 80), label: line("documents.version.label", 80), visibility: "PUBLIC" },
    file: { name: `${mark("documents.version.file.name")} "><img src=x onerror=window.__xss=1>.pdf`, bytes: PDF },
  });
  const { version } = await withTenant({ orgId: org.id }, (tx) => tx.organization.findUniqueOrThrow({ where: { id: org.id }, select: { version: true } }));
  await updateOrganizationSettings({ ctx, input: { name: line("organization.name", 100), overview: md("organization.overview"), pageVersion: "v1.4.2", pageEffectiveDate: "2026-04-01", version }, logo: { kind: "replace", bytes: PNG } });
  await publish({ ctx });
  view = (await latestPublication(slug))!.document.view;
  const get = (path: string) => new Request(`http://localhost:3000/t/${slug}${path}`);
  pages["trust page"] = await (await trustPage(get(""), slug)).text();
  pages["verify page"] = await (await verifyPage(get("/verify"), slug)).text();
  // A second publication, so the changelog has hostile text to describe.
  await applyImport({ ctx, input: { format: "json", text: JSON.stringify({ ...bundle, faqs: [{ question: line("changelog.question", 300), answer: md("changelog.answer"), visibility: "PUBLIC" }] }) }, strict: true });
  await publish({ ctx });
  pages.changelog = await (await changelog(get("/changelog"), slug)).text();
  pages.feed = await (await feed(get("/feed.xml"), slug)).text();
}, 60_000);

/** Every string (and null) in `value` with its path, array indices written as []. */
function stringPaths(value: unknown, at = ""): [string, string][] {
  if (typeof value === "string") return [[at, value]];
  if (value === null) return [[at, ""]];
  if (Array.isArray(value)) return value.flatMap((item) => stringPaths(item, `${at}[]`));
  if (value && typeof value === "object") return Object.entries(value).flatMap(([key, item]) => stringPaths(item, at ? `${at}.${key}` : key));
  return [];
}

const SCRIPT_URL = /^(javascript|data|vbscript):/i;
const URL_ATTRIBUTES = new Set(["href", "src", "action", "formaction", "xlink:href", "poster", "background", "data", "codebase", "cite", "srcset", "ping"]);
const NEVER = new Set(["iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal", "svg", "math", "template", "noscript", "textarea", "xmp", "plaintext"]);

/** Whatever in this document a browser could run, or that could change how the rest is read. */
function liveMarkup(document: ReturnType<typeof parseHtml>): string[] {
  const found: string[] = [];
  for (const element of elements(document)) {
    const where = (e: Element) => `<${e.tagName}>`;
    if (NEVER.has(element.tagName)) found.push(where(element));
    if (element.tagName === "script") {
      if (attribute(element, "type") !== "application/ld+json") found.push(`${where(element)} of type ${attribute(element, "type")}`);
      else {
        try {
          JSON.parse(textOf(element));
        } catch {
          found.push("a JSON-LD script that no longer parses (something broke out of it)");
        }
      }
    }
    if ((element.tagName === "style" || element.tagName === "link" || element.tagName === "meta") && element.parentNode?.nodeName !== "head") found.push(`${where(element)} outside <head>`);
    if (element.tagName === "meta" && attribute(element, "http-equiv")) found.push(`<meta http-equiv=${attribute(element, "http-equiv")}>`);
    for (const { name, value } of element.attrs) {
      if (/^on/i.test(name)) found.push(`${where(element)} ${name}=`);
      // Browsers ignore ASCII whitespace and control characters before and inside a scheme.
      if (URL_ATTRIBUTES.has(name) && SCRIPT_URL.test(value.replace(/[\u0000-\u0020]/g, ""))) found.push(`${where(element)} ${name}=${value}`);
      if (name === "style" && /javascript:|expression\(|url\(/i.test(value)) found.push(`${where(element)} style=${value}`);
    }
  }
  return found;
}

describe("hostile text on the public surfaces", () => {
  it("every free-text field of the public view carries a payload (so the pages below are tested with all of them)", () => {
    const all = stringPaths(view);
    const carried = new Set(all.filter(([, value]) => value.includes("__xss")).map(([path]) => path));
    const plain = [...new Set(all.map(([path]) => path))].filter((path) => !NOT_FREE_TEXT.has(path) && !carried.has(path));
    expect(plain, "a new text field: give it a payload in the bundle, or add it to NOT_FREE_TEXT with the reason").toEqual([]);
    const paths = new Set(stringPaths(view).map(([path]) => path));
    expect([...NOT_FREE_TEXT].filter((path) => !paths.has(path)), "NOT_FREE_TEXT names fields the view does not have").toEqual([]);
  });

  it.each(["trust page", "verify page", "changelog"])("the %s has no executable markup", (name) => {
    const html = pages[name]!;
    expect(html).toContain("__xss"); // the payloads are there, as text
    expect(liveMarkup(parseHtml(html))).toEqual([]);
  });

  it("every field's text reaches the trust page, as text or inside a (harmless) attribute", () => {
    const document = parseHtml(pages["trust page"]!);
    const decode = (value: string) => {
      try {
        return decodeURIComponent(value);
      } catch {
        return value;
      }
    };
    const shown = [textOf(document), ...elements(document).flatMap((e) => e.attrs.map((a) => decode(a.value)))].join("\n");
    const missing = [...MARKED].filter((field) => !field.startsWith("changelog.") && !shown.includes(`⟦${field}⟧`));
    expect(MARKED.size).toBeGreaterThan(40);
    expect(missing).toEqual([]);
  });

  it("the Atom feed stays well-formed XML, and the HTML it carries has no executable markup (issue 16)", () => {
    const xml = pages.feed!;
    expect(XMLValidator.validate(xml)).toBe(true);
    type Typed = { "#text": string; "@_type": string };
    const entries = (new XMLParser({ ignoreAttributes: false, isArray: (name) => name === "entry" }).parse(xml) as { feed: { entry: { title: string; summary: Typed; content: Typed }[] } }).feed.entry;
    const update = entries.find((e) => String(e.title).includes(mark("updates.title")))!;
    expect(update).toBeDefined();
    expect(update.content["@_type"]).toBe("html");
    const content = parseHtml(`<!doctype html><body>${update.content["#text"]}`);
    expect(textOf(content)).toContain(mark("updates.body"));
    expect(update.summary["#text"]).toContain(mark("updates.body"));
    for (const entry of entries) expect(liveMarkup(parseHtml(`<!doctype html><body>${entry.content["#text"]}`)), entry.title).toEqual([]);
  });

  it("the changelog shows the changed hostile text, as text", () => {
    expect(textOf(parseHtml(pages.changelog!))).toContain(mark("changelog.question"));
  });
});
