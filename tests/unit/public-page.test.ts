import { describe, expect, it } from "vitest";
import { renderTrustPage } from "@/modules/publishing/render/page";
import { renderSecurityTxt } from "@/modules/publishing/render/surfaces";
import type { PublicView } from "@/modules/publishing/view";
import { pageMeta, sparseView } from "../support/public-view";

/** The public page's links and wording, rendered from views written out by hand (issue 10). */
const hrefs = (html: string) => [...html.matchAll(/\shref="([^"]*)"/g)].map((m) => m[1]!.replace(/&amp;/g, "&"));
const ids = (html: string) => new Set([...html.matchAll(/\sid="([^"]*)"/g)].map((m) => m[1]!));
const today = new Date("2026-12-01T00:00:00.000Z");

const policy = (overrides: Partial<NonNullable<PublicView["disclosure"]>> = {}): PublicView["disclosure"] => ({
  policy: "Write to us.",
  contacts: ["mailto:security@sparse.example"],
  encryptionUrl: null,
  acknowledgmentsUrl: null,
  preferredLanguages: "en",
  responseWithin: null,
  responseUnit: null,
  safeHarbor: "",
  bugBounty: false,
  bugBountyUrl: null,
  expiresAt: "2027-06-01",
  ...overrides,
});

describe("the public page links only to what exists (item 7)", () => {
  it("a tenant that published nothing: no 'Report a vulnerability' link, no security.txt link, every #fragment has its target", () => {
    const html = renderTrustPage(sparseView(), pageMeta({ today }));
    expect(html).not.toContain('href="#disclosure"');
    expect(html).not.toContain("security.txt");
    const targets = ids(html);
    expect(hrefs(html).filter((h) => h.startsWith("#") && !targets.has(h.slice(1)))).toEqual([]);
    // What is left to link to: the page's own surfaces, which every publication has.
    // The feed and trust.json twice: in the footer and as the head's autodiscovery links; the
    // verify page twice: in the footer and in the hero's "last published … check it yourself".
    expect(hrefs(html).filter((h) => h.startsWith("/t/")).sort()).toEqual(["/t/sparse/changelog", "/t/sparse/feed.xml", "/t/sparse/feed.xml", "/t/sparse/trust.json", "/t/sparse/trust.json", "/t/sparse/verify", "/t/sparse/verify"]);
  });

  it("a policy with a contact and a valid expiry: the section is in the menu and security.txt is linked, as its route serves it", () => {
    const view = sparseView({ disclosure: policy() });
    const html = renderTrustPage(view, pageMeta({ today }));
    expect(html).toContain('<a href="#disclosure">Report a vulnerability</a>');
    expect(hrefs(html).filter((h) => h.endsWith("security.txt"))).toEqual(["/t/sparse/.well-known/security.txt", "/t/sparse/.well-known/security.txt"]);
    expect(renderSecurityTxt(view, { canonicalUrl: "x", policyUrl: "y", now: today })).not.toBeNull();
  });

  it.each([
    ["no expiry date", policy({ expiresAt: null })],
    ["an expiry that has passed", policy({ expiresAt: "2026-11-30" })],
    ["an expiry today", policy({ expiresAt: "2026-12-01" })],
    ["an expiry more than a year ahead", policy({ expiresAt: "2028-01-01" })],
    ["no contact", policy({ contacts: [] })],
  ])("a policy with %s: security.txt answers 404, so the page does not link it", (_label, disclosure) => {
    const view = sparseView({ disclosure });
    expect(renderSecurityTxt(view, { canonicalUrl: "x", policyUrl: "y", now: today })).toBeNull();
    const html = renderTrustPage(view, pageMeta({ today }));
    expect(html).not.toContain("security.txt");
    expect(html).toContain('<a href="#disclosure">Report a vulnerability</a>');
  });

  it("a security contact without a policy is still a way to report", () => {
    const view = sparseView({ organization: { ...sparseView().organization, securityContactEmail: "security@sparse.example" } });
    const html = renderTrustPage(view, pageMeta({ today }));
    expect(html).toContain('<a href="#disclosure">Report a vulnerability</a>');
    expect(html).toContain('<a href="mailto:security@sparse.example">');
  });
});

describe("publications made before issue 10 still render as they meant", () => {
  const control = { ref: "AC-01", title: "MFA", description: "", status: "IMPLEMENTED" as const, reviewCadenceDays: 90, evidence: [] };
  const withControl = (c: Record<string, unknown>) =>
    sparseView({
      controls: { coverage: { total: 1, applicable: 1, IMPLEMENTED: 1, IN_PROGRESS: 0, PLANNED: 0, NOT_APPLICABLE: 0, percent: 100 }, domains: [{ name: "Access", controls: [{ ...control, ...c } as never] }] },
    });

  it("a never-reviewed control with its due date: not flagged before the date, flagged on it", () => {
    expect(renderTrustPage(withControl({ lastReviewedAt: null, reviewDueOn: "2027-03-01" }), pageMeta({ today }))).not.toContain("Needs review");
    expect(renderTrustPage(withControl({ lastReviewedAt: null, reviewDueOn: "2027-03-01" }), pageMeta({ today }))).toContain('first review due <time datetime="2027-03-01">');
    expect(renderTrustPage(withControl({ lastReviewedAt: null, reviewDueOn: "2026-12-01" }), pageMeta({ today }))).toContain("Needs review");
  });

  it("an old publication without a due date: a control never reviewed reads as before", () => {
    const html = renderTrustPage(withControl({ lastReviewedAt: null }), pageMeta({ today }));
    expect(html).toContain("Not reviewed yet.");
    expect(html).toContain("Needs review");
    // With a last review, the due date follows from it.
    expect(renderTrustPage(withControl({ lastReviewedAt: "2026-10-01" }), pageMeta({ today }))).not.toContain("Needs review");
    expect(renderTrustPage(withControl({ lastReviewedAt: "2026-09-01" }), pageMeta({ today }))).toContain("Needs review");
  });

  it("an old publication's free-text response time is shown as a labelled value, not spliced into a sentence", () => {
    const { responseWithin: _w, responseUnit: _u, ...old } = policy({ expiresAt: null })!;
    const html = renderTrustPage(sparseView({ disclosure: { ...old, responseTime: "ASAP, usually" } }), pageMeta({ today }));
    expect(html).toContain("<li>Response time: ASAP, usually</li>");
    expect(html).not.toContain("We respond within");
  });
});

describe("the subscribe form (issue 13)", () => {
  it("posts to the host's /subscribe with an email field, the five topic boxes (all ticked by default), a honeypot and no script", () => {
    const html = renderTrustPage(sparseView(), pageMeta({ today }));
    expect(html).toContain('<h2 id="subscribe">Subscribe to updates</h2>');
    expect(html).toContain('<form class="subscribe" method="post" action="/t/sparse/subscribe">');
    expect(html).toContain('<input type="email" id="subscribe-email" name="email" autocomplete="email" required maxlength="254">');
    expect([...html.matchAll(/<input type="checkbox" name="topics" value="([a-z]+)"( checked)?>/g)].map((m) => `${m[1]}${m[2] ? "*" : ""}`)).toEqual(["all*", "security", "subprocessors", "certifications", "general"]);
    expect(html).toContain('name="website" tabindex="-1"');
    expect(html).not.toContain("<script>");
    const onHost = renderTrustPage(sparseView(), pageMeta({ today, base: "" }));
    expect(onHost).toContain('action="/subscribe"');
  });
});

describe("empty sections are hidden and never linked (issue 15)", () => {
  const sub = (vendor: string, overrides: Partial<PublicView["subprocessors"][number]> = {}): PublicView["subprocessors"][number] => ({
    vendor,
    website: null,
    purpose: "Email",
    dataCategories: "",
    location: "EU",
    transferMechanism: null,
    since: null,
    status: "ACTIVE",
    effectiveDate: null,
    removedAt: null,
    ...overrides,
  });
  const sectionIds = (html: string) => [...html.matchAll(/<h2 id="([^"]+)"/g)].map((m) => m[1]);
  const navLinks = (html: string) => [...(/<nav aria-label="On this page"[^>]*>(.*?)<\/nav>/s.exec(html)?.[1] ?? "").matchAll(/href="#([^"]+)"/g)].map((m) => m[1]);

  it("the sparse tenant: no heading without content, the menu links nothing, and no notice line", () => {
    const html = renderTrustPage(sparseView(), pageMeta({ today }));
    expect(sectionIds(html)).toEqual(["subscribe", "disclosure"]);
    expect(navLinks(html)).toEqual([]);
    expect(html).not.toContain("<table");
    expect(html).not.toContain('class="meta version"');
  });

  it("only removed subprocessors: the section keeps its history but shows no empty table", () => {
    const html = renderTrustPage(sparseView({ subprocessors: [sub("Gone Inc", { status: "REMOVED", removedAt: "2026-01-02" })] }), pageMeta({ today }));
    expect(navLinks(html)).toEqual(["subprocessors"]);
    expect(html).not.toContain('aria-label="Table of subprocessors"');
    expect(html).toContain('<li>Gone Inc (Email) — removed <time datetime="2026-01-02">2 January 2026</time></li>');
  });

  it("every menu link and every #fragment on a full page has its target; each linked section has content", () => {
    const view = sparseView({
      organization: { ...sparseView().organization, pageVersion: "v2", subprocessorNoticeDays: 1 },
      frameworks: [{ name: "SOC 2", status: "INHERITED", auditor: null, periodStart: null, periodEnd: null, reportUrl: null, note: "", inheritedFrom: "AWS" }],
      subprocessors: [sub("Router"), sub("Provider", { parent: "Router", dataRetention: "30 days" }), sub("Orphan", { parent: "Not listed" })],
      faqs: [{ question: "Q?", answer: "A." }],
      disclosure: policy(),
    });
    const html = renderTrustPage(view, pageMeta({ today }));
    const targets = ids(html);
    expect(hrefs(html).filter((h) => h.startsWith("#") && !targets.has(h.slice(1)))).toEqual([]);
    expect(navLinks(html)).toEqual(["certifications", "subprocessors", "faq", "disclosure"]);
    expect(html).toContain('<p class="meta version">v2</p>');
    expect(html).toContain("at least 1 day before it takes effect.");
    // Nested: the provider right after its router; a parent not on the list leaves the row at the top.
    expect([...html.matchAll(/<tr( class="sub")?><th scope="row">(?:<span class="meta">[^<]*<\/span> )?([A-Za-z]+)<\/th>/g)].map((m) => `${m[1] ? "  " : ""}${m[2]}`)).toEqual(["Router", "  Provider", "Orphan"]);
    expect(html).not.toContain("Not listed");
  });
});
