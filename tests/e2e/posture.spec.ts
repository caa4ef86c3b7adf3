import { expect, test, type Page } from "@playwright/test";
import { signInWithLink, uniqueEmail } from "./fixtures";
import { createOrganization } from "./dashboard-steps";

test("a security lead writes a control with evidence, previews its Markdown, and changes statuses in bulk", async ({ page }) => {
  await signInWithLink(page, uniqueEmail("lead"));
  const slug = await createOrganization(page, "Posture");
  await page.getByRole("link", { name: "Controls" }).first().click();
  await page.getByRole("link", { name: "New control" }).click();
  await page.getByLabel("Reference").fill("AC-01");
  await page.getByLabel("Title").fill("Passwords are hashed with Argon2id");
  await page.getByLabel("Area").fill("Access Control");
  await page.getByRole("textbox", { name: "Description" }).fill("We use **Argon2id** with OWASP parameters.");
  await page.getByRole("tab", { name: "Preview" }).click();
  await expect(page.getByTestId("description-preview").locator("strong")).toHaveText("Argon2id");
  await page.getByRole("tab", { name: "Write" }).click();
  await page.getByLabel("Last reviewed").fill("2026-11-01");
  await page.getByRole("button", { name: "Create control" }).click();
  await expect(page.getByText("Control created. Add its evidence below.")).toBeVisible();

  await page.getByLabel("Label").fill("hash_password()");
  await page.getByLabel("Target").fill("src/auth/passwords.ts — hash_password()");
  await page.getByRole("button", { name: "Add evidence" }).click();
  await expect(page.getByTestId("evidence")).toContainText("src/auth/passwords.ts");

  // A second control, then both to "In progress" at once.
  await page.goto(`/dashboard/${slug}/controls/new`);
  await page.getByLabel("Reference").fill("AC-02");
  await page.getByLabel("Title").fill("Sessions expire");
  await page.getByRole("button", { name: "Create control" }).click();
  await expect(page.getByText("Control created.")).toBeVisible();
  await page.goto(`/dashboard/${slug}/controls`);
  await expect(page.getByTestId("coverage")).toContainText("100%");
  await page.getByLabel("Select AC-01").check();
  await page.getByLabel("Select AC-02").check();
  await page.getByLabel("Set status").selectOption("IN_PROGRESS");
  await page.getByRole("button", { name: "Apply to selected" }).click();
  await expect(page.getByText("Updated 2 controls.")).toBeVisible();
  await expect(page.getByTestId("control-AC-01")).toContainText("In progress");
  await expect(page.getByTestId("coverage")).toContainText("0%");
});

test("two editors save the same control: the second is told, and nothing is overwritten", async ({ page, browser }) => {
  await signInWithLink(page, uniqueEmail("lead"));
  const slug = await createOrganization(page, "Race");
  await page.goto(`/dashboard/${slug}/controls/new`);
  await page.getByLabel("Reference").fill("AC-01");
  await page.getByLabel("Title").fill("Original");
  await page.getByLabel("Area").fill("Access Control");
  await page.getByRole("button", { name: "Create control" }).click();
  await expect(page.getByText("Control created.")).toBeVisible();
  const url = page.url().replace("?created=1", "");

  const second = await browser.newContext({ storageState: await page.context().storageState() });
  const other = await second.newPage();
  await other.goto(url);
  await page.goto(url);
  await page.getByLabel("Title").fill("First editor");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();
  await other.getByLabel("Title").fill("Second editor");
  await other.getByRole("button", { name: "Save changes" }).click();
  await expect(other.getByText("Someone else changed this while you were editing")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Title")).toHaveValue("First editor");
  await second.close();
});

test("importing a CSV shows a row-by-row preview, then imports in one go", async ({ page }) => {
  await signInWithLink(page, uniqueEmail("lead"));
  const slug = await createOrganization(page, "Importer");
  await page.goto(`/dashboard/${slug}/transfer`);
  const csv = ["ref,domain,title,status,visibility", "AC-01,Access Control,MFA for admins,Implemented,Public", "AC-02,Access Control,,Planned,Public", "EN-01,Encryption,TLS everywhere,Implemented,NDA"].join("\n");
  await page.getByLabel("Format").selectOption("controls-csv");
  await page.getByLabel("File").setInputFiles({ name: "controls.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByRole("button", { name: "Preview" }).click();
  const plan = page.getByTestId("import-plan");
  await expect(plan).toContainText("Rows that will not be imported (1)");
  await expect(plan).toContainText("controls, row 3");
  await page.getByRole("button", { name: "Import the valid rows" }).click();
  await expect(page.getByText("Everything below was applied in one transaction.")).toBeVisible();
  await page.goto(`/dashboard/${slug}/controls`);
  await expect(page.getByTestId("control-AC-01")).toBeVisible();
  await expect(page.getByTestId("control-EN-01")).toContainText("NDA");
  await expect(page.getByTestId("control-AC-02")).toHaveCount(0);
});

test("↑ and ↓ reorder controls, with and without JavaScript, and a forged move changes nothing", async ({ page, browser }) => {
  await signInWithLink(page, uniqueEmail("lead"));
  const slug = await createOrganization(page, "Order");
  for (const ref of ["OR-01", "OR-02", "OR-03"]) {
    await page.goto(`/dashboard/${slug}/controls/new`);
    await page.getByLabel("Reference").fill(ref);
    await page.getByLabel("Title").fill(`Control ${ref}`);
    await page.getByLabel("Area").fill("Operations");
    await page.getByRole("button", { name: "Create control" }).click();
    await expect(page.getByText("Control created.")).toBeVisible();
  }
  const order = async (p: Page) => (await p.locator('[data-testid^="control-OR-"]').evaluateAll((rows) => rows.map((row) => row.getAttribute("data-testid")))).join(" ");
  await page.goto(`/dashboard/${slug}/controls`);
  expect(await order(page)).toBe("control-OR-01 control-OR-02 control-OR-03");
  await page.getByRole("button", { name: "Move OR-03 up" }).click();
  await expect.poll(() => order(page)).toBe("control-OR-01 control-OR-03 control-OR-02");

  // The same form without JavaScript: the browser posts the pressed button's own value.
  const context = await browser.newContext({ javaScriptEnabled: false, storageState: await page.context().storageState() });
  const plain = await context.newPage();
  await plain.goto(`/dashboard/${slug}/controls`);
  const posted = plain.waitForResponse((response) => response.request().method() === "POST");
  await plain.getByRole("button", { name: "Move OR-01 down" }).click();
  await posted;
  await plain.goto(`/dashboard/${slug}/controls`);
  expect(await order(plain)).toBe("control-OR-03 control-OR-01 control-OR-02");
  await context.close();

  // A move value that is not a move: a clear error, nothing moves.
  await page.goto(`/dashboard/${slug}/controls`);
  await page.locator('button[aria-label="Move OR-02 up"]').evaluate((button) => button.setAttribute("value", "not-a-move"));
  await page.getByRole("button", { name: "Move OR-02 up" }).click();
  await expect(page.getByText("That move could not be understood. Nothing was changed.")).toBeVisible();
  await page.goto(`/dashboard/${slug}/controls`);
  expect(await order(page)).toBe("control-OR-03 control-OR-01 control-OR-02");
});
