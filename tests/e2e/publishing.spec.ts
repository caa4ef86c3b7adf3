import { execFileSync } from "node:child_process";
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { signInWithLink, sql, sqlOne, uniqueEmail } from "./fixtures";
import { createOrganization } from "./dashboard-steps";

test("the demo is published: its chain verifies offline with the dependency-free script", async ({ request, baseURL }) => {
  const trust = await (await request.get("/t/demo/trust.json")).json();
  expect(trust.seq).toBeGreaterThanOrEqual(1);
  expect(trust.publication.organization.slug).toBe("demo");
  const output = execFileSync(process.execPath, ["public/verify-candor.mjs", `${baseURL}/t/demo`]).toString();
  expect(output).toContain(`all ${trust.seq} publications verify`);
  // The script is served to anyone who wants it.
  expect((await request.get("/verify-candor.mjs")).status()).toBe(200);
});

test("the public page is cached by publication: 304 on a matching ETag, gzip when asked", async ({ request }) => {
  const first = await request.get("/t/demo", { headers: { "Accept-Encoding": "gzip" } });
  expect(first.status()).toBe(200);
  const etag = first.headers()["etag"]!;
  // The publication, the first day of this rendering's validity, the renderer's version (render/version.ts).
  expect(etag).toMatch(/^"[0-9a-f]{64}\.\d{4}-\d{2}-\d{2}\.r1"$/);
  // CDN-friendly: a short max-age and stale-while-revalidate; the ETag makes revalidation a 304.
  expect(first.headers()["cache-control"]).toMatch(/^public, max-age=\d{1,2}, stale-while-revalidate=\d+$/);
  expect(first.headers()["content-encoding"]).toBe("gzip");
  expect(await first.text()).toContain("<h1");
  const again = await request.get("/t/demo", { headers: { "If-None-Match": etag } });
  expect(again.status()).toBe(304);
});

