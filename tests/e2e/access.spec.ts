import { createHash, randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { expect, request as playwrightRequest, test, type Page } from "@playwright/test";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { drawnText } from "../support/pdf-text";
import { sql, sqlOne, uniqueEmail } from "./fixtures";
import { signInDirectly } from "./sessions";

/**
 * The prospect's side on a tenant host of the production build (issue 12 part B): the demo
 * organisation's platform subdomain, through the fast path and Next as shipped; mail read from
 * the development mailbox on the app host.
 */
const port = Number(process.env.E2E_PORT ?? 3100);
const app = `http://127.0.0.1:${port}`;
const tenantHost = `demo.${process.env.PLATFORM_DOMAIN ?? "localhost"}:${port}`;
const tenant = `http://${tenantHost}`;
/** Node does not resolve *.localhost as the browser does: API requests go to the address, named by Host. */
const onTenant = { Host: tenantHost };

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000);
  // The demo's NDA documents have no file yet: an owner (freshly verified) uploads one (a real
  // two-page PDF, so that the download can be watermarked) and publishes.
  const email = uniqueEmail("access-owner");
  const user = await sqlOne<{ id: string }>(`INSERT INTO "User" (email) VALUES ($1) RETURNING id`, [email]);
  await sql(`INSERT INTO "Member" ("orgId", "userId", role) SELECT id, $1, 'OWNER' FROM "Organization" WHERE slug = 'demo'`, [user.id]);
  const session = randomBytes(32).toString("hex");
  await sql(`INSERT INTO "Session" ("sessionToken", "userId", expires, "verifiedAt") VALUES ($1, $2, now() + interval '1 day', now())`, [createHash("sha256").update(session).digest("hex"), user.id]);
  const context = await browser.newContext();
  await context.addCookies([{ name: "candor.session", value: session, domain: "127.0.0.1", path: "/", httpOnly: true, sameSite: "Lax" }]);
  const owner = await context.newPage();
  const uploaded = await owner.request.post(`${app}/dashboard/demo/documents/upload`, {
    headers: { Origin: app, Accept: "application/json" },
    multipart: { title: "Penetration test 2026", visibility: "NDA", file: { name: "pentest.pdf", mimeType: "application/pdf", buffer: await twoPagePdf() } },
    maxRedirects: 0,
  });
  expect(uploaded.status()).toBe(201);
  await owner.goto(`${app}/dashboard/demo/publish`);
  await owner.getByRole("button", { name: "Publish changes" }).click();
  await expect(owner.getByTestId("publish-feedback")).toContainText(/Published #\d+\./);
  await context.close();
  await sql(`DELETE FROM "AccessRule" WHERE "orgId" = (SELECT id FROM "Organization" WHERE slug = 'demo')`);
  await sql(`INSERT INTO "AccessRule" ("orgId", position, match, domains, decision) SELECT id, 2, 'FREE_MAIL', '{}', 'REVIEW' FROM "Organization" WHERE slug = 'demo'`);
  await sql(`INSERT INTO "AccessRule" ("orgId", position, match, domains, decision) SELECT id, 1, 'DOMAINS', ARRAY['buyer-e2e.example'], 'APPROVE' FROM "Organization" WHERE slug = 'demo'`);
  await sql(`DELETE FROM rate_limits WHERE key LIKE 'access-%'`);
});

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

async function twoPagePdf() {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const n of [1, 2]) doc.addPage([595, 842]).drawText(`Penetration test, confidential page ${n}`, { x: 50, y: 700, size: 12, font });
  return Buffer.from(await doc.save());
}

/** The newest mail to `to` once there are more than `seen`: its first link. */
async function mailLink(page: Page, to: string, seen: number) {
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
  return (await page.getByTestId("mail-link").first().getAttribute("href"))!;
}

