import { randomBytes } from "node:crypto";
import { expect, type Page } from "@playwright/test";
import pg from "pg";

export function uniqueEmail(prefix: string) {
  return `${prefix}-${randomBytes(4).toString("hex")}@example.com`;
}

export function uniqueSlug(prefix: string) {
  return `${prefix}-${randomBytes(3).toString("hex")}`;
}

export type Mail = { link: string; code: string; text: string };

export async function mailCount(page: Page, to: string) {
  await page.goto(`/dev/mailbox?to=${encodeURIComponent(to)}`);
  return page.locator("main ul li").count();
}

/** Waits until the development mailbox holds more than `seen` messages to `to`; opens the newest. */
export async function readEmail(page: Page, to: string, seen = 0): Promise<Mail> {
  await expect
    .poll(
      async () => {
        await page.goto(`/dev/mailbox?to=${encodeURIComponent(to)}`);
        return page.locator("main ul li").count();
      },
      { timeout: 20_000, intervals: [250, 500, 1000] },
    )
    .toBeGreaterThan(seen);
  await page.locator("main ul li a").first().click();
  const text = await page.getByTestId("mail-text").innerText();
  const link = (await page.getByTestId("mail-link").first().getAttribute("href")) ?? "";
  // The code stands on a line of its own; a slug or port elsewhere in the mail may also have six digits.
  const code = text.match(/^\s*(\d{6})\s*$/m)?.[1] ?? "";
  expect(link).toContain("/login/confirm?");
  expect(code).toMatch(/^\d{6}$/);
  return { link, code, text };
}

export async function requestSignIn(page: Page, email: string) {
  await page.goto("/login");
  await page.getByLabel("Work email").fill(email);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
}

/** Signs a user in through the whole emailed-link flow; returns the mail that was used. */
export async function signInWithLink(page: Page, email: string): Promise<Mail> {
  const seen = await mailCount(page, email);
  await requestSignIn(page, email);
  const mail = await readEmail(page, email, seen);
  await page.goto(mail.link);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  return mail;
}

/** Direct database access for what a test cannot do through the UI (e.g. let time pass). */
export async function sql<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/** The one row a query must return. */
export async function sqlOne<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T> {
  const [row] = await sql<T>(text, values);
  if (!row) throw new Error(`No row for: ${text}`);
  return row;
}
