import { expect, test } from "@playwright/test";

/**
 * /docs/api renders the OpenAPI document with the self-hosted viewer under the app's CSP
 * (ADR 035): every operation is listed, nothing leaves this origin, no CSP violation.
 */
test("the API reference renders the spec from this origin only, with no CSP violation", async ({ page, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  const elsewhere: string[] = [];
  const violations: string[] = [];
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (!["data:", "blob:"].includes(url.protocol) && url.origin !== origin) elsewhere.push(request.url());
  });
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  const response = await page.goto("/docs/api");
  expect(response?.status()).toBe(200);
  expect(response?.headers()["content-security-policy"]).toContain("'strict-dynamic'");
  await expect(page.getByRole("heading", { level: 1, name: "Candor API" })).toBeVisible({ timeout: 20_000 });
  // One viewer, with every tag of the document in its sidebar, and none of the hosted extras turned on.
  const sidebar = page.getByRole("complementary", { name: "Sidebar for Candor API" });
  for (const tag of ["organization", "controls", "publications", "access"]) await expect(sidebar.getByRole("link", { name: tag, exact: true })).toBeVisible();
  await expect(page.getByRole("complementary")).toHaveCount(1);
  await expect(page.getByRole("button", { name: "Ask AI" })).toHaveCount(0);
  expect(violations).toEqual([]);
  expect(elsewhere).toEqual([]);
});

test("the OpenAPI document is served as JSON, version 3.1", async ({ request }) => {
  const response = await request.get("/api/v1/openapi.json");
  expect(response.status()).toBe(200);
  const doc = await response.json();
  expect(doc.openapi).toBe("3.1.0");
  expect(Object.keys(doc.paths)).toContain("/controls/{id}");
});
