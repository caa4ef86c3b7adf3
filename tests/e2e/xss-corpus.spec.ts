import { expect, test, type Page } from "@playwright/test";
import { LINE_PAYLOAD, MARKDOWN_PAYLOAD } from "../support/xss-payloads";
import { signInWithLink, uniqueEmail } from "./fixtures";
import { createOrganization, importBundle } from "./dashboard-steps";

/**
 * Every text field of every content type gets the payload corpus (through an import, as a
 * hostile file would bring it); then every page that shows them is opened in a real browser.
 * Nothing may run: no dialog, no window.__xss, no event handler attribute, no script URL.
 */
const bundle = {
  format: "candor.export.v1",
  organization: { name: "X", overview: MARKDOWN_PAYLOAD, brandColor: null, securityContactEmail: null },
  domains: [{ name: LINE_PAYLOAD.slice(0, 80) }],
  controls: [
    {
      ref: "XSS-01",
      domain: LINE_PAYLOAD.slice(0, 80),
      title: LINE_PAYLOAD,
      description: MARKDOWN_PAYLOAD,
      status: "IMPLEMENTED",
      visibility: "PUBLIC",
      reviewCadenceDays: 365,
      evidence: [{ label: LINE_PAYLOAD, kind: "CODE", target: LINE_PAYLOAD, visibility: "PUBLIC" }],
    },
  ],
  frameworks: [{ name: LINE_PAYLOAD.slice(0, 120), status: "PLANNED", auditor: LINE_PAYLOAD.slice(0, 120), note: MARKDOWN_PAYLOAD, visibility: "PUBLIC" }],
  subprocessors: [{ vendor: LINE_PAYLOAD.slice(0, 120), purpose: LINE_PAYLOAD, dataCategories: LINE_PAYLOAD, location: LINE_PAYLOAD.slice(0, 120), transferMechanism: LINE_PAYLOAD.slice(0, 120), status: "ACTIVE", visibility: "PUBLIC" }],
  disclosure: { policy: MARKDOWN_PAYLOAD, contacts: ["mailto:security@example.com"], preferredLanguages: "en", safeHarbor: MARKDOWN_PAYLOAD, bugBounty: false },
  faqs: [{ question: LINE_PAYLOAD, answer: MARKDOWN_PAYLOAD, visibility: "PUBLIC" }],
  updates: [{ title: LINE_PAYLOAD, body: MARKDOWN_PAYLOAD, category: "SECURITY", publishedAt: "2026-11-01", visibility: "PUBLIC" }],
  sections: [{ title: LINE_PAYLOAD, body: MARKDOWN_PAYLOAD, visibility: "PUBLIC" }],
  reviews: [],
};

async function assertInert(page: Page, where: string) {
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss), `${where}: a payload ran`).toBeUndefined();
  const live = await page.evaluate(() => {
    const found: string[] = [];
    for (const element of Array.from(document.querySelectorAll("main *"))) {
      for (const attribute of Array.from(element.attributes)) {
        if (/^on/i.test(attribute.name)) found.push(`${element.tagName} ${attribute.name}`);
        // (React itself gives forms bound to server actions a guard action, "javascript:throw new Error('A React form…".)
        const reactGuard = attribute.value.startsWith("javascript:throw new Error('A React form was unexpectedly submitted");
        if (/^(href|src|action|formaction)$/i.test(attribute.name) && /^\s*(javascript|data|vbscript):/i.test(attribute.value) && !reactGuard) found.push(`${element.tagName} ${attribute.name}=${attribute.value}`);
      }
      if (["SCRIPT", "IFRAME", "OBJECT", "EMBED"].includes(element.tagName)) found.push(element.tagName);
    }
    return found;
  });
  expect(live, `${where}: live markup`).toEqual([]);
}

test("hostile text in every field renders inert on every page", async ({ page }) => {
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await signInWithLink(page, uniqueEmail("xss"));
  const slug = await createOrganization(page, "Hostile Inc", "xss");
  await importBundle(page, slug, bundle);

  const base = `/dashboard/${slug}`;
  for (const path of ["/controls", "/frameworks", "/subprocessors", "/faqs", "/updates", "/sections", "/disclosure", "/controls/areas"]) {
    await page.goto(`${base}${path}`);
    await assertInert(page, path);
  }
  for (const list of ["/controls", "/frameworks", "/subprocessors", "/faqs", "/updates", "/sections"]) {
    await page.goto(`${base}${list}`);
    await page.locator("main table tbody tr a").first().click();
    await page.waitForLoadState("networkidle");
    await assertInert(page, `${list}/[id]`);
  }
  // The Markdown preview renders in the browser, client-side.
  await page.goto(`${base}/faqs`);
  await page.locator("main table tbody tr a").first().click();
  await page.getByRole("tab", { name: "Preview" }).click();
  await expect(page.getByTestId("answer-preview")).toBeVisible();
  await assertInert(page, "Markdown preview");

  await page.goto(`${base}/publish`);
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByText("Published #1.")).toBeVisible();
  for (const path of ["", "/changelog", "/feed.xml", "/verify"]) {
    await page.goto(`/t/${slug}${path}`);
    if (path !== "/feed.xml") await assertInert(page, `public ${path || "page"}`);
  }
  await page.goto(`${base}/publish/preview`);
  await assertInert(page, "preview");
  expect(dialogs).toEqual([]);
});
