import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { sql, sqlOne, uniqueEmail, uniqueSlug } from "./fixtures";
import { signInDirectly } from "./sessions";

/**
 * The organisation's Access area (issue 12, part D), in a browser against the production build:
 * an owner decides requests (approve with chosen items and days, deny with a reason mailed to
 * the requester), edits the ordered rules and publishes NDA versions; a VIEWER sees none of it
 * and is refused by the actions when calling them directly. Requests are inserted as the public
 * flow leaves them after the address is confirmed (that flow has its own spec).
 */

const pdf = (text: string) => Buffer.from(`%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n% ${text}\ntrailer << /Root 1 0 R >>\n%%EOF\n`);
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

async function createPublishedOrganization(page: Page) {
  const slug = uniqueSlug("access");
  await page.goto("/dashboard/new");
  await page.getByLabel("Organisation name").fill("Access Test Co");
  await page.getByLabel("Public address").fill(slug);
  await page.getByRole("button", { name: "Create organisation" }).click();
  await expect(page).toHaveURL(new RegExp(`/dashboard/${slug}$`));
  for (const title of ["Pen test 2026", "SOC 2 report"]) {
    await page.goto(`/dashboard/${slug}/documents`);
    const form = page.getByTestId("upload-form");
    await form.getByLabel("Title").fill(title);
    await expect(form.getByLabel("Visibility")).toHaveValue("NDA");
    await form.getByLabel("File").setInputFiles({ name: `${title}.pdf`, mimeType: "application/pdf", buffer: pdf(title) });
    await form.getByRole("button", { name: "Upload document" }).click();
    await expect(page.getByText("Document uploaded.")).toBeVisible();
  }
  await page.goto(`/dashboard/${slug}/publish`);
  await page.getByRole("button", { name: "Publish", exact: true }).click();
  await expect(page.getByTestId("publish-feedback")).toContainText("Published #1.");
  const org = await sqlOne<{ id: string }>(`SELECT id FROM "Organization" WHERE slug = $1`, [slug]);
  const documents = await sql<{ id: string; title: string }>(`SELECT id, title FROM "Document" WHERE "orgId" = $1`, [org.id]);
  const idOf = (title: string) => documents.find((d) => d.title === title)!.id;
  return { slug, orgId: org.id, penTest: idOf("Pen test 2026"), soc2: idOf("SOC 2 report") };
}

/** A request whose requester confirmed their address, waiting for review (as verifyAccessRequest leaves it). */
async function pendingRequest(orgId: string, host: string, email: string, company: string, items: string[] = []) {
  const row = await sqlOne<{ id: string }>(
    `INSERT INTO "AccessRequest" ("orgId", email, "fullName", company, reason, "scopeAll", "scopeItems", status, "tokenExpiresAt", "verifiedAt", "decidedByRule", host)
     VALUES ($1, $2, 'Pat Buyer', $3, 'Vendor review', $4, $5, 'PENDING', now(), now(), 'No rule matched → manual review', $6) RETURNING id`,
    [orgId, email, company, items.length === 0, items, host],
  );
  return row.id;
}

async function mailText(page: Page, to: string) {
  await expect
    .poll(
      async () => {
        await page.goto(`/dev/mailbox?to=${encodeURIComponent(to)}`);
        return page.locator("main ul li").count();
      },
      { timeout: 20_000, intervals: [250, 500, 1000] },
    )
    .toBe(1);
  await page.locator("main ul li a").first().click();
  return page.getByTestId("mail-text").innerText();
}

