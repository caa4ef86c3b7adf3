import { expect, test } from "@playwright/test";
import { readEmail, requestSignIn, signInWithLink, sql, uniqueEmail, uniqueSlug } from "./fixtures";

test("a new user signs in with the emailed link, creates an organisation, and publishes its overview", async ({ page }) => {
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const email = uniqueEmail("founder");
  await signInWithLink(page, email);
  await expect(page.getByRole("heading", { name: "Your organisations" })).toBeVisible();

  await page.getByRole("link", { name: "Create an organisation" }).click();
  const slug = uniqueSlug("acme");
  await page.getByLabel("Organisation name").fill("Acme Widgets");
  await page.getByLabel("Public address").fill(slug);
  await page.getByRole("button", { name: "Create organisation" }).click();
  await expect(page).toHaveURL(new RegExp(`/dashboard/${slug}$`));
  await expect(page.getByText("Owner of Acme Widgets")).toBeVisible();

  await page.getByRole("link", { name: "Settings" }).click();
  await page.getByLabel("Overview").fill('We encrypt **everything** at rest.\n\n<script>alert("xss")</script>\n\n[click](javascript:alert(1))');
  await page.getByLabel("Security contact email").fill("security@acme.example");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();

  // Nothing is public before it is published.
  await page.goto(`/t/${slug}`);
  await expect(page.getByText("Nothing has been published yet")).toBeVisible();
  await page.goto(`/dashboard/${slug}/publish`);
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByText("Published #1.")).toBeVisible();

  await page.goto(`/t/${slug}`);
  await expect(page.getByRole("heading", { level: 1, name: "Acme Widgets" })).toBeVisible();
  await expect(page.locator("strong", { hasText: "everything" })).toBeVisible();
  await expect(page.getByRole("link", { name: "security@acme.example" })).toHaveAttribute("href", "mailto:security@acme.example");
  await expect(page.locator("script:not([type='application/ld+json'])")).toHaveCount(0);
  expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
  expect(dialogs).toEqual([]);
});

test("signing in with the 6-digit code instead of the link", async ({ page }) => {
  const email = uniqueEmail("coder");
  await requestSignIn(page, email);
  const mail = await readEmail(page, email);
  await page.goto(`/login/check-email?email=${encodeURIComponent(email)}`);
  await page.getByLabel("6-digit code").fill(mail.code);
  await page.getByRole("button", { name: "Sign in with code" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole("link", { name: email })).toBeVisible();
});

test("a link that was already used is refused with a clear message", async ({ page, browser }) => {
  const email = uniqueEmail("reuse");
  await requestSignIn(page, email);
  const mail = await readEmail(page, email);

  // A second browser opened the link first and is showing the confirmation button.
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await otherPage.goto(mail.link);
  await expect(otherPage.getByRole("button", { name: "Sign in", exact: true })).toBeVisible();

  await page.goto(mail.link);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/dashboard$/);

  await otherPage.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(otherPage.getByRole("heading", { name: "This sign-in link no longer works" })).toBeVisible();
  await expect(otherPage).not.toHaveURL(/\/dashboard/);

  await otherPage.goto(mail.link);
  await expect(otherPage.getByRole("heading", { name: "This sign-in link no longer works" })).toBeVisible();
  await other.close();
});

test("an expired link is refused with a clear message", async ({ page }) => {
  const email = uniqueEmail("late");
  await requestSignIn(page, email);
  const mail = await readEmail(page, email);
  await page.goto(mail.link);
  await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeVisible();

  // Eleven minutes pass.
  await sql(`UPDATE "VerificationToken" SET expires = now() - interval '1 minute' WHERE identifier = $1`, [email]);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("heading", { name: "This sign-in link no longer works" })).toBeVisible();
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/login\?next=%2Fdashboard$/);
});

test("after five wrong codes the sixth attempt is refused, even with the right code", async ({ page }) => {
  const email = uniqueEmail("guess");
  await requestSignIn(page, email);
  const mail = await readEmail(page, email);
  const wrong = mail.code === "000000" ? "111111" : "000000";
  await page.goto(`/login/check-email?email=${encodeURIComponent(email)}`);
  for (let attempt = 1; attempt <= 4; attempt++) {
    await page.getByLabel("6-digit code").fill(wrong);
    await page.getByRole("button", { name: "Sign in with code" }).click();
    await expect(page.getByText(`${5 - attempt} ${5 - attempt === 1 ? "attempt" : "attempts"} left.`)).toBeVisible();
  }
  await page.getByLabel("6-digit code").fill(wrong);
  await page.getByRole("button", { name: "Sign in with code" }).click();
  await expect(page.getByText("This code no longer works")).toBeVisible();

  await page.getByLabel("6-digit code").fill(mail.code);
  await page.getByRole("button", { name: "Sign in with code" }).click();
  await expect(page.getByText("This code no longer works")).toBeVisible();
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/login/);
});

test("a mail scanner opening the link signs nobody in and does not burn it", async ({ page, request }) => {
  const email = uniqueEmail("scanned");
  await requestSignIn(page, email);
  const mail = await readEmail(page, email);
  for (let i = 0; i < 3; i++) {
    const response = await request.get(mail.link);
    expect(response.status()).toBe(200);
    expect(response.headers()["set-cookie"] ?? "").not.toContain("candor.session");
  }
  const sessions = await sql(`SELECT s.id FROM "Session" s JOIN "User" u ON u.id = s."userId" WHERE u.email = $1`, [email]);
  expect(sessions).toHaveLength(0);

  await page.goto(mail.link);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
});

test("signing out ends the session on the server", async ({ page, context }) => {
  const email = uniqueEmail("leaver");
  await signInWithLink(page, email);
  const cookie = (await context.cookies()).find((c) => c.name.endsWith("candor.session"));
  expect(cookie?.value).toMatch(/^[0-9a-f]{64}$/);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByText("You are signed out.")).toBeVisible();

  // Replaying the old cookie gets nothing.
  await context.addCookies([{ ...cookie!, expires: -1 }]);
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/login/);
});

test("a user sees their sessions and can sign out every other browser", async ({ page, browser }) => {
  const email = uniqueEmail("two-browsers");
  const laptop = await browser.newContext();
  const laptopPage = await laptop.newPage();
  await signInWithLink(laptopPage, email);
  await signInWithLink(page, email);

  await page.getByRole("link", { name: email }).click();
  await expect(page.getByRole("heading", { name: "Sessions" })).toBeVisible();
  await expect(page.locator("tbody tr")).toHaveCount(2);
  await expect(page.getByText("this browser")).toHaveCount(1);
  await page.getByRole("button", { name: "Sign out all other sessions" }).click();
  await expect(page.getByText("Signed out 1 other session.")).toBeVisible();
  await expect(page.locator("tbody tr")).toHaveCount(1);

  await laptopPage.goto("/dashboard");
  await expect(laptopPage).toHaveURL(/\/login/);
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/dashboard$/);
  await laptop.close();
});
