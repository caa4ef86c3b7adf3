import { readFileSync } from "node:fs";
import path from "node:path";
import { XMLParser } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as accessGet } from "@/app/t/[slug]/access/route";
import { updateItem } from "@/modules/content/server/crud";
import { publish } from "@/modules/publishing/server/publish";
import { applyImport } from "@/modules/transfer/server/import";
import { withTenant } from "@/server/db/tenant";
import { createOrg } from "../support/factories";
import { startFrontServer } from "../support/front-server";
import { attribute, elements, parseHtml, textOf } from "../support/html";
import { parseSecurityTxt, SecurityTxtError, valuesOf } from "../support/security-txt";

/**
 * The machine-readable and public surfaces of the demo organisation, read as their readers read
 * them (issue 16): the Atom feed by an XML parser, its embedded HTML by an HTML parser, the
 * JSON-LD by JSON.parse, security.txt by a parser written from RFC 9116's grammar, the page's
 * heading outline by parse5. Each on /t/{slug} on the app host and at the root of the tenant's
 * own host, through the production server's front.
 */
const DEMO = readFileSync(path.resolve("prisma/demo-dataset.json"), "utf8");
let front: Awaited<ReturnType<typeof startFrontServer>>;
let made: Awaited<ReturnType<typeof createOrg>>;
let slug: string;
const APP = "localhost:3000";
const tenantHost = () => `${slug}.localhost:3000`;

beforeAll(async () => {
  made = await createOrg(undefined, "Surfaces");
  slug = made.org.slug;
  await applyImport({ ctx: made.ctx, input: { format: "json", text: DEMO }, strict: true });
  await publish({ ctx: made.ctx });
  front = await startFrontServer();
}, 120_000);
afterAll(async () => {
  await front?.close();
});

async function get(pathname: string, host: string) {
  const response = await front.request(pathname, { headers: { Host: host } });
  return { status: response.status, headers: response.headers, body: response.body.toString("utf8") };
}
/** The same surface on both hosts: /t/{slug}{path} on the app host, {path} on the tenant host. */
const both = (surface: string) => [
  { label: "app host", pathname: `/t/${slug}${surface}`, host: APP },
  { label: "tenant host", pathname: surface || "/", host: tenantHost() },
];

type Typed = { "#text": string; "@_type": string };
type Entry = { id: string; title: string; summary: Typed; content: Typed };
function feedEntries(xml: string): Entry[] {
  const parsed = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === "entry" }).parse(xml) as { feed: { entry: Entry[] } };
  return parsed.feed.entry;
}

