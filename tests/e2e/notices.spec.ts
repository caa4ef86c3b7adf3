import { createHash, randomBytes } from "node:crypto";
import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import { sql, sqlOne, uniqueEmail, uniqueSlug } from "./fixtures";

/**
 * Subprocessor change notices and objections (issue 13, ADR 031) in a browser against the
 * production build: an owner sets a 30-day notice period, is refused a new subprocessor effective
 * tomorrow (the earliest allowed day is named), marks it urgent with a reason and publishes; the
 * organisation's tenant host shows "Upcoming changes" with the reason and an Object link; a
 * customer objects, confirms from the development mailbox and gets a receipt; the owner finds the
 * objection in the register and resolves it with a note.
 */
const port = Number(process.env.E2E_PORT ?? 3100);
const app = `http://127.0.0.1:${port}`;
const DAY = 86_400_000;
const day = (offset: number) => new Date(Date.now() + offset * DAY).toISOString().slice(0, 10);

/** A signed-in owner whose session was verified just now (the CSV export asks for a recent verification). */
async function signInVerified(context: BrowserContext, email: string) {
  const user = await sqlOne<{ id: string }>(`INSERT INTO "User" (email) VALUES ($1) RETURNING id`, [email]);
  const token = randomBytes(32).toString("hex");
  await sql(`INSERT INTO "Session" ("sessionToken", "userId", expires, "verifiedAt") VALUES ($1, $2, now() + interval '1 day', now())`, [createHash("sha256").update(token).digest("hex"), user.id]);
  await context.addCookies([{ name: "candor.session", value: token, domain: "127.0.0.1", path: "/", httpOnly: true, sameSite: "Lax" }]);
}

/** Waits until `to` has more than `seen` mails, opens the newest, and returns its text and first link. */
async function newestMail(page: Page, to: string, seen: number) {
  await expect
    .poll(
      async () => {
        await page.goto(`${app}/dev/mailbox?to=${encodeURIComponent(to)}`);
        return page.locator("main ul li").count();
      },
      { timeout: 20_000, intervals: [250, 500, 1000] },
    )
    .toBeGreaterThan(seen);
  await page.locator("main ul li a").first().click();
  const text = await page.getByTestId("mail-text").innerText();
  const link = await page.getByTestId("mail-link").first().getAttribute("href");
  return { text, link };
}

