import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { uniqueEmail } from "./fixtures";
import { createOrganization, importBundle } from "./dashboard-steps";
import { signInDirectly } from "./sessions";
import { LONG, stressBundle } from "../support/stress-tenant";

/**
 * The public page's design (issue 15) in a real browser, for the demo (its dataset, imported into
 * a tenant of this file's own) and for a stress tenant
 * (long names, 100 controls in 10 areas, 30 subprocessors, an empty section):
 * - screenshots at 1280 and 390 px against committed baselines (made with this machine's
 *   /usr/bin/chromium), with what changes from run to run (dates, the hash) written over first;
 * - checks that survive pixel noise: nothing scrolls sideways at 360 px, the hero shows the badges
 *   and the actions above the fold, the menu stays at hand, dark mode keeps its contrast, the
 *   subprocessor Location is readable on a phone, and no script is needed (JavaScript off).
 * SHOTS_DIR, when set, also receives full-page PNGs of the demo (light and dark) for the notes.
 */
let stressSlug = "";
let demoSlug = "";

/** A tenant made through the dashboard: created, its bundle imported, published. */
async function tenant(page: Page, name: string, prefix: string, bundle: unknown) {
  const slug = await createOrganization(page, name, prefix);
  await importBundle(page, slug, bundle);
  await page.goto(`/dashboard/${slug}/publish`);
  await page.getByRole("button", { name: /^Publish/ }).first().click();
  await expect(page.getByText(/Published #1\b/).first()).toBeVisible();
  return slug;
}

// The demo's content in a tenant of this file's own: /t/demo itself is changed by other specs
// (documents, FAQs), which would make its screenshots depend on the order specs run in.
test.beforeAll(async ({ browser }) => {
  test.setTimeout(180_000);
  const context = await browser.newContext();
  await signInDirectly(context, uniqueEmail("design"));
  const page = await context.newPage();
  stressSlug = await tenant(page, LONG, "stress", stressBundle());
  demoSlug = await tenant(page, "Demo Co", "demo", JSON.parse(readFileSync(path.resolve("prisma/demo-dataset.json"), "utf8")));
  await context.close();
});

/** What changes from run to run, written over so that a screenshot compares the layout. */
async function steady(page: Page) {
  await page.evaluate(() => {
    for (const time of Array.from(document.querySelectorAll("time"))) if (/^\d{4}-\d{2}-\d{2}T/.test(time.dateTime)) time.textContent = time.closest("footer") ? "1 December 2026 at 10:00 UTC" : "1 December 2026";
    for (const code of Array.from(document.querySelectorAll("footer code"))) code.textContent = "0".repeat(64);
  });
}

async function open(browser: Browser, url: string, width: number, colorScheme: "light" | "dark" = "light", javaScriptEnabled = true) {
  const context = await browser.newContext({ viewport: { width, height: width > 600 ? 900 : 844 }, colorScheme, javaScriptEnabled });
  const page = await context.newPage();
  const response = await page.goto(url);
  expect(response?.status(), url).toBe(200);
  return page;
}

const PAGES = () => [
  { name: "demo", url: `/t/${demoSlug}` },
  { name: "stress", url: `/t/${stressSlug}` },
];

for (const width of [1280, 390]) {
  test(`screenshots at ${width} px: the demo and the stress tenant, above the fold and the whole stress page`, async ({ browser }) => {
    for (const { name, url } of PAGES()) {
      const page = await open(browser, url, width);
      await steady(page);
      await expect(page, `${name} at ${width}`).toHaveScreenshot(`${name}-${width}-fold.png`, { animations: "disabled", caret: "hide", maxDiffPixelRatio: 0.01 });
      if (name === "stress") await expect(page).toHaveScreenshot(`${name}-${width}-full.png`, { fullPage: true, animations: "disabled", caret: "hide", maxDiffPixelRatio: 0.01 });
      await page.context().close();
    }
    // For the closing notes: the demo, whole, light and dark (not compared; SHOTS_DIR only).
    const dir = process.env.SHOTS_DIR;
    if (dir) {
      mkdirSync(dir, { recursive: true });
      for (const scheme of ["light", "dark"] as const) {
        const page = await open(browser, `/t/${demoSlug}`, width, scheme);
        await page.screenshot({ path: `${dir}/demo-${width}-${scheme}.png` });
        await page.screenshot({ path: `${dir}/demo-${width}-${scheme}-full.png`, fullPage: true });
        await page.context().close();
      }
    }
  });
}

test("nothing scrolls sideways at 360 px, on any public surface of either tenant, light or dark", async ({ browser }) => {
  for (const { url } of PAGES()) {
    for (const path of ["", "/changelog", "/verify"]) {
      for (const scheme of ["light", "dark"] as const) {
        const page = await open(browser, `${url}${path}`, 360, scheme);
        // Open every control area too: their cards must fit as well.
        await page.evaluate(() => document.querySelectorAll("details").forEach((d) => (d.open = true)));
        const { scrollWidth, clientWidth } = await page.evaluate(() => ({ scrollWidth: document.scrollingElement!.scrollWidth, clientWidth: document.scrollingElement!.clientWidth }));
        expect(scrollWidth, `${url}${path} ${scheme}`).toBeLessThanOrEqual(clientWidth);
        await page.context().close();
      }
    }
  }
});

test("above the fold on a phone and on a desktop: name, badges by status, coverage, last published with the verify link, the actions", async ({ browser }) => {
  for (const width of [1280, 390]) {
    const page = await open(browser, `/t/${stressSlug}`, width);
    const height = page.viewportSize()!.height;
    const inFold = async (selector: string) => {
      const box = await page.locator(selector).first().boundingBox();
      expect(box, selector).not.toBeNull();
      expect(box!.y + Math.min(box!.height, 40), `${selector} at ${width}`).toBeLessThanOrEqual(height);
    };
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(LONG);
    const badges = page.getByRole("list", { name: "Certifications" }).getByRole("listitem");
    await expect(badges).toHaveText([
      "SOC 2 Type II Certified, valid until 31 December 2030",
      "ISO/IEC 27001:2022 Expired 31 December 2025",
      "PCI DSS In progress, target Q3 2030",
      "Cloud Security Alliance STAR Level 2 with a long framework name Inherited from Supercalifragilisticexpialidocious Cloud",
      "FedRAMP Not pursued",
    ]);
    // Their looks differ by status: the valid badge's mark is green, the expired one's red.
    const markColour = (n: number) => badges.nth(n).locator(".dot").evaluate((el) => getComputedStyle(el).color);
    expect(await markColour(0)).toBe("rgb(22, 101, 52)");
    expect(await markColour(1)).toBe("rgb(153, 27, 27)");
    await inFold("h1");
    await inFold(".glance");
    await inFold(".signed");
    await expect(page.locator(".signed").getByRole("link", { name: "check this page yourself" })).toHaveAttribute("href", `/t/${stressSlug}/verify`);
    await expect(page.locator(".actions").getByRole("link")).toHaveText(["Subscribe to updates", "Report a vulnerability"]);
    if (width === 1280) await inFold(".actions");
    await page.context().close();
  }
});

test("the menu stays at hand while reading, without script; a control area opens to its cards", async ({ browser }) => {
  const page = await open(browser, `/t/${demoSlug}`, 390, "light", false);
  const menu = page.getByRole("navigation", { name: "On this page" });
  await page.mouse.wheel(0, 3000);
  await expect.poll(async () => (await menu.boundingBox())?.y).toBe(0);
  await menu.getByRole("link", { name: "Subprocessors" }).click();
  await expect(page).toHaveURL(/#subprocessors$/);
  // Below the sticky menu, not under it.
  const heading = await page.getByRole("heading", { name: "Subprocessors", level: 2 }).boundingBox();
  expect(heading!.y).toBeGreaterThanOrEqual((await menu.boundingBox())!.height - 1);
  await page.getByText("Access Control", { exact: true }).click();
  await expect(page.locator("#control-AC-01")).toBeVisible();
  await page.context().close();
});

test("print: the menu, the actions and the subscribe form are left out; closed control areas print open", async ({ browser }) => {
  const page = await open(browser, `/t/${demoSlug}`, 1280);
  await expect(page.locator("#control-AC-01")).toBeHidden();
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("navigation", { name: "On this page" })).toBeHidden();
  await expect(page.locator(".actions")).toBeHidden();
  await expect(page.locator("#subscribe")).toBeHidden();
  await expect(page.locator("#control-AC-01")).toBeVisible();
  await page.context().close();
});

test("subprocessors on a phone: each row a card, the Location labelled and never cut", async ({ browser }) => {
  const page = await open(browser, `/t/${stressSlug}`, 360);
  const location = page.locator('td[data-label="Location"]').nth(1);
  await expect(location).toHaveText("Frankfurt am Main, Germany; Dublin, Ireland; Amsterdam, Netherlands");
  const box = (await location.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(360);
  expect(await location.evaluate((el) => getComputedStyle(el, "::before").content)).toBe('"Location"');
  await page.context().close();
});

test("dark mode: text, links and buttons keep AA contrast; the brand yellow is adjusted in light mode", async ({ browser }) => {
  const ratio = async (page: Page, selector: string) =>
    page.locator(selector).first().evaluate((el) => {
      const rgb = (value: string) => (value.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
      const lum = ([r, g, b]: number[]) => [r!, g!, b!].map((c) => (c / 255 <= 0.04045 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4)).reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i]!, 0);
      let node: Element | null = el;
      let background = "rgba(0, 0, 0, 0)";
      while (node && /rgba\(0, 0, 0, 0\)|transparent/.test(background)) {
        background = getComputedStyle(node).backgroundColor;
        node = node.parentElement;
      }
      const [a, b] = [lum(rgb(getComputedStyle(el).color)), lum(rgb(background))];
      return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    });
  for (const scheme of ["dark", "light"] as const) {
    const page = await open(browser, `/t/${stressSlug}`, 1280, scheme);
    for (const selector of ["h1", ".lead", ".signed", ".signed a", ".btn.primary", ".toc a", ".cert .state", "main .meta", "footer a"]) {
      expect(await ratio(page, selector), `${selector} in ${scheme}`).toBeGreaterThanOrEqual(4.5);
    }
    const accent = await page.locator(".btn.primary").evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(accent, scheme).toBe(scheme === "light" ? "rgb(115, 115, 0)" : "rgb(255, 255, 0)");
    await page.context().close();
  }
});

/** Which control cards a reader sees now, by status (the control areas opened first). */
async function visibleStatuses(page: Page) {
  return page.evaluate(() => {
    document.querySelectorAll("details.area").forEach((d) => ((d as HTMLDetailsElement).open = true));
    const seen: Record<string, number> = {};
    for (const card of Array.from(document.querySelectorAll<HTMLElement>("[data-status]"))) if (card.checkVisibility()) seen[card.dataset.status!] = (seen[card.dataset.status!] ?? 0) + 1;
    return seen;
  });
}

test("the status filter (CSS only): Implemented leaves only implemented controls and their areas; by keyboard too; print shows everything", async ({ browser }) => {
  const page = await open(browser, `/t/${demoSlug}`, 1280);
  const filter = page.getByRole("group", { name: "Show controls" });
  await expect(filter).toBeVisible();
  await expect(filter.getByRole("radio")).toHaveCount(5);
  await expect(filter.getByRole("radio", { name: "All 27" })).toBeChecked();
  expect(await visibleStatuses(page)).toEqual({ IMPLEMENTED: 19, IN_PROGRESS: 4, PLANNED: 3, NOT_APPLICABLE: 1 });

  await filter.getByText("Implemented").click();
  await expect(filter.getByRole("radio", { name: "Implemented 19" })).toBeChecked();
  expect(await visibleStatuses(page)).toEqual({ IMPLEMENTED: 19 });
  // An area with no implemented control is hidden with it; every area still shown has one.
  const areas = await page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLElement>("details.area")).map((area) => ({ shown: area.checkVisibility(), implemented: !!area.querySelector('[data-status="IMPLEMENTED"]') })),
  );
  expect(areas.every((area) => area.shown === area.implemented)).toBe(true);

  // The keyboard: arrow keys move along the radio group.
  await filter.getByRole("radio", { name: "Implemented 19" }).focus();
  await page.keyboard.press("ArrowRight");
  await expect(filter.getByRole("radio", { name: "In progress 4" })).toBeChecked();
  expect(await visibleStatuses(page)).toEqual({ IN_PROGRESS: 4 });

  // Print ignores the choice: every control is printed, the chips are not.
  await page.emulateMedia({ media: "print" });
  expect(await visibleStatuses(page)).toEqual({ IMPLEMENTED: 19, IN_PROGRESS: 4, PLANNED: 3, NOT_APPLICABLE: 1 });
  await expect(filter).toBeHidden();
  await page.emulateMedia({ media: "screen" });
  await filter.getByText("All").click();
  expect(await visibleStatuses(page)).toEqual({ IMPLEMENTED: 19, IN_PROGRESS: 4, PLANNED: 3, NOT_APPLICABLE: 1 });
  // All of it under the page's fixed policy, which allows no script at all.
  const response = await page.request.get(`/t/${demoSlug}`);
  expect(response.headers()["content-security-policy"]).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
  await page.context().close();
});