describe("the Atom feed", () => {
  it("carries each update as rendered, sanitised HTML (type=html) with a plain-text summary, on both hosts", async () => {
    for (const at of both("/feed.xml")) {
      const response = await get(at.pathname, at.host);
      expect(response.status, at.label).toBe(200);
      const entry = feedEntries(response.body).find((e) => e.title === "Subprocessor changes: Tracewise removed, Helpwell planned")!;
      expect(entry, at.label).toBeDefined();
      const content = entry.content;
      expect(content["@_type"]).toBe("html");
      expect(entry.summary["@_type"]).toBe("text");
      const fragment = parseHtml(`<!doctype html><body>${content["#text"]}`);
      expect(elements(fragment).filter((e) => e.tagName === "strong").map(textOf)).toEqual(["Tracewise", "2027-01-04", "Helpwell"]);
      expect(elements(fragment).some((e) => e.tagName === "script")).toBe(false);
      expect(textOf(fragment)).not.toContain("**");
      expect(entry.summary["#text"]).toBe(
        "We stopped using Tracewise for error monitoring on 2026-10-30; errors are now collected on our own EU infrastructure. From 2027-01-04 we plan to use Helpwell (EU) for support tickets. If you object to this change, reply to the notice email or write to security@demo.test before that date.",
      );
      const backticks = feedEntries(response.body).find((e) => e.title === "2026-Q3 security review published")!;
      expect(backticks.summary["#text"]).toContain("a CSP without base-uri.");
      expect(backticks.summary["#text"]).not.toContain("`");
    }
  });

  it("gives each entry an id that is the same on every host and survives editing the title", async () => {
    const ids = async (host: { pathname: string; host: string }) => feedEntries((await get(host.pathname, host.host)).body).map((e) => ({ title: e.title, id: e.id }));
    const [app, tenant] = (await Promise.all(both("/feed.xml").map(ids))) as [Awaited<ReturnType<typeof ids>>, Awaited<ReturnType<typeof ids>>];
    expect(tenant.map((e) => e.id)).toEqual(app.map((e) => e.id));
    const before = app.find((e) => e.title === "A new home for our trust information")!;
    const update = await withTenant({ orgId: made.org.id }, (tx) => tx.update.findFirstOrThrow({ where: { orgId: made.org.id, title: "A new home for our trust information" } }));
    expect(before.id).toBe(`tag:candor,2026:${made.org.id}/update/${update.id}`);
    await updateItem({ ctx: made.ctx, kind: "updates", id: update.id, input: { title: "A new home for our trust information (edited)", body: update.body, category: update.category, publishedAt: "2026-06-15", visibility: "PUBLIC", version: update.version } });
    await publish({ ctx: made.ctx });
    const after = (await ids(both("/feed.xml")[0]!)).find((e) => e.title === "A new home for our trust information (edited)")!;
    expect(after.id).toBe(before.id);
    // The publications' own entries are named by sequence number, on every host alike.
    expect(app.filter((e) => e.id.includes("/publication/")).map((e) => e.id)).toEqual([`tag:candor,2026:${made.org.id}/publication/1`]);
  });
});

