import { expect, test, type Page } from "@playwright/test";
import { importText, newControl, newOrganization } from "./dashboard-steps";

/**
 * The dashboard (issue 15): tables that use the width they have, the overview's setup checklist,
 * the shell's word on unpublished changes, the publish page's review, the subprocessor parent select.
 */

async function newSubprocessor(page: Page, slug: string, vendor: string, parent?: string) {
  await page.goto(`/dashboard/${slug}/subprocessors/new`);
  await page.getByLabel("Vendor").fill(vendor);
  await page.getByLabel("Purpose").fill("Email delivery");
  await page.getByLabel("Location or region").fill("EU");
  if (parent) await page.getByLabel("Behind (parent subprocessor)").selectOption(parent);
  await page.getByRole("button", { name: "Create subprocessor" }).click();
  await expect(page).toHaveURL(new RegExp(`/dashboard/${slug}/subprocessors\\?created=1$`));
}

/** How many lines a cell's text takes: the distinct tops of its line boxes. */
const lineCount = (page: Page, testId: string, column: number) =>
  page.getByTestId(testId).locator("td").nth(column).evaluate((cell) => {
    const range = document.createRange();
    range.selectNodeContents(cell);
    return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size;
  });

/** The elements that stick out past the right edge (none when the page does not scroll sideways). */
const sticking = (page: Page) =>
  page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= width) return [];
    // The innermost offenders (none of their children sticks out): the cause, not its containers.
    // Inside a box that scrolls on its own (a wide table's wrapper), sticking out is that box's business.
    // (An absolutely positioned element escapes a box that is not its containing block: not excused.)
    const clipped = (el: Element) => {
      if (["absolute", "fixed"].includes(getComputedStyle(el).position)) return false;
      for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) if (getComputedStyle(up).overflowX !== "visible") return true;
      return false;
    };
    const out = [...document.body.querySelectorAll("*")].filter((el) => el.getBoundingClientRect().right > width + 1 && !clipped(el));
    const named = out
      .filter((el) => ![...el.children].some((child) => out.includes(child)))
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${String(el.getAttribute("class") ?? "").split(" ").slice(0, 4).join(".")} (${Math.round(el.getBoundingClientRect().right)} px)`);
    return named.length ? named : [`the page is ${document.documentElement.scrollWidth} px wide`];
  });

test("at 1280 px a long control title takes at most two lines; at 390 px no page scrolls sideways", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  const slug = await newOrganization(page, "Wide", "dash");
  const title = "Multi-factor authentication is enforced for every administrator, engineer and support agent";
  await newControl(page, slug, "AC-01", title);
  await page.goto(`/dashboard/${slug}/controls`);
  const row = page.getByTestId("control-AC-01");
  // Column 0 is the selection checkbox, 1 the reference, 2 the title.
  await expect(row.locator("td").nth(2)).toHaveText(title);
  expect(await lineCount(page, "control-AC-01", 2)).toBeLessThanOrEqual(2);
  expect(await sticking(page)).toEqual([]);

  await page.setViewportSize({ width: 390, height: 844 });
  for (const path of ["", "/controls", "/subprocessors", "/frameworks", "/documents", "/reviews", "/publish", "/members", "/audit", "/access", "/subscribers", "/webhooks", "/api-keys", "/transfer", "/settings"]) {
    await page.goto(`/dashboard/${slug}${path}`);
    await expect(page.getByRole("heading", { level: 1, name: "Wide" })).toBeVisible();
    expect(await sticking(page), `${path || "/"} scrolls sideways at 390 px`).toEqual([]);
  }
});

test("the overview's checklist follows real data; the shell counts unpublished changes; the publish page reviews them", async ({ page }) => {
  const slug = await newOrganization(page, "Checklist", "dash");
  const checklist = page.getByTestId("setup-checklist");
  await expect(checklist).toContainText("0 of 5 done");
  await expect(page.getByTestId("setup-controls")).toHaveAttribute("data-done", "false");
  await expect(page.getByTestId("setup-controls").getByRole("link", { name: "Add your controls" })).toHaveAttribute("href", `/dashboard/${slug}/controls`);
  await expect(page.getByTestId("setup-domain").getByRole("link", { name: "Connect a custom domain" })).toHaveAttribute("href", `/dashboard/${slug}/domains`);
  await expect(page.getByTestId("unpublished-indicator")).toHaveText("Not published yet · Review and publish →");

  await newControl(page, slug, "AC-01", "SSO for staff");
  await newSubprocessor(page, slug, "Mailer Ltd");
  await page.goto(`/dashboard/${slug}`);
  await expect(checklist).toContainText("2 of 5 done");
  await expect(page.getByTestId("setup-controls")).toHaveAttribute("data-done", "true");
  await expect(page.getByTestId("setup-subprocessors")).toHaveAttribute("data-done", "true");
  await expect(page.getByTestId("setup-publish")).toHaveAttribute("data-done", "false");

  // The shell's indicator leads to the publish page, whose review counts and groups the draft.
  await page.getByTestId("unpublished-indicator").click();
  await expect(page).toHaveURL(`/dashboard/${slug}/publish`);
  await expect(page.getByTestId("pending-changes-counts")).toHaveText("First publication: 2 added in 2 sections.");
  await expect(page.getByTestId("review-section-controls").getByTestId("review-added")).toHaveText("+AC-01 SSO for staff");
  await expect(page.getByTestId("review-section-subprocessors").getByTestId("review-added")).toHaveText("+Mailer Ltd");
  await page.getByRole("button", { name: "Publish", exact: true }).click();
  const feedback = page.getByTestId("publish-feedback");
  await expect(feedback).toContainText("Published #1. The public page shows it now.");
  await expect(feedback.getByRole("link", { name: "Verify it ↗" })).toHaveAttribute("href", `/t/${slug}/verify`);
  // Without a reload: the shell has nothing left to say, the history has the publication.
  await expect(page.getByTestId("unpublished-indicator")).toHaveCount(0);
  await expect(page.getByRole("cell", { name: "Published", exact: true })).toBeVisible();

  // An edit: every page says so, counted, and the review shows the field before → after.
  await page.goto(`/dashboard/${slug}/controls`);
  await page.getByRole("link", { name: "AC-01" }).click();
  await expect(page.getByRole("button", { name: "Save changes" })).toBeVisible();
  await page.getByLabel("Status", { exact: true }).selectOption("PLANNED");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();
  await page.goto(`/dashboard/${slug}/members`);
  await expect(page.getByTestId("unpublished-indicator")).toHaveText("1 unpublished change · Review and publish →");
  await page.getByTestId("unpublished-indicator").click();
  await expect(page.getByTestId("pending-changes-counts")).toHaveText("1 changed in 1 section.");
  const change = page.getByTestId("review-section-controls").getByTestId("field-change");
  await expect(change).toHaveText("StatusBefore: Implemented→After: Planned");

  await page.goto(`/dashboard/${slug}`);
  await expect(checklist).toContainText("3 of 5 done");
  await expect(page.getByTestId("setup-publish")).toHaveAttribute("data-done", "true");

  // On a phone, the review (a field's before and after) and the history stay within the page.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/dashboard/${slug}/publish`);
  await expect(change).toBeVisible();
  await expect(page.getByRole("cell", { name: "Published", exact: true })).toBeVisible();
  expect(await sticking(page)).toEqual([]);
});