test("the status filter with JavaScript off shows everything at first and still filters; without the stylesheet the chips stay hidden and every control shows", async ({ browser }) => {
  const page = await open(browser, `/t/${demoSlug}`, 390, "light", false);
  await page.getByText("Access Control", { exact: true }).click();
  await expect(page.locator("#control-AC-01")).toBeVisible();
  const filter = page.getByRole("group", { name: "Show controls" });
  await expect(filter.getByRole("radio", { name: "All 27" })).toBeChecked();
  await filter.getByText("Planned").click();
  await expect(page.locator('[data-status="PLANNED"]').first()).toBeVisible();
  await expect(page.locator("#control-AC-01")).toBeHidden();
  await page.context().close();

  // A browser without :has() drops the whole block that shows the chips and hides controls;
  // with no stylesheet at all, the same: nothing is hidden, and no chip that would do nothing.
  const bare = await open(browser, `/t/${demoSlug}`, 1280);
  await bare.evaluate(() => document.querySelectorAll("style").forEach((style) => style.remove()));
  await expect(bare.getByRole("group", { name: "Show controls" })).toBeHidden();
  expect(await visibleStatuses(bare)).toEqual({ IMPLEMENTED: 19, IN_PROGRESS: 4, PLANNED: 3, NOT_APPLICABLE: 1 });
  await bare.context().close();
});
