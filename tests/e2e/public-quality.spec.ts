import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";

/**
 * Every public surface of the production build (issue 16), on /t/demo and at the root of the
 * demo's own host: the trust page, the changelog, the verification page and the access request
 * page, in English and (the access page) in German. Each must have
 * - 0 axe violations (WCAG 2.x A/AA and axe's best practices) at 1280 and 390 px, light and dark;
 * - nothing that scrolls the page sideways at 390 px;
 * - 0 errors from the Nu HTML Checker (vnu-jar, pinned, run with the machine's java).
 *
 * The Nu checker runs here, on the bytes the build serves on each host, rather than in vitest on
 * rendered strings: the access page and the host variants are made by the production server and
 * its routing, and one JVM start checks all ten documents in one batch, so it costs a few
 * seconds of this run rather than a new test file's database.
 */
const port = Number(process.env.E2E_PORT ?? 3100);
const app = `http://127.0.0.1:${port}`;
const tenant = `http://demo.${process.env.PLATFORM_DOMAIN ?? "localhost"}:${port}`;
/** Each surface, its path, and the language its document must declare (the demo's default is English). */
const SURFACES: [string, string, string][] = [
  ["trust page", "", "en"],
  ["changelog", "/changelog", "en"],
  ["verify page", "/verify", "en"],
  ["access request page", "/access", "en"],
  // The prospect pages in another language (issue 15, ADR 038): German by name, as an hreflang link names it.
  ["access request page in German", "/access?lang=de", "de"],
];
const PAGES = SURFACES.flatMap(([name, suffix, lang]) => [
  { name: `${name} on /t/demo`, url: `${app}/t/demo${suffix}`, lang },
  { name: `${name} on the tenant host`, url: `${tenant}${suffix || "/"}`, lang },
]);

for (const { name, url } of PAGES) {
  test(`${name}: no axe violations at 1280 and 390 px, light and dark, and nothing scrolls sideways at 390 px`, async ({ browser }) => {
    for (const width of [1280, 390]) {
      for (const colorScheme of ["light", "dark"] as const) {
        const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme });
        const page = await context.newPage();
        const response = await page.goto(url);
        expect(response?.status(), url).toBe(200);
        const at = `${url} at ${width} px, ${colorScheme}`;
        const scrollWidth = await page.evaluate(() => document.scrollingElement!.scrollWidth);
        expect(scrollWidth, at).toBeLessThanOrEqual(width);
        const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]).analyze();
        expect(
          results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`),
          at,
        ).toEqual([]);
        await context.close();
      }
    }
  });
}

test("every public surface on both hosts has 0 errors in the Nu HTML Checker", async ({ request }) => {
  test.setTimeout(120_000);
  const dir = mkdtempSync(path.join(tmpdir(), "candor-vnu-"));
  try {
    const files: string[] = [];
    for (const [index, { name, url, lang }] of PAGES.entries()) {
      // Node does not resolve *.localhost as a browser does: ask the address, named by Host.
      const target = new URL(url);
      const response = await request.get(`${app}${target.pathname}${target.search}`, { headers: { Host: target.host } });
      expect(response.status(), name).toBe(200);
      const body = await response.body();
      expect(body.toString("utf8"), name).toContain(`<html lang="${lang}">`);
      const file = path.join(dir, `${index}.html`);
      writeFileSync(file, body);
      files.push(file);
    }
    const jar = path.resolve("node_modules/vnu-jar/build/dist/vnu.jar");
    let output = "";
    try {
      execFileSync("java", ["-jar", jar, "--errors-only", "--format", "text", ...files], { encoding: "utf8", stdio: "pipe" });
    } catch (error) {
      const failed = error as { stdout?: string; stderr?: string };
      output = `${failed.stdout ?? ""}${failed.stderr ?? ""}`;
    }
    // Name each file by the page it is, so a failure says where.
    for (const [index, file] of files.entries()) output = output.replaceAll(`file:${file}`, PAGES[index]!.name).replaceAll(file, PAGES[index]!.name);
    expect(output.trim()).toBe("");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
