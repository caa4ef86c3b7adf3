import { expect, type Page } from "@playwright/test";
import { uniqueEmail, uniqueSlug } from "./fixtures";
import { signInDirectly } from "./sessions";

/** Steps a person takes in the dashboard, shared by the specs that walk it in a browser. */

/** A new person signs in and creates an organisation named `name`; its slug. */
export async function newOrganization(page: Page, name: string, emailPrefix: string) {
  await signInDirectly(page.context(), uniqueEmail(emailPrefix));
  return createOrganization(page, name);
}

/** The signed-in person creates an organisation through its form; its slug (unique, from `slugPrefix`). */
export async function createOrganization(page: Page, name: string, slugPrefix = name) {
  const slug = uniqueSlug(slugPrefix.toLowerCase().replace(/\s+/g, "-"));
  await page.goto("/dashboard/new");
  await page.getByLabel("Organisation name").fill(name);
  await page.getByLabel("Public address").fill(slug);
  await page.getByRole("button", { name: "Create organisation" }).click();
  await expect(page).toHaveURL(new RegExp(`/dashboard/${slug}$`));
  return slug;
}

/** An export bundle imported into the organisation as the dashboard's import does it: every row, no problem. */
export async function importBundle(page: Page, slug: string, bundle: unknown) {
  await importText(page, slug, "json", JSON.stringify(bundle));
}

/** A file's text in one of the import's formats ("json", "controls-csv", …), applied as the dashboard's import does it: every row, no problem. */
export async function importText(page: Page, slug: string, format: string, text: string) {
  const result = await page.evaluate(
    async ([s, f, t]) => {
      const response = await fetch(`/dashboard/${s}/transfer/import`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ mode: "apply", format: f, text: t }) });
      return { status: response.status, body: await response.json() };
    },
    [slug, format, text] as const,
  );
  expect(result.status, JSON.stringify(result.body)).toBe(200);
  expect(result.body.problems).toEqual([]);
}

/** A control created through its form in the area "Access Control"; the control page's address. */
export async function newControl(page: Page, slug: string, ref: string, title: string) {
  await page.goto(`/dashboard/${slug}/controls/new`);
  await page.getByLabel("Reference").fill(ref);
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Area").fill("Access Control");
  await page.getByRole("button", { name: "Create control" }).click();
  await expect(page.getByText("Control created.")).toBeVisible();
  return page.url().replace("?created=1", "");
}
