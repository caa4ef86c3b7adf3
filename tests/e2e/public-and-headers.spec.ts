import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";

test("the demo trust center renders without JavaScript", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const response = await page.goto("/t/demo");
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1, name: "Demo Co" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Controls", exact: true })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Report a vulnerability" })).toBeVisible();
  await expect(page.getByRole("list", { name: "Controls by status" })).toContainText("Coverage");
  await context.close();
});

test("an unknown organisation is a real 404", async ({ page }) => {
  const response = await page.goto("/t/no-such-org");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Nothing here" })).toBeVisible();
});

test("public trust centers allow no script at all", async ({ request }) => {
  for (const path of ["/t/demo", "/t/demo/changelog", "/t/demo/verify"]) {
    const response = await request.get(path);
    const headers = response.headers();
    expect(headers["content-security-policy"], path).toContain("default-src 'none'");
    expect(headers["content-security-policy"], path).not.toContain("script-src");
    expect(headers["set-cookie"], path).toBeUndefined();
    expect(headers["x-powered-by"], path).toBeUndefined();
  }
});

test("every page carries the security headers, and no framework banner", async ({ request }) => {
  for (const path of ["/", "/login", "/api/health"]) {
    const response = await request.get(path);
    const headers = response.headers();
    const csp = headers["content-security-policy"] ?? "";
    const scriptSrc = csp.split(";").find((d) => d.trim().startsWith("script-src")) ?? "";
    expect(scriptSrc, path).toMatch(/'nonce-[A-Za-z0-9+/=]{16,}'/);
    expect(scriptSrc, path).not.toContain("unsafe-inline");
    expect(csp, path).toContain("frame-ancestors 'none'");
    expect(headers["x-content-type-options"], path).toBe("nosniff");
    expect(headers["referrer-policy"], path).toBe("strict-origin-when-cross-origin");
    expect(headers["permissions-policy"], path).toContain("camera=()");
    expect(headers["x-powered-by"], path).toBeUndefined();
  }
});

test("the dashboard sends visitors who are not signed in to the sign-in page", async ({ page }) => {
  await page.goto("/dashboard/demo/settings");
  await expect(page).toHaveURL(/\/login\?next=%2Fdashboard%2Fdemo%2Fsettings$/);
});

test("Auth.js's own HTTP endpoints are not exposed", async ({ request }) => {
  for (const path of ["/api/auth/session", "/api/auth/csrf", "/api/auth/callback/email?token=x&email=a@b.co"]) {
    expect((await request.get(path)).status(), path).toBe(404);
  }
  expect((await request.post("/api/auth/signin/email", { form: { email: "a@b.co" } })).status()).toBe(404);
});

test("sign-in and public pages have no accessibility violations (axe)", async ({ page }) => {
  for (const path of ["/login", "/t/demo"]) {
    await page.goto(path);
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.help}`), path).toEqual([]);
  }
});
