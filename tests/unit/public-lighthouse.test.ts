import { describe, expect, it } from "vitest";
import { messagePage, requestFormPage, type RequestValues } from "@/modules/access/render/pages";

/**
 * What `npm run bench:lighthouse` found on the public surfaces and was fixed (issue 15, "budgets
 * that must still hold"), asserted on the rendered HTML.
 */
const org = { name: "Demo Co", brand: null, language: "en" as const };
const blank: RequestValues = { email: "", fullName: "", company: "", reason: "", items: "all", ndaAgreed: false };
const ROBOTS = '<meta name="robots" content="noindex">';

describe("the access request form may be indexed; nothing else under /access (Lighthouse SEO: 'Page is blocked from indexing')", () => {
  it("the blank form, as GET shows it to everyone: no robots meta", () => {
    const page = requestFormPage({ org, base: "", items: [{ key: "doc:1", title: "Penetration test 2026" }], nda: null, values: blank, errors: {}, blank: true });
    expect(page).toContain("<title>Request access · Demo Co</title>");
    expect(page).toContain('<meta name="description" content="Demo Co trust center">');
    expect(page).not.toContain('name="robots"');
  });

  it("the form shown again with a visitor's values and messages: noindex", () => {
    const values = { ...blank, email: "pat@buyer.example", fullName: "<script>alert(1)</script>" };
    const page = requestFormPage({ org, base: "", items: [], nda: null, values, errors: { company: ["Say which company."] }, message: "Fix the fields below." });
    expect(page).toContain(ROBOTS);
    expect(page).toContain('value="&lt;script&gt;alert(1)&lt;/script&gt;"');
  });

  it("a message page (check your email): noindex", () => {
    const page = messagePage({ org, base: "/t/demo", title: "Check your email", paragraphs: ["We sent a link to pat@buyer.example."] });
    expect(page).toContain(ROBOTS);
  });
});
