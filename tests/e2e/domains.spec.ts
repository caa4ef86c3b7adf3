import http from "node:http";
import { expect, test, type Page } from "@playwright/test";
import { signInWithLink, uniqueEmail, uniqueSlug } from "./fixtures";

/**
 * An admin claims a custom domain, is told exactly what DNS lacks, publishes the records (on the
 * run's loopback DNS server, through scripts/lib/dns-control.ts) and sees it verified and serving.
 */
const port = Number(process.env.E2E_PORT ?? 3100);

async function setRecords(body: object) {
  const response = await fetch(`${process.env.E2E_DNS_CONTROL}/records`, { method: "POST", body: JSON.stringify(body) });
  expect(response.status).toBe(204);
}

function getByHost(host: string, path = "/") {
  return new Promise<{ status: number; body: string; cookies: string[] | undefined }>((resolve, reject) => {
    http
      .get({ host: "127.0.0.1", port, path, headers: { Host: host } }, (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString(), cookies: response.headers["set-cookie"] }));
      })
      .on("error", reject);
  });
}

async function newPublishedOrganization(page: Page) {
  await signInWithLink(page, uniqueEmail("domains"));
  const slug = uniqueSlug("domains");
  await page.goto("/dashboard/new");
  await page.getByLabel("Organisation name").fill("Domains Co");
  await page.getByLabel("Public address").fill(slug);
  await page.getByRole("button", { name: "Create organisation" }).click();
  await expect(page).toHaveURL(new RegExp(`/dashboard/${slug}$`));
  await page.goto(`/dashboard/${slug}/publish`);
  await page.getByRole("button", { name: "Publish", exact: true }).click();
  await expect(page.getByText("Published #1. The public page shows it now.")).toBeVisible();
  return slug;
}

test("an admin claims a custom domain, fixes DNS as told, and the trust center answers there", async ({ page }) => {
  const slug = await newPublishedOrganization(page);
  const host = `trust.${slug}.example`;
  await page.goto(`/dashboard/${slug}`);
  await page.getByRole("link", { name: "Custom domain", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Custom domain", level: 2 })).toBeVisible();

  // Refused before anything is stored: an IP, a public suffix, our own domain.
  for (const [input, message] of [
    ["203.0.113.9", /without a port \(IP addresses cannot be used\)/],
    ["co.uk", /co\.uk is a public suffix, shared by many owners/],
    [`${slug}.localhost`, /Candor's own address/],
  ] as const) {
    await page.getByLabel("Host name").fill(input);
    await page.getByRole("button", { name: "Add domain" }).click();
    await expect(page.getByText(message)).toBeVisible();
    await expect(page.getByLabel("Host name")).toHaveValue(input); // kept after the error, to correct
  }

  await page.getByLabel("Host name").fill(`https://${host.toUpperCase()}/`);
  await page.getByRole("button", { name: "Add domain" }).click();
  // The claim replaces the form (one domain per organisation for now).
  await expect(page.getByRole("heading", { name: host })).toBeVisible();
  await expect(page.getByText("Pending", { exact: true })).toBeVisible();
  const txtName = `_candor-challenge.${host}`;
  await expect(page.getByText(txtName, { exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Copy TXT value" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Copy CNAME value" })).toBeVisible();
  const token = (await page.locator("tr", { hasText: txtName }).locator("td").nth(2).innerText()).trim().split(/\s/)[0]!;
  expect(token).toMatch(/^[0-9a-f]{40}$/);
  // Only one domain for now: the form is gone.
  await expect(page.getByRole("button", { name: "Add domain" })).toHaveCount(0);

  await page.getByRole("button", { name: "Verify now" }).click();
  await expect(page.getByText(`No TXT record at ${txtName}`).first()).toBeVisible();
  await expect(page.getByText("Failed", { exact: true })).toBeVisible();
  expect((await getByHost(host)).status).toBe(404);

  await setRecords({ txt: { name: txtName, values: [token] } });
  await page.getByRole("button", { name: "Verify now" }).click();
  await expect(page.getByText(`${host} has no CNAME record`).first()).toBeVisible();

  await setRecords({ cname: { name: host, target: "cname.localhost" } });
  await page.getByRole("button", { name: "Verify now" }).click();
  await expect(page.getByText(`${host} is verified and serves your trust center.`)).toBeVisible();
  await expect(page.getByText("Verified", { exact: true })).toBeVisible();

  const served = await getByHost(host);
  expect(served.status).toBe(200);
  expect(served.body).toContain("Domains Co");
  expect(served.cookies).toBeUndefined();
  expect((await getByHost(host, "/dashboard")).status).toBe(404);
  // The platform subdomain works all along.
  expect((await getByHost(`${slug}.localhost`)).status).toBe(200);

  // The audit log has it.
  await page.goto(`/dashboard/${slug}/audit`);
  await expect(page.getByRole("cell", { name: "domain.verify", exact: true })).toBeVisible();

  await page.goto(`/dashboard/${slug}/domains`);
  await page.getByRole("button", { name: "Remove" }).click();
  await expect(page.getByRole("heading", { name: host })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Add domain" })).toBeVisible();
  expect((await getByHost(host)).status).toBe(404);
});
