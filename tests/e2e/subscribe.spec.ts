import { createHash, randomBytes } from "node:crypto";
import { expect, request as playwrightRequest, test, type Browser, type Page } from "@playwright/test";
import { sql, sqlOne, uniqueEmail } from "./fixtures";

/**
 * A subscriber's whole life on the production build with its worker (issue 13, ADR 030): subscribe
 * on the demo organisation's trust page (its tenant host, and /t/demo on the app host), the
 * confirmation mail, its page (a GET changes nothing; the button confirms), a subprocessor added
 * and published by an owner, the notice in the dev mailbox with the change in words and RFC 8058
 * headers, the one-click unsubscribe a mail provider makes (POST, no cookie, no Origin), and then
 * silence for that address while the other subscriber is still told of the next change.
 */
const port = Number(process.env.E2E_PORT ?? 3100);
const app = `http://127.0.0.1:${port}`;
const tenantHost = `demo.${process.env.PLATFORM_DOMAIN ?? "localhost"}:${port}`;
const tenant = `http://${tenantHost}`;

test.describe.configure({ mode: "serial" });

type Kept = { subject: string; text: string; headers: Record<string, string> | null };

/** The mails the dev mailbox keeps for `to`, oldest first, with the headers a mail client would read. */
async function kept(to: string) {
  return sql<Kept>(`SELECT subject, text, headers FROM "DevMailboxMessage" WHERE recipient = $1 ORDER BY "createdAt", id`, [to]);
}

/** Waits (bounded) until the mailbox holds `count` mails to `to`; returns them. */
async function mailsOnceThere(to: string, count: number, timeout = 60_000) {
  await expect.poll(async () => (await kept(to)).length, { timeout, intervals: [500, 1000, 2000] }).toBeGreaterThanOrEqual(count);
  return kept(to);
}

/** The confirmation mail's link, read the way a person does: in the mailbox page. */
async function confirmationLink(page: Page, to: string) {
  await mailsOnceThere(to, 1, 30_000);
  await page.goto(`${app}/dev/mailbox?to=${encodeURIComponent(to)}`);
  await page.locator("main ul li a").first().click();
  await expect(page.getByTestId("mail-text")).toContainText("Subprocessors");
  return (await page.getByTestId("mail-link").first().getAttribute("href"))!;
}

