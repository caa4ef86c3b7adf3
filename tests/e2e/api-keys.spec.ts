import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { expect, test, type Page } from "@playwright/test";
import { mailCount, sql, sqlOne, uniqueEmail, uniqueSlug } from "./fixtures";
import { signInDirectly } from "./sessions";

/**
 * "A script can sync controls, publish and decide access requests with a key" (issue 14), in a
 * browser against the production build: an owner creates a key in the dashboard (the recent
 * verification step first), copies it from the shown-once panel; the sample script
 * (examples/candor-sync.mjs) syncs controls and publishes through a publication request; plain
 * HTTP calls decide an access request; the owner revokes the key in the dashboard and the next
 * call is 401.
 */
const run = promisify(execFile);
const port = Number(process.env.E2E_PORT ?? 3100);
const app = `http://127.0.0.1:${port}`;

async function verifyItIsMe(page: Page, email: string) {
  await expect(page.getByRole("heading", { name: "Verify it is you" })).toBeVisible();
  const verifyUrl = page.url();
  const seen = await mailCount(page, email);
  await page.goto(verifyUrl);
  await page.getByRole("button", { name: `Email a code to ${email}` }).click();
  await expect(page.getByText(`We emailed a code to ${email}.`)).toBeVisible();
  await expect.poll(() => mailCount(page, email), { timeout: 20_000 }).toBeGreaterThan(seen);
  await page.locator("main ul li a").first().click();
  const code = (await page.getByTestId("mail-text").innerText()).match(/\b(\d{6})\b/)![1]!;
  await page.goto(verifyUrl);
  await page.getByLabel("6-digit code from the email").fill(code);
  await page.getByRole("button", { name: "Verify", exact: true }).click();
}

async function fillNewKey(page: Page) {
  const form = page.locator("form", { has: page.getByRole("button", { name: "Create API key" }) });
  await form.getByLabel("Name").fill("GRC sync <script>alert(1)</script>");
  for (const scope of ["posture:read", "posture:write", "publish", "access:read", "access:decide"]) await form.getByRole("checkbox", { name: new RegExp(`^${scope}:`) }).check();
  await form.getByRole("button", { name: "Create API key" }).click();
}

const api = (key: string, method: string, route: string, body?: unknown) =>
  fetch(`${app}/api/v1${route}`, { method, headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { "content-type": "application/json" }) }, body: body === undefined ? undefined : JSON.stringify(body) });

