import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { translator } from "@/modules/publishing/render/i18n";
import { renderTrustPage } from "@/modules/publishing/render/page";
import { renderChangelog, renderFeed } from "@/modules/publishing/render/surfaces";
import { benchView, demoView, stressView } from "../support/design-views";
import { pageMeta, sparseView } from "../support/public-view";

/**
 * The public page's design (issue 15), on rendered strings: what is above the fold, the status
 * looks, empty sections, the budgets. The browser-level checks (no sideways scroll, dark mode,
 * screenshots) are in tests/e2e/public-design.spec.ts.
 */
const today = new Date("2026-12-01T00:00:00.000Z");
const hero = (html: string) => /<header class="hero">(.*?)<\/header>/s.exec(html)?.[1] ?? "";

describe("budgets (issue 15: they must still hold)", () => {
  it("the bench's tenant (100 controls, 30 subprocessors, 20 FAQs, 10 documents): at most 30 KB gzipped", () => {
    const html = renderTrustPage(benchView(), pageMeta({ today, base: "/t/bench" }));
    expect(gzipSync(html).length).toBeLessThanOrEqual(30 * 1024);
  });

  it("no script but the JSON-LD data, and nothing loaded from another origin", () => {
    for (const view of [benchView(), stressView()]) {
      const html = renderTrustPage(view, pageMeta({ today }));
      expect([...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1])).toEqual([' type="application/ld+json"']);
      expect(html).not.toMatch(/\son[a-z]+=/i);
      // Resources (src, stylesheet links, icons): only same-origin paths and in-page fragments.
      expect([...html.matchAll(/\s(?:src)="([^"]*)"/g)].map((m) => m[1]).filter((url) => !url!.startsWith("/"))).toEqual([]);
      expect([...html.matchAll(/<link[^>]*href="([^"]*)"/g)].map((m) => m[1]).filter((url) => !url!.startsWith("/") && !url!.startsWith("http://localhost:3000/"))).toEqual([]);
    }
  });
});

describe("above the fold", () => {
  const html = renderTrustPage(demoView(), pageMeta({ today, base: "/t/demo" }));

  it("name, version, one-line summary, last published with the verify link in plain words", () => {
    const top = hero(html);
    expect(top).toContain("<h1>Demo Co</h1>");
    expect(top).toContain('<p class="meta version">v1.4.2, effective <time datetime="2026-11-01">1 November 2026</time></p>');
    expect(top).toContain('<p class="lead">Demo Co makes a client portal for small accounting firms: a firm shares documents with its clients and collects signatures on its own branded domain.</p>');
    expect(top).toContain('Last published <time datetime="2026-12-01T10:00:00.000Z">1 December 2026</time> · signed, so you can <a href="/t/demo/verify">check this page yourself</a>');
  });

  it("a badge per certification, its look following its status", () => {
    expect([...hero(html).matchAll(/<li class="cert (c-[a-zA-Z]+)">.*?<strong>([^<]+)<\/strong> <span class="state">(.*?)<\/span><\/span><\/li>/g)].map((m) => `${m[1]} ${m[2]}: ${m[3]}`)).toEqual([
      "c-progress SOC 2 Type II: In progress",
      "c-progress ISO/IEC 27001: Planned",
      "c-aligned GDPR: Aligned, not certified",
      "c-inherited ISO/IEC 27001 (hosting): Inherited from Northwind Cloud",
    ]);
    const stress = hero(renderTrustPage(stressView(), pageMeta({ today })));
    expect([...stress.matchAll(/<li class="cert (c-[a-zA-Z]+)">/g)].map((m) => m[1])).toEqual(["c-valid", "c-expired", "c-progress", "c-inherited", "c-notPursued"]);
    expect(stress).toContain('<span class="state">Certified, valid until <time datetime="2027-12-31">31 December 2027</time></span>');
    expect(stress).toContain('<span class="state">Expired <time datetime="2025-12-31">31 December 2025</time></span>');
    expect(stress).toContain('<span class="state">In progress, target <time datetime="2027-08-15">Q3 2027</time></span>');
  });

  it("coverage at a glance", () => {
    expect(hero(html)).toContain('<strong class="big">77%</strong></a> of applicable controls implemented (23 of 30)');
    expect(hero(html)).toContain("31 controls published · 4 in progress · 3 planned");
  });

  it("the actions that exist, and only those", () => {
    const actions = (page: string) => [...hero(page).matchAll(/<a class="btn[^"]*" href="([^"]+)">([^<]+)<\/a>/g)].map((m) => `${m[2]} → ${m[1]}`);
    // The demo shares nothing under NDA: no "Request access".
    expect(actions(html)).toEqual(["Subscribe to updates → #subscribe", "Report a vulnerability → #disclosure"]);
    expect(actions(renderTrustPage(benchView(), pageMeta({ today, base: "/t/bench" })))).toEqual(["Request access → /t/bench/access", "Subscribe to updates → #subscribe", "Report a vulnerability → #disclosure"]);
    // A security contact without a policy is still a way to report.
    expect(actions(renderTrustPage(stressView(), pageMeta({ today })))).toEqual(["Subscribe to updates → #subscribe", "Report a vulnerability → #disclosure"]);
    // No policy and no contact: nothing to report to.
    expect(actions(renderTrustPage(sparseView(), pageMeta({ today })))).toEqual(["Subscribe to updates → #subscribe"]);
  });
});

describe("the rest of the page", () => {
  it("control areas are <details> with their counts, controls are cards with their icon", () => {
    const html = renderTrustPage(demoView(), pageMeta({ today }));
    expect([...html.matchAll(/<summary><h3>([^<]+)<\/h3><span class="meta">([^<]+)<\/span><\/summary>/g)].map((m) => `${m[1]}: ${m[2]}`)).toEqual([
      "Access Control: 6 controls · 4 implemented",
      "Data Isolation: 5 controls · 4 implemented",
      "Encryption: 5 controls · 4 implemented",
      "Audit &amp; Monitoring: 6 controls · 5 implemented",
      "Vendor Management: 4 controls · 3 implemented",
      "Business Continuity: 5 controls · 3 implemented",
    ]);
    expect(html).toContain('<div class="card-head"><svg class="icon" aria-hidden="true" focusable="false"><use href="#i-key"/></svg><h4><span class="ref">AC-01</span> Passwordless sign-in with single-use links</h4></div>');
    // Each icon used is defined once.
    expect(html.match(/<symbol id="i-key"/g)).toHaveLength(1);
    expect(html).not.toContain('<symbol id="i-bug"');
  });

  it("no forced capitals anywhere in the stylesheet", () => {
    expect(renderTrustPage(demoView(), pageMeta({ today }))).not.toContain("uppercase");
  });

  it("an empty section is hidden and not linked; the sticky menu lists only sections with content", () => {
    const html = renderTrustPage(stressView(), pageMeta({ today }));
    expect(html).not.toContain("An empty section");
    expect([...(/<nav aria-label="On this page" class="toc">(.*?)<\/nav>/s.exec(html)?.[1] ?? "").matchAll(/href="#([^"]+)"/g)].map((m) => m[1])).toEqual(["controls", "certifications", "subprocessors", "disclosure"]);
  });

  it("a section marked as a comparison labels each table cell with its column, for the phone's cards", () => {
    const base = demoView();
    const body = "| Plan | Hosting | Support |\n|---|---|---|\n| Cloud | EU <b>only</b> | 24/7 |\n| Self-hosted | Yours | Business hours |";
    const html = renderTrustPage({ ...base, sections: [{ title: "Plans compared", body, comparison: true }, { title: "Plain", body }] }, pageMeta({ today }));
    expect(html).toContain('<section aria-labelledby="section-0" class="compare">');
    expect(html).toContain('<td data-label="Plan">Cloud</td>\n<td data-label="Hosting">EU only</td>\n<td data-label="Support">24/7</td>');
    // Unmarked, the same table renders as before.
    expect(html).toContain("<td>Cloud</td>\n<td>EU only</td>");
  });
});

describe("the feed and the changelog get the same care", () => {
  const entry = (seq: number, view: ReturnType<typeof demoView>) => ({
    seq,
    hash: String(seq).repeat(64),
    prevHash: null,
    publishedAt: new Date(`2026-11-0${seq}T10:00:00.000Z`),
    document: { format: "candor.publication.v1" as const, organization: { slug: "demo" }, seq, kind: "publish" as const, prevHash: null, publishedAt: `2026-11-0${seq}T10:00:00.000Z`, view },
  });

  it("a feed entry's content is the update rendered and sanitised as HTML (escaped into the XML), its summary plain words; no Markdown syntax", () => {
    const view = { ...demoView(), updates: [{ title: "Fixed", body: "We **fixed** it. <script>alert(1)</script> [More](javascript:alert(1))", category: "SECURITY" as const, publishedAt: "2026-11-02" }] };
    const feed = renderFeed({ name: "Demo Co", orgId: "00000000-0000-4000-8000-000000000001", pageUrl: "https://demo.example", feedUrl: "https://demo.example/feed.xml", chain: [entry(1, view)], locale: "en", t: translator("en") });
    expect(feed).toContain('<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">');
    // The script element is dropped (its words stay, as text); the javascript: link loses its href.
    expect(feed).toContain('<summary type="text">We fixed it. alert(1) More</summary><content type="html">&lt;p&gt;We &lt;strong&gt;fixed&lt;/strong&gt; it. alert(1) &lt;a rel=&quot;nofollow noopener noreferrer&quot;&gt;More&lt;/a&gt;&lt;/p&gt;</content>');
    expect(feed).not.toContain("**");
    expect(feed).not.toMatch(/&lt;script|<script|javascript:|href=&quot;javascript/);
    expect(feed).toContain("<title>Publication #1</title>");
  });

  it("the changelog: newest first, each publication a card with its time in words and in <time datetime>", () => {
    const view = demoView();
    const html = renderChangelog({ name: "Demo Co", base: "/t/demo", chain: [entry(1, view), entry(2, { ...view, faqs: view.faqs.slice(1) })], locale: "en", t: translator("en") });
    expect([...html.matchAll(/<h2 id="p-(\d)">/g)].map((m) => m[1])).toEqual(["2", "1"]);
    expect(html).toContain('<h2 id="p-2">Publication #2 <span class="meta">· <time datetime="2026-11-02T10:00:00.000Z">2 November 2026 at 10:00 UTC</time></span></h2>');
    expect(html).toContain("<li>FAQ removed: Are you SOC 2 or ISO 27001 certified?</li>");
    expect(html).toContain('Each is signed and names the previous one&#39;s hash: <a href="/t/demo/verify">verify the chain</a>.');
  });

  it("the changelog's sentences follow the visitor's language (the FAQ's own words stay as written)", () => {
    const view = demoView();
    const html = renderChangelog({ name: "Demo Co", base: "/t/demo", chain: [entry(1, view), entry(2, { ...view, faqs: view.faqs.slice(1) })], locale: "de", t: translator("de") });
    expect(html).toContain("<li>FAQ entfernt: Are you SOC 2 or ISO 27001 certified?</li>");
    expect(html).toContain("<li>Erste Veröffentlichung.</li>");
    expect(html).not.toContain("FAQ removed");
  });
});

describe("messages with our markup in them (tHtml)", () => {
  it("the markup lands where the message puts it, and every word around it, tenant values included, is escaped", async () => {
    const { tHtml } = await import("@/modules/publishing/render/format");
    const { html } = await import("@/modules/publishing/render/html");
    const t = ((key: string, values: Record<string, string>) => (key === "a" ? `${values.date} — ${values.vendor} <b>removed</b>` : `${values.vendor} removed ${values.date}`)) as never;
    const time = html`<time datetime="2026-01-02">2 January 2026</time>`;
    expect(tHtml(t, "a" as never, { vendor: "<img src=x onerror=alert(1)>" }, { date: time }).value).toBe('<time datetime="2026-01-02">2 January 2026</time> — &lt;img src=x onerror=alert(1)&gt; &lt;b&gt;removed&lt;/b&gt;');
    expect(tHtml(t, "b" as never, { vendor: "A & B" }, { date: time }).value).toBe('A &amp; B removed <time datetime="2026-01-02">2 January 2026</time>');
  });
});