async function subscribe(page: Page, trustPage: string, email: string) {
  await page.goto(trustPage);
  await expect(page.getByRole("heading", { name: "Subscribe to updates" })).toBeVisible();
  const form = page.locator("form.subscribe");
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Subprocessors").check();
  await form.getByRole("button", { name: "Subscribe" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await expect(page.getByText(`If ${email} can be subscribed, we sent it a link.`)).toBeVisible();
}

async function statusOf(email: string) {
  return (await sqlOne<{ status: string }>(`SELECT status::text FROM "Subscriber" WHERE email = $1`, [email])).status;
}

/** An owner (verified just now) adds a subprocessor in the dashboard and publishes it. */
async function publishSubprocessor(browser: Browser, vendor: string, location: string, purpose: string) {
  const email = uniqueEmail("subscribe-owner");
  const user = await sqlOne<{ id: string }>(`INSERT INTO "User" (email) VALUES ($1) RETURNING id`, [email]);
  await sql(`INSERT INTO "Member" ("orgId", "userId", role) SELECT id, $1, 'OWNER' FROM "Organization" WHERE slug = 'demo'`, [user.id]);
  const session = randomBytes(32).toString("hex");
  await sql(`INSERT INTO "Session" ("sessionToken", "userId", expires, "verifiedAt") VALUES ($1, $2, now() + interval '1 day', now())`, [createHash("sha256").update(session).digest("hex"), user.id]);
  const context = await browser.newContext();
  await context.addCookies([{ name: "candor.session", value: session, domain: "127.0.0.1", path: "/", httpOnly: true, sameSite: "Lax" }]);
  const owner = await context.newPage();
  await owner.goto(`${app}/dashboard/demo/subprocessors/new`);
  await owner.getByLabel("Vendor").fill(vendor);
  await owner.getByLabel("Purpose").fill(purpose);
  await owner.getByLabel("Location or region").fill(location);
  await owner.getByRole("button", { name: "Create subprocessor" }).click();
  await expect(owner).toHaveURL(/\/dashboard\/demo\/subprocessors\?created=1$/);
  await owner.goto(`${app}/dashboard/demo/publish`);
  await owner.getByRole("button", { name: "Publish changes" }).click();
  await expect(owner.getByTestId("publish-feedback")).toContainText(/Published #\d+\./);
  await context.close();
}

test.beforeAll(async () => {
  await sql(`DELETE FROM rate_limits WHERE key LIKE 'subscribe-%'`);
});

test("subscribe → confirm by button → a published subprocessor arrives in words with RFC 8058 headers → one-click unsubscribe by POST → nothing more to that address", async ({ page, browser }) => {
  test.setTimeout(240_000);
  const onHost = uniqueEmail("sub-host");
  const onApp = uniqueEmail("sub-app");

  // Subscribe on the tenant host, and on the app host's /t/demo.
  await subscribe(page, `${tenant}/`, onHost);
  await subscribe(page, `${app}/t/demo`, onApp);
  expect(await statusOf(onHost)).toBe("PENDING");

  // The confirmation link names the host the subscription was made on; its page only shows a button.
  const hostLink = await confirmationLink(page, onHost);
  expect(hostLink).toMatch(new RegExp(`^${tenant.replace(/\./g, "\\.")}/subscribe/confirm\\?token=[A-Za-z0-9_-]+$`));
  const appLink = await confirmationLink(page, onApp);
  expect(appLink).toMatch(new RegExp(`^${app.replace(/\./g, "\\.")}/t/demo/subscribe/confirm\\?token=[A-Za-z0-9_-]+$`));
  const landing = await page.goto(hostLink);
  expect(landing!.status()).toBe(200);
  expect(landing!.headers()["cache-control"]).toBe("private, no-store");
  await expect(page.getByRole("heading", { name: "Confirm your subscription" })).toBeVisible();
  await page.reload();
  expect(await statusOf(onHost)).toBe("PENDING");
  await page.getByRole("button", { name: "Confirm my subscription" }).click();
  await expect(page.getByRole("heading", { name: "You are subscribed" })).toBeVisible();
  expect(await statusOf(onHost)).toBe("CONFIRMED");
  await page.goto(appLink);
  await page.getByRole("button", { name: "Confirm my subscription" }).click();
  await expect(page.getByRole("heading", { name: "You are subscribed" })).toBeVisible();
  expect(await statusOf(onApp)).toBe("CONFIRMED");

  // An owner publishes a new subprocessor: the worker's fan-out mails both, in words.
  await publishSubprocessor(browser, "Postmark E2E", "Ireland", "transactional email");
  const [, notice] = await mailsOnceThere(onHost, 2);
  expect(notice!.subject).toBe("Demo Co updated its trust center");
  expect(notice!.text).toContain("Subprocessor added: Postmark E2E (Ireland, transactional email)");
  const listUnsubscribe = notice!.headers?.["List-Unsubscribe"] ?? "";
  expect(listUnsubscribe).toMatch(new RegExp(`^<${tenant.replace(/\./g, "\\.")}/unsubscribe\\?s=[0-9a-f-]{36}\\.[A-Za-z0-9_-]{43}>$`));
  expect(notice!.headers?.["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
  const unsubscribeUrl = listUnsubscribe.slice(1, -1);
  // The same address is in the body, for a person to click.
  expect(notice!.text).toContain(unsubscribeUrl);
  const [, appNotice] = await mailsOnceThere(onApp, 2);
  expect(appNotice!.text).toContain("Subprocessor added: Postmark E2E (Ireland, transactional email)");
  expect(appNotice!.headers?.["List-Unsubscribe"]).toMatch(new RegExp(`^<${app.replace(/\./g, "\\.")}/t/demo/unsubscribe\\?s=[0-9a-f-]{36}\\.[A-Za-z0-9_-]{43}>$`));

  // The mail provider's one-click POST: no cookie, no Origin, the body RFC 8058 prescribes.
  // (Node does not resolve *.localhost: the request goes to the address, named by its Host.)
  const provider = await playwrightRequest.newContext();
  const url = new URL(unsubscribeUrl);
  const oneClick = await provider.post(`${app}${url.pathname}${url.search}`, {
    headers: { Host: tenantHost, "Content-Type": "application/x-www-form-urlencoded" },
    data: "List-Unsubscribe=One-Click",
    maxRedirects: 0,
  });
  expect(oneClick.status()).toBe(200);
  expect(oneClick.headers()["cache-control"]).toBe("private, no-store");
  expect(await oneClick.text()).toContain("You are unsubscribed");
  // Idempotent: a provider that retries gets the same answer.
  const again = await provider.post(`${app}${url.pathname}${url.search}`, {
    headers: { Host: tenantHost, "Content-Type": "application/x-www-form-urlencoded" },
    data: "List-Unsubscribe=One-Click",
    maxRedirects: 0,
  });
  expect(again.status()).toBe(200);
  await provider.dispose();
  expect(await statusOf(onHost)).toBe("UNSUBSCRIBED");

  // The next change: the one still subscribed is told; the one who left gets nothing more.
  await publishSubprocessor(browser, "Mailgun E2E", "Germany", "bulk email");
  const appMails = await mailsOnceThere(onApp, 3);
  expect(appMails[2]!.text).toContain("Subprocessor added: Mailgun E2E (Germany, bulk email)");
  // The fan-out is one job for both; its job is done once the other's mail is out. Give a
  // stray second chunk a moment more all the same, then count.
  await expect.poll(async () => (await sql(`SELECT 1 FROM pgboss.job WHERE name = 'subscribers.fanout' AND state IN ('created', 'retry', 'active')`)).length, { timeout: 30_000 }).toBe(0);
  const hostMails = await kept(onHost);
  expect(hostMails.map((mail) => mail.text.includes("Mailgun E2E"))).toEqual([false, false]);
  expect(hostMails).toHaveLength(2);
  const notices = await sql<{ email: string; n: string }>(
    `SELECT email, count(*)::text AS n FROM "PublicationNotice" WHERE email = ANY($1::text[]) GROUP BY email ORDER BY email`,
    [[onApp, onHost].sort()],
  );
  expect(notices).toEqual([onApp, onHost].sort().map((email) => ({ email, n: email === onApp ? "2" : "1" })));
});
