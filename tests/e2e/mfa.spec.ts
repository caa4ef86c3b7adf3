import { expect, test } from "@playwright/test";
import { generate } from "otplib";
import { mailCount, readEmail, requestSignIn, signInWithLink, sql, sqlOne, uniqueEmail, uniqueSlug } from "./fixtures";

// A code is accepted one 30-second step either side of the server's clock: the current code
// survives a step ending while the form is submitted, and the next step's code (offset 1) is
// always newer than it, as the replay guard requires. (The previous step's code was refused
// whenever a step ended between reading and checking it.)
const codeAt = (secret: string, offsetSteps = 0) => generate({ secret, epoch: Math.floor(Date.now() / 1000) + offsetSteps * 30 });

test("a user sets up an authenticator app, and signing in then asks for it", async ({ page, context }) => {
  const email = uniqueEmail("twofactor");
  await signInWithLink(page, email);
  await page.goto("/dashboard/account/security");
  await page.getByRole("button", { name: "Set up an authenticator app" }).click();
  await expect(page.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();
  const secret = (await page.getByTestId("totp-secret").innerText()).replace(/\s+/g, "");
  await page.getByLabel("Code from your app").fill(await codeAt(secret));
  await page.getByRole("button", { name: "Turn on" }).click();
  await expect(page.getByTestId("recovery-codes").locator("li")).toHaveCount(10);

  await context.clearCookies();
  const seen = await mailCount(page, email);
  await requestSignIn(page, email);
  const mail = await readEmail(page, email, seen);
  await page.goto(mail.link);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/login\/mfa/);
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/login\/mfa/);
  await page.getByLabel("Code").fill("000000" === (await codeAt(secret, 1)) ? "111111" : "000000");
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByText("That code is not right")).toBeVisible();
  await page.getByLabel("Code").fill(await codeAt(secret, 1));
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
});

test("an organisation that requires a second factor stops a member without one", async ({ page, browser }) => {
  const owner = uniqueEmail("strict");
  await signInWithLink(page, owner);
  const slug = uniqueSlug("strict");
  await page.goto("/dashboard/new");
  await page.getByLabel("Organisation name").fill("Strict Co");
  await page.getByLabel("Public address").fill(slug);
  await page.getByRole("button", { name: "Create organisation" }).click();
  await expect(page).toHaveURL(new RegExp(`/dashboard/${slug}$`));

  // Without a second factor of their own, the owner cannot switch the rule on.
  await page.goto(`/dashboard/${slug}/settings`);
  await page.getByLabel("Require a second factor for every member").check();
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Set up your own authenticator app first")).toBeVisible();

  const member = uniqueEmail("lax");
  const { id: orgId } = await sqlOne<{ id: string }>(`SELECT id FROM "Organization" WHERE slug = $1`, [slug]);
  await sql(`UPDATE "Organization" SET "requireMfa" = true WHERE id = $1`, [orgId]);
  const memberContext = await browser.newContext();
  const memberPage = await memberContext.newPage();
  await signInWithLink(memberPage, member);
  const { id: userId } = await sqlOne<{ id: string }>(`SELECT id FROM "User" WHERE email = $1`, [member]);
  await sql(`INSERT INTO "Member" ("orgId", "userId", role) VALUES ($1, $2, 'EDITOR')`, [orgId, userId]);

  await memberPage.goto(`/dashboard/${slug}`);
  await expect(memberPage).toHaveURL(new RegExp(`/dashboard/account/security\\?required=${slug}$`));
  await expect(memberPage.getByText("A second factor is required")).toBeVisible();
  await memberContext.close();
});