describe("the page's head and structured data", () => {
  it("links the Atom feed and trust.json for autodiscovery, on the page, the changelog, the verify page and the access page, on both hosts", async () => {
    // The access page is Next's (the fast path leaves it): its route handler, as the proxy calls it.
    const access = async (host: string) => {
      const request = new Request(host === APP ? `http://${APP}/t/${slug}/access` : `http://${host}/t/${slug}/access`, { headers: host === APP ? {} : { "x-candor-site": host.replace(/:\d+$/, "") } });
      const response = await accessGet(request, { params: Promise.resolve({ slug }) });
      return { status: response.status, body: await response.text() };
    };
    for (const surface of ["", "/changelog", "/verify", "/access"]) {
      for (const at of both(surface)) {
        const response = surface === "/access" ? await access(at.host) : await get(at.pathname, at.host);
        expect(response.status, `${at.label} ${surface}`).toBe(200);
        const document = parseHtml(response.body);
        const head = elements(document).find((e) => e.tagName === "head")!;
        const alternates = elements(head)
          // Feeds for autodiscovery; the language alternates (hreflang, ADR 038) are tested in public-languages.test.ts.
          .filter((e) => e.tagName === "link" && attribute(e, "rel") === "alternate" && !attribute(e, "hreflang"))
          .map((e) => `${attribute(e, "type")} ${attribute(e, "href")}`);
        const base = at.host === APP ? `/t/${slug}` : "";
        expect(alternates, `${at.label} ${surface}`).toEqual([`application/atom+xml ${base}/feed.xml`, `application/json ${base}/trust.json`]);
      }
    }
  });

  it("gives search engines plain text in the FAQ's JSON-LD: no Markdown left", async () => {
    const document = parseHtml((await get(`/t/${slug}`, APP)).body);
    const script = elements(document).find((e) => e.tagName === "script" && attribute(e, "type") === "application/ld+json")!;
    const graph = (JSON.parse(textOf(script)) as { "@graph": { "@type": string; mainEntity?: { acceptedAnswer: { text: string } }[] }[] })["@graph"];
    const answers = graph.find((node) => node["@type"] === "FAQPage")!.mainEntity!.map((q) => q.acceptedAnswer.text);
    const demoFaqs = (JSON.parse(DEMO) as { faqs: { answer: string }[] }).faqs;
    expect(answers).toHaveLength(demoFaqs.length);
    expect(answers.some((a) => a.includes("listed under Frameworks"))).toBe(true);
    for (const answer of answers) {
      expect(answer).not.toMatch(/\*\*|`|\[[^\]]*\]\([^)]*\)|^#+ /m);
      expect(answer).not.toMatch(/<[a-z]/i);
    }
  });
});

describe("security.txt", () => {
  it("the parser written from RFC 9116 rejects what the grammar rejects", () => {
    const good = "Contact: mailto:security@example.com\nExpires: 2027-01-01T00:00:00Z\n";
    expect(valuesOf(parseSecurityTxt(good), "Contact")).toEqual(["mailto:security@example.com"]);
    expect(valuesOf(parseSecurityTxt("# a comment\r\nexpires: 2027-01-01T00:00:00Z\r\n\r\nCONTACT: https://example.com/report\r\n"), "Contact")).toEqual(["https://example.com/report"]);
    expect(() => parseSecurityTxt(good.trimEnd())).toThrow(SecurityTxtError);
    expect(() => parseSecurityTxt(`${good}Expires: 2027-02-01T00:00:00Z\n`)).toThrow(/exactly once/);
    expect(() => parseSecurityTxt("Expires: 2027-01-01T00:00:00Z\n")).toThrow(/Contact/);
    expect(() => parseSecurityTxt("Contact: mailto:a@example.com\nExpires: 2027-01-01\n")).toThrow(/RFC 3339/);
    expect(() => parseSecurityTxt(`${good}Contact:mailto:b@example.com\n`)).toThrow(/neither a field/);
    expect(() => parseSecurityTxt(`${good}Preferred-Languages: en\nPreferred-Languages: de\n`)).toThrow(/at most once/);
  });

  it("parses under RFC 9116's grammar on both hosts, with its Canonical naming where it was fetched", async () => {
    for (const at of both("/.well-known/security.txt")) {
      const response = await get(at.pathname, at.host);
      expect(response.status, at.label).toBe(200);
      expect(response.body.endsWith("\n")).toBe(true);
      const parsed = parseSecurityTxt(response.body);
      expect(valuesOf(parsed, "Contact")).toEqual(["mailto:security@demo.test"]);
      expect(valuesOf(parsed, "Expires")).toEqual(["2027-10-31T00:00:00Z"]);
      expect(valuesOf(parsed, "Preferred-Languages")).toEqual(["en"]);
      expect(valuesOf(parsed, "Canonical")).toEqual([`http://${at.host}${at.pathname}`]);
    }
  });
});

describe("the heading outline", () => {
  it("never skips a level going down, and the disclosure policy's own headings sit under its section's heading", async () => {
    for (const at of both("")) {
      const document = parseHtml((await get(at.pathname, at.host)).body);
      const headings = elements(document)
        .filter((e) => /^h[1-6]$/.test(e.tagName))
        .map((e) => ({ level: Number(e.tagName[1]), text: textOf(e).trim() }));
      expect(headings[0]).toEqual({ level: 1, text: "Surfaces" });
      for (let i = 1; i < headings.length; i++) expect(headings[i]!.level, `${headings[i - 1]!.text} → ${headings[i]!.text}`).toBeLessThanOrEqual(headings[i - 1]!.level + 1);
      const start = headings.findIndex((h) => h.text === "Report a vulnerability");
      expect(headings.slice(start)).toEqual([
        { level: 2, text: "Report a vulnerability" },
        { level: 3, text: "Reporting a vulnerability" },
        { level: 3, text: "In scope" },
        { level: 3, text: "Out of scope" },
        { level: 3, text: "Safe harbour" },
      ]);
    }
  });
});