test("the subprocessor form picks its parent from a select of the organisation's subprocessors", async ({ page }) => {
  const slug = await newOrganization(page, "Parents", "dash");
  await newSubprocessor(page, slug, "Router Inc");
  await page.goto(`/dashboard/${slug}/subprocessors/new`);
  const parent = page.getByLabel("Behind (parent subprocessor)");
  await expect(parent.locator("option")).toHaveText(["None: it is not behind another subprocessor", "Router Inc"]);
  await newSubprocessor(page, slug, "Provider Ltd", "Router Inc");
  await page.getByRole("link", { name: "Provider Ltd" }).click();
  await expect(page.getByLabel("Behind (parent subprocessor)")).toHaveValue("Router Inc");
  // Its own edit page never offers itself.
  await expect(page.getByLabel("Behind (parent subprocessor)").locator("option")).toHaveText(["None: it is not behind another subprocessor", "Router Inc"]);
});

test("on the control list, a search, a sort, the next page and opening a control are client navigations: the page is loaded once", async ({ page }) => {
  const slug = await newOrganization(page, "Navigator", "nav");
  // 60 controls (a list page holds 50), imported as a person imports a CSV file.
  const rows = Array.from({ length: 60 }, (_, i) => `N-${String(i + 1).padStart(2, "0")},Access,Control ${i + 1} about ${i % 2 ? "backups" : "encryption"},,IMPLEMENTED,PUBLIC,90,2026-06-01,`);
  await importText(page, slug, "controls-csv", ["ref,domain,title,description,status,visibility,review_cadence_days,last_reviewed_at,evidence", ...rows].join("\n"));

  const documents: string[] = [];
  const navigations: { url: string; tree: string | undefined; prefetch: string | undefined }[] = [];
  page.on("request", (request) => {
    if (request.resourceType() === "document") documents.push(request.url());
    else if (request.headers()["rsc"] === "1") navigations.push({ url: request.url(), tree: request.headers()["next-router-state-tree"], prefetch: request.headers()["next-router-prefetch"] });
  });
  await page.goto(`/dashboard/${slug}/controls`);
  await expect(page.getByTestId("control-N-01")).toBeVisible();

  await page.getByLabel("Search").fill("backups");
  await page.getByRole("button", { name: "Apply", exact: true }).click();
  await expect(page).toHaveURL(/[?&]q=backups/);
  await expect(page.getByTestId("control-N-02")).toBeVisible();
  await expect(page.getByTestId("control-N-01")).toHaveCount(0);

  await page.getByRole("link", { name: "Clear" }).click();
  await expect(page.getByTestId("control-N-01")).toBeVisible();
  await page.getByRole("link", { name: "Title", exact: true }).click();
  await expect(page).toHaveURL(/[?&]sort=title/);
  await page.getByRole("link", { name: "Next →" }).click();
  await expect(page).toHaveURL(/[?&]page=2/);
  await expect(page.getByTestId("control-N-60")).toBeVisible();

  await page.getByRole("link", { name: "N-60", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/dashboard/${slug}/controls/[^/?]+$`));
  await expect(page.getByLabel("Title")).toHaveValue("Control 60 about backups");

  // One document: the first list. Every later step asked for its page's payload, with the browser's
  // route tree (what bench:dashboard's "browser with JavaScript" rows send), and nothing else: no
  // link prefetches (src/components/ui/link.tsx), no form prefetch.
  const list = `/dashboard/${slug}/controls`;
  expect(documents).toEqual([`http://127.0.0.1:${new URL(page.url()).port}${list}`]);
  const asked = navigations.map((n) => {
    const url = new URL(n.url);
    url.searchParams.delete("_rsc");
    return `${url.pathname}${url.search}`;
  });
  expect(asked).toEqual([`${list}?q=backups&status=&area=&visibility=`, list, `${list}?sort=title`, `${list}?sort=title&page=2`, new URL(page.url()).pathname]);
  for (const n of navigations) {
    expect(n.prefetch, n.url).toBeUndefined();
    expect(n.tree, n.url).toBeTruthy();
  }
});
