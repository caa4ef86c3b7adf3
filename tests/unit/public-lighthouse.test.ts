import { describe, expect, it } from "vitest";
import { chromeOf } from "@/modules/access/render/chrome";
import { messagePage, requestFormPage, type RequestValues } from "@/modules/access/render/pages";
import { translator } from "@/modules/publishing/render/i18n";
import { withLanguage } from "@/modules/publishing/render/languages";
import { renderTrustPage } from "@/modules/publishing/render/page";
import { pageMeta, sparseView } from "../support/public-view";

/**
 * What `npm run bench:lighthouse` found on the public surfaces and was fixed (issue 15, "budgets
 * that must still hold"), asserted on the rendered HTML.
 */
const org = { name: "Demo Co", brand: null, language: "en" as const };
const blank: RequestValues = { email: "", fullName: "", company: "", reason: "", items: "all", ndaAgreed: false };
/** English chrome: no language named, none by default. */
const c = chromeOf({}, null);
const ROBOTS = '<meta name="robots" content="noindex">';

describe("the access request form may be indexed; nothing else under /access (Lighthouse SEO: 'Page is blocked from indexing')", () => {
  it("the blank form, as GET shows it to everyone: no robots meta", () => {
    const page = requestFormPage({ org, base: "", items: [{ key: "doc:1", title: "Penetration test 2026" }], nda: null, values: blank, errors: {}, c, blank: true });
    expect(page).toContain("<title>Request access · Demo Co</title>");
    expect(page).toContain('<meta name="description" content="Demo Co trust center">');
    expect(page).not.toContain('name="robots"');
  });

  it("the form shown again with a visitor's values and messages: noindex", () => {
    const values = { ...blank, email: "pat@buyer.example", fullName: "<script>alert(1)</script>" };
    const page = requestFormPage({ org, base: "", items: [], nda: null, values, errors: { company: ["Say which company."] }, message: "Fix the fields below.", c });
    expect(page).toContain(ROBOTS);
    expect(page).toContain('value="&lt;script&gt;alert(1)&lt;/script&gt;"');
  });

  it("a message page (check your email): noindex", () => {
    const page = messagePage({ org, base: "/t/demo", title: "Check your email", paragraphs: ["We sent a link to pat@buyer.example."], c });
    expect(page).toContain(ROBOTS);
  });
});

describe("a language's rendering names no canonical address (Lighthouse SEO: 'Points to another hreflang location')", () => {
  const page = "http://demo.localhost:3000";
  const hreflang = [
    '<link rel="alternate" hreflang="en" href="http://demo.localhost:3000?lang=en">',
    '<link rel="alternate" hreflang="de" href="http://demo.localhost:3000?lang=de">',
    '<link rel="alternate" hreflang="x-default" href="http://demo.localhost:3000">',
  ];

  it("German, served for ?lang=de and for Accept-Language: de at the bare address: hreflang links, no canonical link", () => {
    const meta = pageMeta({ base: "", canonicalUrl: page, locale: "de", t: translator("de") });
    const html = withLanguage(renderTrustPage(sparseView(), meta), { locale: "de", pageUrl: page, chosen: "de", canonicalOf: page });
    expect(html).toContain('<html lang="de">');
    for (const link of hreflang) expect(html).toContain(link);
    expect(html).not.toContain('rel="canonical"');
  });

  it("English asked for by name on an English page: no canonical link either (the bare address is x-default)", () => {
    const html = withLanguage(renderTrustPage(sparseView(), pageMeta({ base: "", canonicalUrl: page })), { locale: "en", pageUrl: page, chosen: "en", canonicalOf: page });
    expect(html).not.toContain('rel="canonical"');
  });

  it("the default language's rendering (no language named): the bare address is its canonical, once", () => {
    const html = withLanguage(renderTrustPage(sparseView(), pageMeta({ base: "", canonicalUrl: page })), { locale: "en", pageUrl: page, chosen: null, canonicalOf: page });
    expect(html).toContain('<link rel="canonical" href="http://demo.localhost:3000">');
    expect(html.split('rel="canonical"')).toHaveLength(2);
    for (const link of hreflang) expect(html).toContain(link);
  });
});