test("an owner makes a key in the dashboard; a script syncs controls, publishes and decides an access request with it; revoked in the dashboard, the next call is 401", async ({ page }) => {
  test.setTimeout(180_000);
  const owner = uniqueEmail("api-owner");
  const slug = uniqueSlug("apikeys");
  await signInDirectly(page.context(), owner);
  await page.goto("/dashboard/new");
  await page.getByLabel("Organisation name").fill("API Test Co");
  await page.getByLabel("Public address").fill(slug);
  await page.getByRole("button", { name: "Create organisation" }).click();
  await expect(page).toHaveURL(new RegExp(`/dashboard/${slug}$`));
  const { id: orgId } = await sqlOne<{ id: string }>(`SELECT id FROM "Organization" WHERE slug = $1`, [slug]);

  // Creating a key is a sensitive act: twenty minutes after sign-in, the owner must verify it is them first.
  await sql(`UPDATE "Session" s SET "verifiedAt" = now() - interval '20 minutes' FROM "User" u WHERE u.id = s."userId" AND u.email = $1`, [owner]);
  await page.goto(`/dashboard/${slug}/api-keys`);
  await fillNewKey(page);
  await expect(page.getByText("confirm it is you first")).toBeVisible();
  await page.getByRole("link", { name: "Verify it is you" }).click();
  await verifyItIsMe(page, owner);
  await page.goto(`/dashboard/${slug}/api-keys`);
  await fillNewKey(page);
  const panel = page.getByTestId("new-api-key");
  await expect(panel).toBeVisible();
  await expect(panel.getByRole("button", { name: "Copy the key" })).toBeVisible();
  const key = (await panel.locator("code").innerText()).trim();
  expect(key).toMatch(/^cndr_[0-9A-Za-z]{8}_[0-9A-Za-z]{43}$/);
  await page.reload();
  await expect(page.getByText(key)).toHaveCount(0);
  await expect(page.locator("tr", { hasText: "GRC sync <script>alert(1)</script>" })).toContainText("Active");

  // The sample script: create two controls, run again (unchanged), change one (If-Match), publish.
  const dir = mkdtempSync(path.join(tmpdir(), "candor-sync-"));
  const file = path.join(dir, "controls.json");
  const env = { ...process.env, CANDOR_URL: app, CANDOR_API_KEY: key };
  const script = path.resolve("examples/candor-sync.mjs");
  writeFileSync(file, JSON.stringify([
    { ref: "AC-01", area: "Access control", title: "Single sign-on for staff", status: "IMPLEMENTED", visibility: "PUBLIC" },
    { ref: "AC-02", area: "Access control", title: "Quarterly access reviews", status: "PLANNED", visibility: "PUBLIC" },
  ]));
  expect((await run("node", [script, file], { env })).stdout).toBe("AC-01: created\nAC-02: created\n");
  expect((await run("node", [script, file], { env })).stdout).toBe("AC-01: unchanged\nAC-02: unchanged\n");
  writeFileSync(file, JSON.stringify([{ ref: "AC-02", area: "Access control", title: "Quarterly access reviews", status: "IMPLEMENTED", visibility: "PUBLIC" }]));
  const published = (await run("node", [script, file, "--publish"], { env })).stdout;
  expect(published).toMatch(/^AC-02: updated\npublish: requested [0-9a-f-]{36} \(\d+ changes\)\npublish: published #1 [0-9a-f]{64}\n$/);
  await page.goto(`/t/${slug}`);
  await expect(page.locator("main")).toContainText("Quarterly access reviews"); // inside its area's <details>, closed until opened

  // An access request waiting for review, decided by a plain HTTP call with the same key.
  const { id: requestId } = await sqlOne<{ id: string }>(
    `INSERT INTO "AccessRequest" ("orgId", email, "fullName", company, reason, "scopeAll", "scopeItems", status, "tokenExpiresAt", "verifiedAt", "decidedByRule", host)
     VALUES ($1, 'pat@globex.example', 'Pat Buyer', 'Globex', 'Vendor review', true, '{}', 'PENDING', now(), now(), 'No rule matched → manual review', $2) RETURNING id`,
    [orgId, new URL(app).host],
  );
  const queue = await (await api(key, "GET", "/access-requests?status=PENDING")).json();
  expect(queue.data.map((r: { id: string }) => r.id)).toEqual([requestId]);
  const decided = await api(key, "POST", `/access-requests/${requestId}/decision`, { decision: "approve", days: 30 });
  expect(decided.status).toBe(200);
  expect(await decided.json()).toMatchObject({ status: "APPROVED", grantId: expect.any(String), emailed: true });

  // The audit trail names the key as the actor of each act.
  const acts = await sql<{ action: string }>(`SELECT action FROM "AuditEvent" WHERE "orgId" = $1 AND "actorType" = 'api_key' ORDER BY "createdAt", id`, [orgId]);
  expect(acts.map((a) => a.action)).toEqual(expect.arrayContaining(["controls.create", "controls.update", "publish.request", "publish", "publish.request.approve", "access.request.approve"]));

  // Revoked in the dashboard: the very next call is refused.
  await page.goto(`/dashboard/${slug}/api-keys`);
  await page.locator("tr", { hasText: "GRC sync" }).getByRole("button", { name: "Revoke" }).click();
  await expect(page.locator("tr", { hasText: "GRC sync" })).toContainText("Revoked");
  const refused = await api(key, "GET", "/controls");
  expect(refused.status).toBe(401);
  expect(refused.headers.get("www-authenticate")).toContain("Bearer");
  expect(await refused.json()).toMatchObject({ detail: "This API key was revoked." });
  const failed = await run("node", [script, file], { env }).catch((error: { code: number; stderr: string }) => error);
  expect(failed).toMatchObject({ code: 1, stderr: expect.stringContaining("401: This API key was revoked.") });
});
