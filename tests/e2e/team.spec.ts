import { expect, test, type Page } from "@playwright/test";
import { mailCount, readEmail, signInWithLink, sql, sqlOne, uniqueEmail } from "./fixtures";
import { createOrganization } from "./dashboard-steps";

async function openInvitation(page: Page, to: string) {
  await expect
    .poll(async () => {
      await page.goto(`/dev/mailbox?to=${encodeURIComponent(to)}`);
      return page.getByText("You are invited to").count();
    }, { timeout: 20_000 })
    .toBeGreaterThan(0);
  await page.getByText("You are invited to").first().click();
  return (await page.getByTestId("mail-link").first().getAttribute("href")) ?? "";
}

test("an owner invites a teammate, who accepts, signs in and joins with the invited role", async ({ page, browser }) => {
  const owner = uniqueEmail("owner");
  await signInWithLink(page, owner);
  const slug = await createOrganization(page, "Initech");
  await page.getByRole("link", { name: "Members" }).click();

  const teammate = uniqueEmail("teammate");
  await page.getByLabel("Email").fill(teammate);
  await page.getByLabel("Role", { exact: true }).selectOption("EDITOR");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText(`Invitation sent to ${teammate}.`)).toBeVisible();
  await expect(page.getByTestId(`invitation-${teammate}`)).toContainText("Editor");

  const other = await browser.newContext();
  const invitee = await other.newPage();
  const link = await openInvitation(invitee, teammate);
  await invitee.goto(link);
  await expect(invitee.getByRole("heading", { name: "Join Initech" })).toBeVisible();
  const seen = await mailCount(invitee, teammate);
  await invitee.goto(link);
  await invitee.getByRole("button", { name: "Accept and join Initech" }).click();
  await expect(invitee.getByText("You joined Initech. Sign in to continue.")).toBeVisible();
  const mail = await readEmail(invitee, teammate, seen);
  await invitee.goto(`/login/check-email?email=${encodeURIComponent(teammate)}&next=${encodeURIComponent(`/dashboard/${slug}`)}`);
  await invitee.getByLabel("6-digit code").fill(mail.code);
  await invitee.getByRole("button", { name: "Sign in with code" }).click();
  await expect(invitee).toHaveURL(new RegExp(`/dashboard/${slug}$`));
  await expect(invitee.getByText("Editor of Initech")).toBeVisible();

  // The link worked once.
  await invitee.goto(link);
  await expect(invitee.getByRole("heading", { name: "This invitation no longer works" })).toBeVisible();
  await other.close();

  await page.reload();
  await expect(page.getByTestId(`member-${teammate}`)).toContainText("Editor");
});

test("changing a role asks a stale session to verify it is you first", async ({ page }) => {
  const owner = uniqueEmail("careful");
  await signInWithLink(page, owner);
  const slug = await createOrganization(page, "Hooli");
  const { id: orgId } = await sqlOne<{ id: string }>(`SELECT id FROM "Organization" WHERE slug = $1`, [slug]);
  const { id: userId } = await sqlOne<{ id: string }>(`INSERT INTO "User" (email) VALUES ($1) RETURNING id`, [uniqueEmail("viewer")]);
  await sql(`INSERT INTO "Member" ("orgId", "userId", role) VALUES ($1, $2, 'VIEWER')`, [orgId, userId]);
  // Twenty minutes pass since sign-in.
  await sql(`UPDATE "Session" s SET "verifiedAt" = now() - interval '20 minutes' FROM "User" u WHERE u.id = s."userId" AND u.email = $1`, [owner]);

  await page.goto(`/dashboard/${slug}/members`);
  const row = page.locator("tr", { hasText: "viewer-" });
  await row.getByRole("combobox").selectOption("EDITOR");
  await row.getByRole("button", { name: "Change role" }).click();
  await expect(row.getByText("confirm it is you first")).toBeVisible();
  await row.getByRole("link", { name: "Verify it is you" }).click();

  await expect(page.getByRole("heading", { name: "Verify it is you" })).toBeVisible();
  const verifyUrl = page.url();
  const seen = await mailCount(page, owner);
  await page.goto(verifyUrl);
  await page.getByRole("button", { name: `Email a code to ${owner}` }).click();
  await expect(page.getByText(`We emailed a code to ${owner}.`)).toBeVisible();
  await expect.poll(() => mailCount(page, owner), { timeout: 20_000 }).toBeGreaterThan(seen);
  await page.locator("main ul li a").first().click();
  const code = (await page.getByTestId("mail-text").innerText()).match(/\b(\d{6})\b/)![1]!;
  await page.goto(verifyUrl);
  await page.getByLabel("6-digit code from the email").fill(code);
  await page.getByRole("button", { name: "Verify", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/dashboard/${slug}/members$`));

  const again = page.locator("tr", { hasText: "viewer-" });
  await again.getByRole("combobox").selectOption("EDITOR");
  await again.getByRole("button", { name: "Change role" }).click();
  await expect(page.getByText("Role changed.")).toBeVisible();
});

test("the last owner cannot leave or be demoted: the UI and the API say why", async ({ page }) => {
  await signInWithLink(page, uniqueEmail("alone"));
  const slug = await createOrganization(page, "Soylent");
  await page.goto(`/dashboard/${slug}/members`);
  await expect(page.getByText("The last owner: cannot be demoted, removed or leave.")).toBeVisible();
  await page.getByRole("button", { name: "Leave organisation" }).click();
  await expect(page.getByText("You are the last owner, so you cannot leave.")).toBeVisible();

  const { id: memberId } = await sqlOne<{ id: string }>(`SELECT m.id FROM "Member" m JOIN "Organization" o ON o.id = m."orgId" WHERE o.slug = $1`, [slug]);
  const response = await page.evaluate(
    async ([s, m]) => {
      const res = await fetch(`/api/orgs/${s}/members/${m}`, { method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify({ role: "VIEWER" }) });
      return { status: res.status, body: await res.json() };
    },
    [slug, memberId],
  );
  expect(response.status).toBe(409);
  expect(response.body.message).toContain("is the last owner");
});

test("the audit log lists each change, verifies its chain, and exports", async ({ page }) => {
  const owner = uniqueEmail("auditor");
  await signInWithLink(page, owner);
  const slug = await createOrganization(page, "Vandelay");
  await page.getByRole("link", { name: "Settings" }).click();
  await page.getByLabel("Overview").fill("Importers and exporters.");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();

  await page.getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByRole("cell", { name: "org.settings.update" })).toBeVisible();
  await expect(page.getByRole("cell", { name: "org.create" })).toBeVisible();
  await expect(page.getByText('overview: "" → "Importers and exporters."')).toBeVisible();
  await page.getByRole("button", { name: "Verify the chain" }).click();
  await expect(page.getByText("The chain holds: all 3 events verify.")).toBeVisible();

  // With JavaScript, filtering is a client navigation: no document is loaded (ADR 045, FilterForm).
  const documents: string[] = [];
  page.on("request", (request) => void (request.resourceType() === "document" && documents.push(request.url())));
  await page.getByLabel("Action").selectOption("org.create");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page.getByRole("cell", { name: "org.settings.update" })).toHaveCount(0);
  await expect(page).toHaveURL(/[?&]action=org\.create/);
  expect(documents).toEqual([]);

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(new RegExp(`^candor-audit-${slug}-\\d{4}-\\d{2}-\\d{2}\\.csv$`));
});