test("an owner approves with chosen items and days, denies with a mailed reason, edits the rules and publishes NDA v2", async ({ page, baseURL }) => {
  const owner = uniqueEmail("access-owner");
  await signInDirectly(page.context(), owner);
  const org = await createPublishedOrganization(page);
  const host = new URL(baseURL!).host;
  const pat = `pat-${org.slug}@prospect.example`;
  const spam = `someone-${org.slug}@gmail.com`;
  const patId = await pendingRequest(org.orgId, host, pat, "Prospect Inc", [`document:${org.penTest}`, `document:${org.soc2}`]);
  await pendingRequest(org.orgId, host, spam, "Nobody Ltd");

  await page.goto(`/dashboard/${org.slug}`);
  await page.getByRole("navigation", { name: "Organisation" }).getByRole("link", { name: "Access" }).click();
  await expect(page).toHaveURL(new RegExp(`/dashboard/${org.slug}/access$`));
  await expect(page.getByRole("link", { name: "Pending (2)" })).toBeVisible();
  await expect(page.getByTestId(`request-${spam}`)).toContainText("free mail");

  // Approve Pat for the pen test only, for 30 days.
  const row = page.getByTestId(`request-${pat}`);
  await expect(row).toContainText("Pen test 2026, SOC 2 report");
  await row.getByText("Approve or deny").click();
  await expect(row.getByRole("radio", { name: "Only the items ticked:" })).toBeChecked();
  await row.getByRole("checkbox", { name: "SOC 2 report" }).uncheck();
  await row.getByRole("spinbutton", { name: /Access for \(days\)/ }).fill("30");
  await row.getByRole("button", { name: "Approve and email the link" }).click();
  await expect(page.getByRole("link", { name: "Pending (1)" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Approved (1)" })).toBeVisible();
  const grant = await sqlOne<{ scopeItems: string[]; days: number }>(
    `SELECT "scopeItems", round(extract(epoch FROM ("expiresAt" - "createdAt")) / 86400)::int AS days FROM "AccessGrant" WHERE "requestId" = $1`,
    [patId],
  );
  expect(grant).toEqual({ scopeItems: [`document:${org.penTest}`], days: 30 });
  await page.getByRole("link", { name: "Approved (1)" }).click();
  await expect(page.getByTestId(`request-${pat}`)).toContainText(`By ${owner}`);

  // Deny the free-mail request with a reason, mailed to the requester.
  await page.getByRole("link", { name: "Pending (1)" }).click();
  const spamRow = page.getByTestId(`request-${spam}`);
  await spamRow.getByText("Approve or deny").click();
  await spamRow.getByRole("textbox", { name: "Reason for denying" }).fill("We share these with <b>customers</b> only.");
  await expect(spamRow.getByRole("checkbox", { name: "Email the requester this reason" })).toBeChecked();
  await spamRow.getByRole("button", { name: "Deny" }).click();
  await expect(page.getByRole("link", { name: "Denied (1)" })).toBeVisible();
  expect(await mailText(page, spam)).toContain("Their reason: We share these with <b>customers</b> only.");
  expect(await mailText(page, pat)).toContain("Open the documents");

  // Rules: free mail → deny first, then the customers' domain → approve; evaluation order as shown.
  await page.goto(`/dashboard/${org.slug}/access/settings`);
  await expect(page.getByText("Otherwise (no rule matched) → manual review")).toBeVisible();
  await page.getByRole("button", { name: "Add a rule" }).click();
  await page.getByRole("textbox", { name: "Rule 1: domains" }).fill("customer.example, partner.example");
  await page.getByRole("button", { name: "Add a rule" }).click();
  await page.getByRole("combobox", { name: "Rule 2: what it matches" }).selectOption("FREE_MAIL");
  await page.getByRole("combobox", { name: "Rule 2: decision" }).selectOption("DENY");
  await page.getByRole("button", { name: "Move rule 2 up" }).click();
  await page.getByRole("button", { name: "Save rules" }).click();
  await expect(page.getByText("Rules saved (2).")).toBeVisible();
  expect(await sql(`SELECT position, match, domains, decision FROM "AccessRule" WHERE "orgId" = $1 ORDER BY position`, [org.orgId])).toEqual([
    { position: 1, match: "FREE_MAIL", domains: [], decision: "DENY" },
    { position: 2, match: "DOMAINS", domains: ["customer.example", "partner.example"], decision: "APPROVE" },
  ]);
  await page.reload();
  await expect(page.getByRole("combobox", { name: "Rule 1: what it matches" })).toHaveValue("FREE_MAIL");

  // NDA v1, then v2 asking existing grantees to accept it again.
  const v1 = "# Mutual NDA\n\nWhat you read stays between us.";
  const v2 = "# Mutual NDA\n\nWhat you read stays between us, for three years.";
  await page.getByRole("textbox", { name: "NDA text" }).fill(v1);
  await page.getByRole("button", { name: "Publish new version" }).click();
  await expect(page.getByText("Published NDA version 1.")).toBeVisible();
  await page.getByRole("textbox", { name: "NDA text" }).fill(v2);
  await page.getByRole("checkbox", { name: "Require existing grantees to accept this version at their next visit" }).check();
  await page.getByRole("button", { name: "Publish new version" }).click();
  await expect(page.getByText("Published NDA version 2. Existing grantees will be asked to accept it at their next visit.")).toBeVisible();
  await expect(page.getByTestId("nda-v2")).toContainText(sha256(v2));
  await expect(page.getByTestId("nda-v2")).toContainText("Required of existing grantees");
  await expect(page.getByTestId("nda-v1")).toContainText(sha256(v1));
});

test("a VIEWER sees no Access area and no approve button, and the actions refuse them (403) when called directly", async ({ page, baseURL }) => {
  const owner = uniqueEmail("access-owner");
  await signInDirectly(page.context(), owner);
  const org = await createPublishedOrganization(page);
  const requester = `later-${org.slug}@prospect.example`;
  const requestId = await pendingRequest(org.orgId, new URL(baseURL!).host, requester, "Prospect Inc");
  const viewer = uniqueEmail("access-viewer");
  await page.context().clearCookies();
  await signInDirectly(page.context(), viewer);
  const user = await sqlOne<{ id: string }>(`SELECT id FROM "User" WHERE email = $1`, [viewer]);
  await sql(`INSERT INTO "Member" ("orgId", "userId", role) VALUES ($1, $2, 'VIEWER')`, [org.orgId, user.id]);

  await page.goto(`/dashboard/${org.slug}`);
  await expect(page.getByRole("navigation", { name: "Organisation" }).getByRole("link", { name: "Controls" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Organisation" }).getByRole("link", { name: "Access" })).toHaveCount(0);
  for (const path of ["/access", "/access/grants", "/access/settings", "/access/downloads"]) {
    const response = await page.goto(`/dashboard/${org.slug}${path}`);
    expect(response?.status(), path).toBe(403);
    await expect(page.getByRole("heading", { name: "Not with your role" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Approve and email the link" })).toHaveCount(0);
    await expect(page.getByText(requester)).toHaveCount(0);
  }

  // Calling the server actions directly, as an attacker would: refused by the gate.
  const manifest = JSON.parse(readFileSync(".next/server/server-reference-manifest.json", "utf8")).node as Record<string, { filename: string; exportedName: string }>;
  const idOf = (name: string) => Object.entries(manifest).find(([, e]) => e.filename === "src/modules/access/actions.ts" && e.exportedName === name)![0];
  const call = async (name: string, args: unknown[], form: Record<string, string>) => {
    const multipart: Record<string, string> = {};
    for (const [key, value] of Object.entries(form)) multipart[`_1_${key}`] = value;
    multipart["0"] = JSON.stringify([...args, { status: "idle" }, "$K1"]);
    const response = await page.request.post(`/dashboard/${org.slug}/access`, { headers: { "Next-Action": idOf(name), Accept: "text/x-component", Origin: baseURL! }, multipart, maxRedirects: 0 });
    return { status: response.status(), text: await response.text() };
  };
  for (const [name, args, form] of [
    ["approveAccessRequestAction", [org.slug, requestId], { scope: "all", days: "365" }],
    ["denyAccessRequestAction", [org.slug, requestId], { reason: "Viewer says no", notify: "on" }],
    ["saveAccessRulesAction", [org.slug], { rules: JSON.stringify([{ match: "ANY", decision: "APPROVE" }]), version: "1" }],
    ["publishNdaAction", [org.slug], { markdown: "# Viewer's NDA" }],
  ] as const) {
    const result = await call(name, [...args], form);
    expect(result.status, name).toBe(200);
    expect(result.text, name).toContain('"code":"forbidden"');
  }
  expect(await sqlOne(`SELECT status FROM "AccessRequest" WHERE id = $1`, [requestId])).toEqual({ status: "PENDING" });
  expect(await sql(`SELECT 1 FROM "AccessRule" WHERE "orgId" = $1 UNION ALL SELECT 1 FROM "NdaVersion" WHERE "orgId" = $1`, [org.orgId])).toEqual([]);
});
