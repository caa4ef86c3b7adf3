import http from "node:http";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { sql, sqlOne } from "./fixtures";
import { newControl, newOrganization } from "./dashboard-steps";

/**
 * Issue 10, "defects from the first real-user walk", as a user meets them in the browser: a save
 * after adding evidence, line endings from a textarea, a new control's review date, "mark
 * reviewed today", the two coverage figures, and the links of a sparse trust page.
 */
const port = Number(process.env.E2E_PORT ?? 3100);
const today = () => new Date().toISOString().slice(0, 10);

async function publishNow(page: Page, slug: string) {
  await page.goto(`/dashboard/${slug}/publish`);
  await page.getByRole("button", { name: /^Publish( changes)?$/ }).click();
  await expect(page.getByText(/Published #\d+\./)).toBeVisible();
}

/** Waits until the save landed: the control's stored title (a "Saved." from an earlier save may still be on screen). */
const storedTitle = (id: string) => async () => (await sqlOne<{ title: string }>(`SELECT title FROM "Control" WHERE id = $1`, [id])).title;

test("a control: add evidence then save, mark reviewed then save; a real conflict is still caught", async ({ page, browser }) => {
  const slug = await newOrganization(page, "Evidence", "walk");
  const url = await newControl(page, slug, "AC-01", "Admins use MFA");
  const id = url.split("/").pop()!;
  // Item 6: created without a last review, it is not overdue; its first review is a cadence away.
  await expect(page.getByTestId("review-state")).toContainText("First review due");
  await expect(page.getByTestId("review-state")).not.toContainText("Needs review");

  // Item 1: an edit under way in the form, evidence added below it, then the form saved.
  await page.getByLabel("Title").fill("Admins and owners use MFA");
  await page.getByLabel("Label").fill("enforce_mfa()");
  await page.getByLabel("Target").fill("src/auth/mfa.ts");
  await page.getByRole("button", { name: "Add evidence" }).click();
  await expect(page.getByTestId("evidence")).toContainText("src/auth/mfa.ts");
  await expect(page.getByLabel("Title")).toHaveValue("Admins and owners use MFA");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();
  await expect.poll(storedTitle(id)).toBe("Admins and owners use MFA");
  await expect(page.getByText("Someone else changed this")).toHaveCount(0);

  // Item 6: mark reviewed today; the form takes the new date, and saves again without a conflict.
  await page.getByRole("button", { name: "Mark reviewed today" }).click();
  await expect(page.getByText(`Marked 1 control reviewed today (${today()}).`)).toBeVisible();
  await expect(page.getByLabel("Last reviewed")).toHaveValue(today());
  await expect(page.getByTestId("review-state")).toContainText("Next review due");
  await page.getByLabel("Title").fill("Admins and owners sign in with MFA");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect.poll(storedTitle(id)).toBe("Admins and owners sign in with MFA");
  await expect(page.getByText("Saved.")).toBeVisible();
  await expect(page.getByText("Someone else changed this")).toHaveCount(0);

  // Something typed, then the control marked reviewed: the typing stays, and the form says before
  // saving that the control moved on (saving would be refused, rightly: the date on screen is old).
  await sql(`UPDATE "Control" SET "lastReviewedAt" = '2020-01-01' WHERE id = $1`, [id]);
  await page.goto(url);
  await page.getByLabel("Title").fill("Typed before marking");
  await page.getByRole("button", { name: "Mark reviewed today" }).click();
  await expect(page.getByText("This control changed after you started editing")).toBeVisible();
  await expect(page.getByLabel("Title")).toHaveValue("Typed before marking");

  // Another person's save between my load and my save is still refused.
  const second = await browser.newContext({ storageState: await page.context().storageState() });
  const other = await second.newPage();
  await other.goto(url);
  await page.goto(url);
  await other.getByLabel("Title").fill("Changed by the other tab");
  await other.getByRole("button", { name: "Save changes" }).click();
  await expect(other.getByText("Saved.")).toBeVisible();
  await page.getByLabel("Title").fill("Mine, from a stale form");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Someone else changed this while you were editing")).toBeVisible();
  await second.close();
  const stored = await sqlOne<{ title: string; evidence: number }>(`SELECT title, (SELECT count(*)::int FROM "Evidence" e WHERE e."controlId" = c.id) AS evidence FROM "Control" c WHERE c.id = $1`, [id]);
  expect(stored).toEqual({ title: "Changed by the other tab", evidence: 1 });
});

test("the list: mark the selection reviewed today; both coverage figures, each labelled", async ({ page }) => {
  const slug = await newOrganization(page, "Coverage", "walk");
  const first = await newControl(page, slug, "AC-01", "Stale");
  await newControl(page, slug, "AC-02", "Fresh");
  const third = await newControl(page, slug, "AC-03", "Private and planned");
  await page.locator("select#status").selectOption("PLANNED");
  await page.locator("select#visibility").selectOption("PRIVATE");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();
  // AC-01 was created long enough ago for its first review to be due.
  await sql(`UPDATE "Control" SET "createdAt" = now() - interval '400 days' WHERE id = $1`, [first.split("/").pop()]);

  await page.goto(`/dashboard/${slug}/controls`);
  await expect(page.getByTestId("control-AC-01")).toContainText("needs review");
  await expect(page.getByTestId("control-AC-02")).not.toContainText("needs review");
  await page.getByLabel("Select AC-01").check();
  await page.getByLabel("Select AC-02").check();
  await page.getByRole("button", { name: "Mark reviewed today" }).click();
  await expect(page.getByText(`Marked 2 controls reviewed today (${today()}).`)).toBeVisible();
  await expect(page.getByTestId("control-AC-01")).not.toContainText("needs review");
  expect(third).toContain(`/dashboard/${slug}/controls/`);

  // Item 9: 2 of 3 implemented over all controls; 2 of 2 on the public page (AC-03 is private).
  await publishNow(page, slug);
  await page.goto(`/dashboard/${slug}`);
  const summary = page.getByTestId("coverage-summary");
  await expect(summary).toContainText("All controls, as they stand now");
  await expect(page.getByTestId("coverage-draft")).toHaveText("67%");
  await expect(summary).toContainText("On your public page (publication #1)");
  await expect(page.getByTestId("coverage-live")).toHaveText("100%");
  await page.goto(`/dashboard/${slug}/controls`);
  await expect(page.getByTestId("coverage")).toContainText("Coverage, all controls67%");
  await expect(page.getByTestId("coverage")).toContainText("On the public page (#1)100%");
  const publicPage = await (await page.request.get(`/t/${slug}`)).text();
  expect(publicPage).toContain("Coverage of the controls published here");
  expect(publicPage).toContain("over the 2 controls published on this page");
});

test("settings: saving the form untouched keeps the overview's line endings and records no change", async ({ page }) => {
  const slug = await newOrganization(page, "Endings", "walk");
  await page.goto(`/dashboard/${slug}/settings`);
  await page.getByLabel("Overview").fill("We make payroll software.\n\n- Hosted in the EU\n- Reviewed every quarter");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Saved.", { exact: false })).toBeVisible();
  await publishNow(page, slug);

  await page.goto(`/dashboard/${slug}/settings`);
  await page.getByRole("button", { name: "Save settings" }).click();

  const org = await sqlOne<{ id: string; overview: string }>(`SELECT id, overview FROM "Organization" WHERE slug = $1`, [slug]);
  const saves = async () => (await sql<{ diff: Record<string, unknown> }>(`SELECT diff FROM "AuditEvent" WHERE "orgId" = $1 AND action = 'org.settings.update' ORDER BY seq`, [org.id])).map((e) => Object.keys(e.diff));
  // Two saves: the first wrote the overview, the second (untouched) changed nothing.
  await expect.poll(saves).toEqual([["overview"], []]);
  expect(org.overview).toBe("We make payroll software.\n\n- Hosted in the EU\n- Reviewed every quarter");
  await page.goto(`/dashboard/${slug}/publish`);
  await expect(page.getByText("No changes since the last publication")).toBeVisible();
});

/** Every link of a rendered trust page: same-site ones must answer 200, #fragments must have a target. */
async function crawl(html: string, fetchPath: (path: string) => Promise<number>, origin: string) {
  const links = [...html.matchAll(/\s(?:href|src)="([^"]*)"/g)].map((m) => m[1]!.replace(/&amp;/g, "&"));
  const ids = new Set([...html.matchAll(/\sid="([^"]*)"/g)].map((m) => m[1]!));
  const broken: string[] = [];
  for (const link of new Set(links)) {
    if (link.startsWith("#")) {
      if (!ids.has(link.slice(1))) broken.push(`${link} (no such id)`);
      continue;
    }
    const url = new URL(link, origin);
    if (url.origin !== origin) continue;
    const status = await fetchPath(url.pathname + url.search);
    if (status !== 200) broken.push(`${link} → ${status}`);
  }
  return { broken, checked: links.length };
}

function getByHost(host: string, path: string) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    http
      .get({ host: "127.0.0.1", port, path, headers: { Host: host } }, (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      })
      .on("error", reject);
  });
}

