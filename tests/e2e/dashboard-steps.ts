import { expect, type Page } from "@playwright/test";
import { uniqueEmail, uniqueSlug } from "./fixtures";
import { signInDirectly } from "./sessions";

/** Steps a person takes in the dashboard, shared by the specs that walk it in a browser. */

/** A new person signs in and creates an organisation named `name`; its slug. */
export async function newOrganization(page: Page, name: string, emailPrefix: string) {
  await signInDirectly(page.context(), uniqueEmail(emailPrefix));
  const slug = uniqueSlug(name.toLowerCase());
  await page.goto("/dashboard/new");
  await page.getByLabel("Organisation name").fill(name);
  await page.getByLabel("Public address").fill(slug);
  await page.getByRole("button", { name: "Create organisation" }).click();
  await expect(page).toHaveURL(new RegExp(`/dashboard/${slug}$`));
  return slug;
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