test("preview shows a draft change; publishing shows it to everyone at once", async ({ page, request }) => {
  await signInWithLink(page, "owner@demo.test");
  const question = `Fresh question ${Date.now()}?`;
  await page.goto("/dashboard/demo/faqs/new");
  await page.getByLabel("Question").fill(question);
  await page.getByRole("textbox", { name: "Answer" }).fill("A fresh answer.");
  await page.getByRole("button", { name: "Create FAQ" }).click();
  await expect(page).toHaveURL(/\/dashboard\/demo\/faqs\?created=1$/);

  expect(await (await request.get("/t/demo")).text()).not.toContain(question);
  await page.goto("/dashboard/demo/publish");
  // The review: grouped by section, counted, the new FAQ under "Added".
  await expect(page.getByTestId("review-section-faqs")).toContainText("FAQs · 1 added");
  await expect(page.getByTestId("review-section-faqs").getByTestId("review-added")).toHaveText(`+${question}`);
  await page.goto("/dashboard/demo/publish/preview");
  await expect(page.getByText("Preview: this is what would be published.")).toBeVisible();
  await expect(page.getByText(question)).toBeVisible();

  await page.goto("/dashboard/demo/publish");
  await page.getByRole("button", { name: "Publish changes" }).click();
  // Said plainly, naming the publication: its number, the start of its hash, a link to the live page.
  const feedback = page.getByTestId("publish-feedback");
  await expect(feedback).toContainText(/Published #\d+\. The public page shows it now\./);
  const live = await (await request.get("/t/demo/trust.json")).json();
  await expect(feedback).toContainText(`Publication #${live.seq} · hash ${live.hash.slice(0, 12)}`);
  await expect(feedback.getByRole("link", { name: "View the live page ↗" })).toHaveAttribute("href", "/t/demo");
  await expect(feedback.getByRole("link", { name: "Verify it ↗" })).toHaveAttribute("href", "/t/demo/verify");
  // The history and the status show it without a reload, and no phantom change is left.
  await expect(page.getByRole("cell", { name: `${live.hash.slice(0, 12)}…` })).toBeVisible();
  await expect(page.getByText(`published (#${live.seq})`)).toBeVisible();
  await expect(page.getByRole("heading", { name: "No changes since the last publication" })).toBeVisible();
  await expect(page.getByTestId("pending-changes-counts")).toHaveText("No visible change.");
  expect(await (await request.get("/t/demo")).text()).toContain(question);
  await page.goto("/t/demo/changelog");
  await expect(page.getByText(`FAQ added: ${question}`)).toBeVisible();
});

test("the public surfaces have no accessibility violations (axe)", async ({ page }) => {
  for (const path of ["/t/demo", "/t/demo/changelog", "/t/demo/verify"]) {
    await page.goto(path);
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`), path).toEqual([]);
  }
});

test("an editor requests publication, an owner approves it from the diff, and the public page shows it", async ({ page, browser, request }) => {
  const owner = uniqueEmail("pub-owner");
  await signInWithLink(page, owner);
  const slug = await createOrganization(page, "Vandelay");
  // Live first (an owner publishes directly), so that the request has a change to show.
  await page.goto(`/dashboard/${slug}/publish`);
  await page.getByRole("button", { name: "Publish", exact: true }).click();
  await expect(page.getByTestId("publish-feedback")).toContainText("Published #1.");
  // An editor of the organisation (as an accepted invitation would leave them).
  const editor = uniqueEmail("pub-editor");
  const { id: userId } = await sqlOne<{ id: string }>(`INSERT INTO "User" (email) VALUES ($1) RETURNING id`, [editor]);
  await sql(`INSERT INTO "Member" ("orgId", "userId", role) SELECT id, $2, 'EDITOR' FROM "Organization" WHERE slug = $1`, [slug, userId]);

  const editorContext = await browser.newContext();
  const editorPage = await editorContext.newPage();
  await signInWithLink(editorPage, editor);
  const question = `Do you import latex? ${Date.now()}`;
  await editorPage.goto(`/dashboard/${slug}/faqs/new`);
  await editorPage.getByLabel("Question").fill(question);
  await editorPage.getByRole("textbox", { name: "Answer" }).fill("Only the finest.");
  await editorPage.getByRole("button", { name: "Create FAQ" }).click();
  await expect(editorPage).toHaveURL(new RegExp(`/dashboard/${slug}/faqs\\?created=1$`));

  // The editor cannot publish, only ask; the diff is there to see.
  await editorPage.goto(`/dashboard/${slug}/publish`);
  await expect(editorPage.getByTestId("review-section-faqs").getByTestId("review-added")).toHaveText(`+${question}`);
  await expect(editorPage.getByRole("button", { name: /^Publish/ })).toHaveCount(0);
  await editorPage.getByLabel("Note for the approver (optional)").fill("For the procurement FAQ.");
  await editorPage.getByRole("button", { name: "Request publication" }).click();
  await expect(editorPage.getByTestId("publish-feedback")).toContainText("Publication requested: the owner or admin was emailed.");
  await expect(editorPage.getByTestId("pending-request")).toContainText("You asked to publish");
  await expect(editorPage.getByText("This draft is waiting for approval")).toBeVisible();
  await expect(editorPage.getByRole("button", { name: "Request publication" })).toHaveCount(0);
  expect(await (await request.get(`/t/${slug}`)).text()).not.toContain(question);

  // The owner sees the request with what approving would publish, and approves.
  await page.goto(`/dashboard/${slug}/publish`);
  const pending = page.getByTestId("pending-request");
  await expect(pending).toContainText(`${editor} asked to publish`);
  await expect(pending).toContainText("“For the procurement FAQ.”");
  // The approval sits in the review of the diff it approves.
  await expect(page.getByTestId("pending-changes-counts")).toHaveText("1 added in 1 section.");
  await expect(page.getByTestId("review-section-faqs").getByTestId("review-added")).toHaveText(`+${question}`);
  await expect(pending).toContainText("The review above is exactly what this request asks to publish");
  await page.getByRole("button", { name: "Approve and publish" }).click();
  const feedback = page.getByTestId("publish-feedback");
  await expect(feedback).toContainText("Approved and published #2. The public page shows it now.");
  const live = await (await request.get(`/t/${slug}/trust.json`)).json();
  expect(live.seq).toBe(2);
  await expect(feedback).toContainText(`Publication #2 · hash ${live.hash.slice(0, 12)}`);
  await expect(page.getByRole("cell", { name: `${live.hash.slice(0, 12)}…` })).toBeVisible();
  await expect(page.getByTestId("decided-requests")).toContainText("Approved (#2)");
  await expect(page.getByTestId("pending-request")).toHaveCount(0);
  expect(await (await request.get(`/t/${slug}`)).text()).toContain(question);

  // The editor was told (the worker delivers from the outbox, so wait for it).
  await expect
    .poll(
      async () => {
        await editorPage.goto(`/dev/mailbox?to=${encodeURIComponent(editor)}`);
        return editorPage.locator("main ul li").allInnerTexts();
      },
      { timeout: 20_000, intervals: [250, 500, 1000] },
    )
    .toContainEqual(expect.stringContaining("Your publication request for Vandelay was approved (#2)"));
  await editorContext.close();
});