async function crawlApp(request: APIRequestContext, path: string, baseURL: string) {
  const response = await request.get(path);
  expect(response.status()).toBe(200);
  return crawl(await response.text(), async (p) => (await request.get(p, { maxRedirects: 0 })).status(), baseURL);
}

test("a sparse trust page links to nothing that answers 404, on the app host and on its own host", async ({ page, request, baseURL }) => {
  const slug = await newOrganization(page, "Sparse", "walk");
  await publishNow(page, slug);

  const onApp = await crawlApp(request, `/t/${slug}`, baseURL!);
  expect(onApp.broken).toEqual([]);
  expect(onApp.checked).toBeGreaterThan(4);
  const html = await (await request.get(`/t/${slug}`)).text();
  expect(html).not.toContain("Report a vulnerability</a>");
  expect(html).not.toContain("security.txt");

  const host = `${slug}.localhost:${port}`;
  const home = await getByHost(host, "/");
  expect(home.status).toBe(200);
  const onHost = await crawl(home.body, async (p) => (await getByHost(host, p)).status, `http://${host}`);
  expect(onHost.broken).toEqual([]);

  // The demo, which has a policy, documents and a logo: its links all answer too.
  const demo = await crawlApp(request, "/t/demo", baseURL!);
  expect(demo.broken).toEqual([]);
  expect(await (await request.get("/t/demo")).text()).toContain("/t/demo/.well-known/security.txt");
});
