import { readFileSync } from "node:fs";
import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import { ACTIONS, ROUTES, type Actor, type Expectation } from "./table";
import { makeWorld, snapshot, type World } from "./world";

/**
 * The cross-tenant suite (DESIGN.md invariants 1–3; OWASP ASVS 8.2, 8.3.1, 8.4.1). For every
 * route and server action the built app has, another tenant's owner, organisation A's viewer
 * and an anonymous visitor try what they must not, over HTTP against the production build:
 * server actions are called directly (as an attacker would, with the Next-Action header), not
 * through the UI that hides their buttons.
 */
const baseURL = `http://127.0.0.1:${process.env.E2E_PORT ?? 3100}`;
const appPaths = Object.keys(JSON.parse(readFileSync(".next/server/app-paths-manifest.json", "utf8")) as Record<string, string>);
type ActionEntry = { filename: string; exportedName: string; workers: Record<string, unknown> };
const actionManifest = JSON.parse(readFileSync(".next/server/server-reference-manifest.json", "utf8")).node as Record<string, ActionEntry>;
const actionIds = Object.fromEntries(Object.entries(actionManifest).map(([id, entry]) => [`${entry.filename}#${entry.exportedName}`, id]));

let world: World;
let before: Awaited<ReturnType<typeof snapshot>>;
const actors = {} as Record<Actor, APIRequestContext>;
let cells = 0;

async function contextFor(token?: string) {
  return playwrightRequest.newContext({
    baseURL,
    extraHTTPHeaders: { Origin: baseURL },
    storageState: token
      ? { cookies: [{ name: "candor.session", value: token, domain: "127.0.0.1", path: "/", expires: -1, httpOnly: true, secure: false, sameSite: "Lax" }], origins: [] }
      : undefined,
  });
}

test.beforeAll(async () => {
  world = await makeWorld();
  before = await snapshot(world.a);
  actors.anonymous = await contextFor();
  actors.otherTenant = await contextFor(world.b.people.OWNER.sessionToken);
  actors.viewer = await contextFor(world.a.people.VIEWER.sessionToken);
  actors.editor = await contextFor(world.a.people.EDITOR.sessionToken);
});

test.afterAll(async () => {
  for (const context of Object.values(actors)) await context.dispose();
  console.log(`cross-tenant suite: ${cells} cells`);
});

function check(actual: { status: number; location: string | null }, expected: Expectation, label: string) {
  if (expected === "login") {
    expect([302, 303, 307], label).toContain(actual.status);
    expect(actual.location ?? "", label).toContain("/login");
  } else {
    expect(actual.status, label).toBe(expected);
  }
}

test("every route of the build has a row, and every row a route", () => {
  expect(appPaths.filter((path) => !ROUTES[path]), "routes without a cross-tenant row").toEqual([]);
  expect(Object.keys(ROUTES).filter((path) => !appPaths.includes(path)), "rows without a route").toEqual([]);
});

test("every server action of the build has a row, and every row an action", () => {
  expect(Object.keys(actionIds).filter((key) => !ACTIONS[key]), "actions without a cross-tenant row").toEqual([]);
  expect(Object.keys(ACTIONS).filter((key) => !actionIds[key]), "rows without an action").toEqual([]);
});

test("routes and pages: outsiders get nothing of organisation A", async () => {
  for (const [path, row] of Object.entries(ROUTES)) {
    for (const cell of row.cells ?? []) {
      for (const [actor, expected] of Object.entries(cell.expect) as [Actor, Expectation][]) {
        const url = cell.path(world);
        const body = cell.body?.(world);
        const payload = !body ? {} : cell.upload ? { multipart: { ...body, file: { name: "x.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n%%EOF\n") } }, headers: { Accept: "application/json" } } : { data: body };
        const response = await actors[actor].fetch(url, { method: cell.method, maxRedirects: 0, ...payload });
        check({ status: response.status(), location: response.headers().location ?? null }, expected, `${actor} ${cell.method} ${url} (${path})`);
        const text = await response.text();
        if (actor !== "viewer" && actor !== "editor" && row.scope === "tenant") {
          for (const person of Object.values(world.a.people)) expect(text, `${actor} ${url} leaks a member`).not.toContain(person.email);
        }
        cells += 1;
      }
    }
  }
});

async function callAction(actor: Actor, id: string, page: string, args: unknown[], form?: Record<string, string>) {
  // React's encodeReply layout: the FormData's fields ("_1_<name>") first, then the arguments ("0").
  const multipart = new FormData();
  for (const [key, value] of Object.entries(form ?? {})) multipart.append(`_1_${key}`, value);
  multipart.append("0", JSON.stringify(form ? [...args, "$K1"] : args));
  const response = await actors[actor].post(page, { headers: { "Next-Action": id, Accept: "text/x-component" }, multipart, maxRedirects: 0 });
  return { status: response.status(), text: await response.text() };
}

test("server actions, called directly: outsiders are refused and change nothing", async () => {
  for (const [key, row] of Object.entries(ACTIONS)) {
    const id = actionIds[key]!;
    if (row.scope === "tenant") {
      for (const [actor, code] of Object.entries(row.expect) as [Actor, string][]) {
        const result = await callAction(actor, id, row.page(world), [...row.bound(world), { status: "idle" }], row.form?.(world));
        expect(result.status, `${actor} → ${key}`).toBe(200);
        expect(result.text, `${actor} → ${key}`).toContain(`"code":"${code}"`);
        cells += 1;
      }
      if (row.idor) {
        const result = await callAction("otherTenant", id, row.page(world).replace(world.a.slug, world.b.slug), [...row.idor(world), { status: "idle" }], row.form?.(world));
        expect(result.text, `otherTenant (own slug, A's object) → ${key}`).toContain(`"code":"not_found"`);
        cells += 1;
      }
    } else {
      const result = await callAction("anonymous", id, row.page(), [...(row.bound?.() ?? []), { status: "idle" }], row.form?.());
      expect(result.text, `anonymous → ${key}`).toContain(`"code":"unauthenticated"`);
      cells += 1;
    }
  }
});

test("after all of it, organisation A is exactly as it was", async () => {
  expect(await snapshot(world.a)).toEqual(before);
});