test("notice period refusal, an urgent change published with its reason, an objection filed, confirmed and resolved", async ({ page, browser }) => {
  test.setTimeout(180_000);
  const slug = uniqueSlug("notices");
  const ownerEmail = uniqueEmail("notices-owner");
  const objector = uniqueEmail("dpo");
  await signInVerified(page.context(), ownerEmail);

  await page.goto(`${app}/dashboard/new`);
  await page.getByLabel("Organisation name").fill("Notice Test Co");
  await page.getByLabel("Public address").fill(slug);
  await page.getByRole("button", { name: "Create organisation" }).click();
  await expect(page).toHaveURL(new RegExp(`/dashboard/${slug}$`));

  // The notice period.
  await page.goto(`${app}/dashboard/${slug}/settings`);
  await page.getByLabel("Subprocessor notice period (days)").fill("30");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Saved. Publish to show the changes on your public page.")).toBeVisible();

  // A new subprocessor effective tomorrow: refused, naming the earliest day.
  await page.goto(`${app}/dashboard/${slug}/subprocessors/new`);
  await page.getByLabel("Vendor").fill("Relay Mail");
  await page.getByLabel("Purpose").fill("Transactional email");
  await page.getByLabel("Data categories").fill("Recipient email");
  await page.getByLabel("Location or region").fill("Frankfurt, DE");
  await page.getByLabel("Takes effect on").fill(day(1));
  await page.getByRole("button", { name: "Create subprocessor" }).click();
  const refusal = `The earliest effective date allowed is ${day(30)} (today plus the 30-day notice period).`;
  await expect(page.getByText(refusal).first()).toBeVisible();
  expect(await sql(`SELECT id FROM "Subprocessor" WHERE "orgId" = (SELECT id FROM "Organization" WHERE slug = $1)`, [slug])).toEqual([]);

  // Marked urgent with a reason: accepted. (The content form does not keep what was typed after a
  // refusal, so the fields are filled again, as a person would have to.)
  await page.getByLabel("Vendor").fill("Relay Mail");
  await page.getByLabel("Purpose").fill("Transactional email");
  await page.getByLabel("Data categories").fill("Recipient email");
  await page.getByLabel("Location or region").fill("Frankfurt, DE");
  await page.getByLabel("Takes effect on").fill(day(1));
  await page.getByLabel("Urgent change").selectOption("yes");
  await page.getByLabel("Why it is urgent").fill("Our previous provider shuts down this week.");
  await page.getByRole("button", { name: "Create subprocessor" }).click();
  await expect(page.getByText("Created.")).toBeVisible();

  await page.goto(`${app}/dashboard/${slug}/publish`);
  await page.getByRole("button", { name: "Publish", exact: true }).click();
  await expect(page.getByTestId("publish-feedback")).toContainText("Published #1.");

  // The public page on the tenant host, seen by a customer with no session.
  const customer = await browser.newContext();
  const visitor = await customer.newPage();
  const tenant = `http://${slug}.localhost:${port}`;
  await visitor.goto(`${tenant}/`);
  await expect(visitor.getByRole("heading", { name: "Upcoming changes" })).toBeVisible();
  const item = visitor.locator("ul.upcoming li").filter({ hasText: "Relay Mail" });
  await expect(item).toContainText("Urgent");
  await expect(item).toContainText("Why: Our previous provider shuts down this week.");
  await item.getByRole("link", { name: "Object", exact: true }).click();
  await expect(visitor.getByRole("heading", { name: "Object to a subprocessor change" })).toBeVisible();
  await visitor.getByLabel("Work email").fill(objector);
  await visitor.getByLabel("Company").fill("Customer <b>Ltd</b>");
  await visitor.getByLabel("Reason").fill("Our DPA requires EU-only processing. <script>alert(1)</script>");
  await visitor.getByRole("button", { name: "Send my objection" }).click();
  await expect(visitor.getByRole("heading", { name: "Check your email" })).toBeVisible();

  const verify = await newestMail(visitor, objector, 0);
  expect(verify.link).toContain(`${tenant}/subprocessors/object/verify?token=`);
  await visitor.goto(verify.link!);
  await visitor.getByRole("button", { name: "Confirm and send my objection" }).click();
  await expect(visitor.getByRole("heading", { name: "Your objection was sent" })).toBeVisible();
  const sentence = await visitor.getByText(/Your reference is OBJ-[0-9A-F]{8}; we emailed you a receipt\./).innerText();
  const reference = /OBJ-[0-9A-F]{8}/.exec(sentence)![0];
  const receipt = await newestMail(visitor, objector, 1);
  expect(receipt.text).toContain(reference);
  await customer.close();

  // The owner: the changes list, then the register, from the subprocessors screen.
  await page.goto(`${app}/dashboard/${slug}/subprocessors`);
  await page.getByRole("link", { name: "Changes and notices" }).click();
  const change = page.getByTestId("change-Relay Mail");
  await expect(change).toContainText("Publication #1");
  await expect(change).toContainText("Urgent");
  await expect(change).toContainText("Our previous provider shuts down this week.");
  await expect(change.getByRole("link", { name: "1" })).toBeVisible();
  const csv = await page.request.get(await change.getByRole("link", { name: "Who was notified (CSV)" }).getAttribute("href").then((href) => `${app}${href}`), { maxRedirects: 0 });
  expect(csv.status()).toBe(200);
  expect(csv.headers()["cache-control"]).toBe("private, no-store");
  expect(await csv.text()).toBe("change_id,vendor,effective_on,email,notified_at,channel\r\n");

  await page.getByRole("link", { name: "Objection register" }).click();
  await expect(page.getByRole("link", { name: "Open (1)" })).toBeVisible();
  const row = page.getByTestId(`objection-${objector}`);
  await expect(row).toContainText("Customer <b>Ltd</b>");
  await expect(row).toContainText("Our DPA requires EU-only processing. <script>alert(1)</script>");
  await expect(row).toContainText(reference);
  await row.getByText("Resolve or mark withdrawn").click();
  await row.getByLabel("Note").fill("Moved them to our EU region; confirmed by email.");
  await row.getByRole("button", { name: "Save decision" }).click();
  // Settled: it leaves the open tab for the resolved one.
  await expect(page.getByRole("link", { name: "Open (0)" })).toBeVisible();
  await page.getByRole("link", { name: "Resolved (1)" }).click();
  const resolved = page.getByTestId(`objection-${objector}`);
  await expect(resolved).toContainText("Moved them to our EU region; confirmed by email.");
  await expect(resolved.getByText("Resolve or mark withdrawn")).toHaveCount(0);
  const [stored] = await sql<{ status: string; note: string }>(`SELECT status, note FROM "SubprocessorObjection" WHERE email = $1`, [objector]);
  expect(stored).toEqual({ status: "RESOLVED", note: "Moved them to our EU region; confirmed by email." });
});