async function requestAccess(page: Page, email: string) {
  await page.goto(`${tenant}/`);
  await page.getByRole("link", { name: "Request access" }).first().click();
  await expect(page).toHaveURL(`${tenant}/access`);
  await page.getByLabel("Work email").fill(email);
  await page.getByLabel("Full name").fill("Pat Buyer");
  await page.getByLabel("Company").fill("Buyer Inc");
  await page.getByRole("button", { name: "Request access" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  const verify = await mailLink(page, email, 0);
  expect(verify.startsWith(`${tenant}/access/verify?token=`)).toBe(true);
  await page.goto(verify);
  await page.getByRole("button", { name: "Confirm and send my request" }).click();
}

test("request → verify → approved by a domain rule → access link → the NDA items open; nothing of it is cached or kept", async ({ page, browser }) => {
  const email = uniqueEmail("pat").replace(/@.*/, "@buyer-e2e.example");
  await requestAccess(page, email);
  await expect(page.getByRole("heading", { name: "Your access is ready" })).toBeVisible();
  const link = await mailLink(page, email, 1);
  expect(link.startsWith(`${tenant}/access/open?token=`)).toBe(true);
  await page.goto(link);
  const [granteePage] = await Promise.all([page.waitForResponse((r) => r.url() === `${tenant}/?signed-in`), page.getByRole("button", { name: "Open the documents" }).click()]);
  expect(granteePage.headers()["cache-control"]).toBe("private, no-store");
  expect(granteePage.headers()["vary"]?.split(/,\s*/)).toContain("Cookie");
  await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
  await expect(page.getByRole("link", { name: "Download", exact: true }).first()).toHaveAttribute("href", /^\/access\/documents\/[0-9a-f-]{36}$/);
  const cookies = await page.context().cookies(tenant);
  expect(cookies.map((c) => [c.name, c.domain, c.httpOnly, c.sameSite, c.path])).toEqual([["candor-grantee", `demo.${process.env.PLATFORM_DOMAIN ?? "localhost"}`, true, "Lax", "/"]]);

  // Reloaded (through the fast path, which must decline): still the grantee's page, never kept.
  const reload = await page.reload();
  expect(reload!.headers()["cache-control"]).toBe("private, no-store");
  await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
  // A plain visit to "/", which this browser holds as the anonymous page from a minute ago
  // (max-age=10, stale-while-revalidate=50): Vary: Cookie keeps that copy from answering.
  await page.goto(`${tenant}/`);
  await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
  const anonymous = await playwrightRequest.newContext();
  for (let i = 0; i < 3; i++) {
    const response = await anonymous.get(`${app}/`, { headers: onTenant });
    expect(response.headers()["cache-control"]).toBe("public, max-age=10, stale-while-revalidate=50");
    expect(await response.text()).not.toContain(email);
  }
  await anonymous.dispose();

  // The grantee cookie on the app host: the dashboard still asks to sign in, /t/demo shows the anonymous page.
  const token = cookies[0]!.value;
  const other = await browser.newContext();
  await other.addCookies([{ name: "candor-grantee", value: token, domain: "127.0.0.1", path: "/", httpOnly: true, sameSite: "Lax" }]);
  const forged = await other.newPage();
  await forged.goto(`${app}/dashboard`);
  await expect(forged).toHaveURL(/\/login/);
  await forged.goto(`${app}/t/demo`);
  await expect(forged.getByText("Signed in as")).toHaveCount(0);
  await other.close();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(`${tenant}/?signed-out`);
  await expect(page.getByText("Signed in as")).toHaveCount(0);
});

test("the grantee downloads the NDA PDF stamped with their email and a watermark id; the owner finds it in the download log, revokes the grant, and the grantee's very next requests are refused", async ({ page, browser }) => {
  const email = uniqueEmail("dl").replace(/@.*/, "@buyer-e2e.example");
  await requestAccess(page, email);
  await expect(page.getByRole("heading", { name: "Your access is ready" })).toBeVisible();
  await page.goto(await mailLink(page, email, 1));
  await page.getByRole("button", { name: "Open the documents" }).click();
  await expect(page).toHaveURL(`${tenant}/?signed-in`);
  await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
  const grant = await sqlOne<{ id: string }>(`SELECT id FROM "AccessGrant" WHERE email = $1`, [email]);

  // Download, as the browser does it (Content-Disposition: attachment), and read the stamp back.
  const pentest = page.locator("ul.docs li").filter({ hasText: "Penetration test 2026" });
  const href = (await pentest.getByRole("link", { name: "Download" }).getAttribute("href"))!;
  const [download] = await Promise.all([page.waitForEvent("download"), pentest.getByRole("link", { name: "Download" }).click()]);
  expect(download.suggestedFilename()).toBe("pentest.pdf");
  const served = new Uint8Array(await readFile((await download.path())!));
  expect(Buffer.from(served.subarray(0, 5)).toString("latin1")).toBe("%PDF-");
  expect((await PDFDocument.load(served)).getPageCount()).toBe(2);
  const text = drawnText(served);
  expect(text).toContain("Penetration test, confidential page 2");
  const stamp = new RegExp(`Downloaded by ${email.replace(/[.+]/g, "\\$&")} \\(Buyer Inc\\) on \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} UTC - grant ${grant.id.slice(0, 8)} - watermark ([0-9a-f]{8})`, "g");
  const stamps = [...text.matchAll(stamp)];
  expect(stamps).toHaveLength(2); // one per page, the same watermark id
  const watermarkId = stamps[0]![1]!;
  expect(stamps[1]![1]).toBe(watermarkId);
  expect(text).toContain(`${email} - ${watermarkId}`);

  // The owner, in the dashboard: the download log has the row (watermark id, SHA-256 of the served bytes).
  const ownerEmail = uniqueEmail("access-revoker");
  const ownerContext = await browser.newContext({ baseURL: app });
  await signInDirectly(ownerContext, ownerEmail);
  await sql(`INSERT INTO "Member" ("orgId", "userId", role) SELECT o.id, u.id, 'OWNER' FROM "Organization" o, "User" u WHERE o.slug = 'demo' AND u.email = $1`, [ownerEmail]);
  const owner = await ownerContext.newPage();
  await owner.goto("/dashboard/demo/access");
  await owner.getByRole("navigation", { name: "Access" }).getByRole("link", { name: "Download log" }).click();
  const logged = owner.getByRole("row").filter({ hasText: watermarkId });
  await expect(logged).toHaveCount(1);
  await expect(logged).toContainText(email);
  await expect(logged).toContainText("Penetration test 2026");
  await expect(logged).toContainText(sha256(served));

  // Access → Grants → the grant → Revoke.
  await owner.getByRole("navigation", { name: "Access" }).getByRole("link", { name: "Grants" }).click();
  await owner.getByTestId(`grant-${email}`).getByRole("link", { name: "Pat Buyer" }).click();
  await expect(owner).toHaveURL(new RegExp(`/dashboard/demo/access/grants/${grant.id}$`));
  await expect(owner.getByRole("row").filter({ hasText: watermarkId })).toHaveCount(1);
  await owner.getByRole("checkbox", { name: `Yes, revoke ${email}'s access` }).check();
  await owner.getByRole("button", { name: "Revoke", exact: true }).click();
  // The grant's page again, without its actions, saying what happened.
  await expect(owner).toHaveURL(/\/access\/grants\/[0-9a-f-]{36}\?revoked=1$/);
  await expect(owner.getByText("Revoked. The grantee's sessions ended; their next request is refused.")).toBeVisible();
  await expect(owner.getByRole("heading", { name: "Pat Buyer Revoked" })).toBeVisible();
  await expect(owner.getByTestId("grant-summary")).toContainText(`by ${ownerEmail}`);
  await expect(owner.getByRole("button", { name: "Revoke", exact: true })).toHaveCount(0);
  await ownerContext.close();

  // The grantee's very next requests, cookie still in the browser: the anonymous page, and no file.
  const reload = await page.reload();
  expect(reload!.status()).toBe(200);
  expect(await reload!.text()).not.toContain(email);
  await expect(page.getByText("Signed in as")).toHaveCount(0);
  await expect(pentest.getByRole("link", { name: "Request access" })).toBeVisible();
  await expect(pentest.getByRole("link", { name: "Download" })).toHaveCount(0);
  const refused = await page.goto(`${tenant}${href}`);
  expect(refused!.status()).toBe(404);
  expect(refused!.headers()["content-type"]).toMatch(/^text\/html/);
  expect(refused!.headers()["cache-control"]).toBe("private, no-store");
  await expect(page.getByRole("heading", { name: "Nothing here" })).toBeVisible();
  const logRows = await sqlOne<{ n: string }>(`SELECT count(*) AS n FROM "DownloadLog" WHERE "grantId" = $1`, [grant.id]);
  expect(Number(logRows.n)).toBe(1);
});

test("a free-mail address goes to manual review by rule: “we'll email you”, and the owner is mailed", async ({ page }) => {
  const email = uniqueEmail("free").replace(/@.*/, "@gmail.com");
  const owner = (await sql<{ email: string }>(`SELECT u.email FROM "Member" m JOIN "User" u ON u.id = m."userId" JOIN "Organization" o ON o.id = m."orgId" WHERE o.slug = 'demo' AND m.role = 'OWNER' LIMIT 1`))[0]!.email;
  const before = (await sql<{ n: string }>(`SELECT count(*) AS n FROM "OutboxMessage" WHERE recipient = $1 AND template = 'access-review'`, [owner]))[0]!.n;
  await requestAccess(page, email);
  await expect(page.getByText("will review your request and we'll email you the outcome.")).toBeVisible();
  const [request] = await sql<{ status: string; decidedByRule: string }>(`SELECT status, "decidedByRule" FROM "AccessRequest" WHERE email = $1`, [email]);
  expect(request).toEqual({ status: "PENDING", decidedByRule: "Rule 2: free-mail address → manual review" });
  const after = (await sql<{ n: string }>(`SELECT count(*) AS n FROM "OutboxMessage" WHERE recipient = $1 AND template = 'access-review'`, [owner]))[0]!.n;
  expect(Number(after)).toBe(Number(before) + 1);
});

test("1,000 submissions from one client are limited (429 with Retry-After) without a mail storm", async () => {
  await sql(`DELETE FROM rate_limits WHERE key LIKE 'access-%'`);
  const started = new Date();
  const client = await playwrightRequest.newContext();
  const item = /name="items" value="(document:[0-9a-f-]{36})"/.exec(await (await client.get(`${app}/access`, { headers: onTenant })).text())![1]!;
  const statuses = new Map<number, number>();
  for (let i = 0; i < 1000; i++) {
    const response = await client.post(`${app}/access`, { headers: { ...onTenant, Origin: tenant }, form: { email: `storm${i % 7}@buyer-e2e.example`, fullName: "Bot", company: "Bot Inc", items: item }, maxRedirects: 0 });
    statuses.set(response.status(), (statuses.get(response.status()) ?? 0) + 1);
    if (i === 999) expect(Number(response.headers()["retry-after"])).toBeGreaterThan(0);
    await response.dispose();
  }
  await client.dispose();
  expect(Object.fromEntries(statuses)).toEqual({ 200: 20, 429: 980 });
  const [mails] = await sql<{ n: string }>(`SELECT count(*) AS n FROM "OutboxMessage" WHERE template = 'access-verify' AND "createdAt" >= $1`, [started]);
  expect(Number(mails!.n)).toBe(20);
  await sql(`DELETE FROM rate_limits WHERE key LIKE 'access-%'`);
});
