import { execFileSync } from "node:child_process";
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { signInWithLink } from "./fixtures";

test("the demo is published: its chain verifies offline with the dependency-free script", async ({ request, baseURL }) => {
  const trust = await (await request.get("/t/demo/trust.json")).json();
  expect(trust.seq).toBeGreaterThanOrEqual(1);
  expect(trust.publication.organization.slug).toBe("demo");
  const output = execFileSync(process.execPath, ["public/verify-candor.mjs", `${baseURL}/t/demo`]).toString();
  expect(output).toContain(`all ${trust.seq} publications verify`);
  // The script is served to anyone who wants it.
  expect((await request.get("/verify-candor.mjs")).status()).toBe(200);
});

test("the public page is cached by publication: 304 on a matching ETag, gzip when asked", async ({ request }) => {
  const first = await request.get("/t/demo", { headers: { "Accept-Encoding": "gzip" } });
  expect(first.status()).toBe(200);
  const etag = first.headers()["etag"]!;
  expect(etag).toMatch(/^"[0-9a-f]{64}\.\d{4}-\d{2}-\d{2}"$/);
  // CDN-friendly: a short max-age and stale-while-revalidate; the ETag makes revalidation a 304.
  expect(first.headers()["cache-control"]).toMatch(/^public, max-age=\d{1,2}, stale-while-revalidate=\d+$/);
  expect(first.headers()["content-encoding"]).toBe("gzip");
  expect(await first.text()).toContain("<h1");
  const again = await request.get("/t/demo", { headers: { "If-None-Match": etag } });
  expect(again.status()).toBe(304);
});

test("preview shows a draft change; publishing shows it to everyone at once", async ({ page, request }) => {
  await signInWithLink(page, "owner@demo.test");
  const question = `Fresh question ${Date.now()}?`;
  await page.goto("/dashboard/demo/faqs/new");
  await page.getByLabel("Question").fill(question);
  await page.getByRole("textbox", { name: "Answer" }).fill("A fresh answer.");
  await page.getByRole("button", { name: "Create FAQ" }).click();
  await expect(page).toHaveURL(/\/dashboard\/demo\/faqs\?created=1$/);

  expect(await (await request.get("/t/demo")).text()).not.toContain(question);
  await page.goto("/dashboard/demo/publish");
  await expect(page.getByTestId("pending-changes")).toContainText(`FAQ added: ${question}`);
  await page.goto("/dashboard/demo/publish/preview");
  await expect(page.getByText("Preview: this is what would be published.")).toBeVisible();
  await expect(page.getByText(question)).toBeVisible();

  await page.goto("/dashboard/demo/publish");
  await page.getByRole("button", { name: "Publish changes" }).click();
  await expect(page.getByText(/Published #\d+\./)).toBeVisible();
  expect(await (await request.get("/t/demo")).text()).toContain(question);
  await page.goto("/t/demo/changelog");
  await expect(page.getByText(`FAQ added: ${question}`)).toBeVisible();
});

test("the public surfaces have no accessibility violations (axe)", async ({ page }) => {
  for (const path of ["/t/demo", "/t/demo/changelog", "/t/demo/verify"]) {
    await page.goto(path);
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`), path).toEqual([]);
  }
});
