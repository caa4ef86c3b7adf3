import { createHash, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import { sql, sqlOne, uniqueSlug } from "./fixtures";

/**
 * Server-action requests a browser never sends, called the way an attacker or a broken client
 * would (POST with a Next-Action header): garbage bodies, unknown ids, missing arguments,
 * dangling references, a foreign Origin, an oversized body. Each is a clear 4xx from the proxy
 * (src/server/action-requests.ts); Next's own action handler answered most of them with 500.
 * And what a browser does send still works.
 */
const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;
type ActionEntry = { filename: string; exportedName: string };
const manifest = JSON.parse(readFileSync(".next/server/server-reference-manifest.json", "utf8")).node as Record<string, ActionEntry>;
const idOf = (file: string, name: string) => Object.entries(manifest).find(([, entry]) => entry.filename === file && entry.exportedName === name)![0];
// Used arguments: (slug, previous state); the id says so in its first byte.
const PUBLISH = idOf("src/modules/publishing/actions.ts", "publishAction");
// (slug, previous state, form data)
const SAVE_SETTINGS = idOf("src/modules/organizations/actions.ts", "updateSettingsAction");

let slug = "";
let orgId = "";
const actors: Record<string, APIRequestContext> = {};

test.beforeAll(async () => {
  slug = uniqueSlug("actions");
  orgId = (await sqlOne<{ id: string }>(`INSERT INTO "Organization" (slug, name) VALUES ($1, 'Action Target') RETURNING id`, [slug])).id;
  const user = await sqlOne<{ id: string }>(`INSERT INTO "User" (email) VALUES ($1) RETURNING id`, [`actions-${randomBytes(4).toString("hex")}@example.com`]);
  await sql(`INSERT INTO "Member" ("orgId", "userId", role) VALUES ($1, $2, 'OWNER')`, [orgId, user.id]);
  const token = randomBytes(32).toString("hex");
  await sql(`INSERT INTO "Session" ("sessionToken", "userId", expires, "verifiedAt") VALUES ($1, $2, now() + interval '1 day', now())`, [createHash("sha256").update(token).digest("hex"), user.id]);
  actors.anonymous = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { Origin: baseURL } });
  actors.owner = await playwrightRequest.newContext({
    baseURL,
    extraHTTPHeaders: { Origin: baseURL },
    storageState: { cookies: [{ name: "candor.session", value: token, domain: "127.0.0.1", path: "/", expires: -1, httpOnly: true, secure: false, sameSite: "Lax" }], origins: [] },
  });
});

test.afterAll(async () => {
  for (const context of Object.values(actors)) await context.dispose();
});

const page = () => `/dashboard/${slug}/publish`;

/** A multipart body with these fields in this order (React sends the form's fields before "0"). */
function multipart(fields: [string, string][]) {
  const boundary = `----candor${randomBytes(6).toString("hex")}`;
  const body = fields
    .map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
    .join("") + `--${boundary}--\r\n`;
  return { body, type: `multipart/form-data; boundary=${boundary}` };
}

type Case = { label: string; id?: string; type?: string; body: string | Buffer; origin?: string; expect: number };
function cases(): Case[] {
  const dangling = multipart([["0", JSON.stringify([slug, "$3"])]]);
  const badChunk = multipart([["0", JSON.stringify([slug, "$1"])], ["1", "{not json"]]);
  const noRoot = multipart([["_1_name", "x"]]);
  return [
    { label: "a multipart type with a body that is not multipart", type: "multipart/form-data; boundary=xyz", body: "garbage", expect: 400 },
    { label: "a multipart type without a boundary", type: "multipart/form-data", body: "garbage", expect: 400 },
    { label: "text that is not JSON", type: "text/plain;charset=UTF-8", body: "{{{garbage", expect: 400 },
    { label: "JSON that is not an argument list", type: "text/plain;charset=UTF-8", body: "{}", expect: 400 },
    { label: "no arguments at all", type: "text/plain;charset=UTF-8", body: "[]", expect: 400 },
    { label: "fewer arguments than the action uses", type: "text/plain;charset=UTF-8", body: JSON.stringify([slug]), expect: 400 },
    { label: "a reference to a part that was never sent (text)", type: "text/plain;charset=UTF-8", body: JSON.stringify([slug, "$1"]), expect: 400 },
    { label: "a promise reference to nothing", type: "text/plain;charset=UTF-8", body: JSON.stringify([slug, "$@a"]), expect: 400 },
    { label: "a Map reference to nothing", type: "text/plain;charset=UTF-8", body: JSON.stringify([slug, "$Q2"]), expect: 400 },
    { label: "a reference to a part that was never sent (multipart)", type: dangling.type, body: dangling.body, expect: 400 },
    { label: "a part that is not JSON", type: badChunk.type, body: badChunk.body, expect: 400 },
    { label: "multipart without the argument list", type: noRoot.type, body: noRoot.body, expect: 400 },
    // Next's own answer to an id it does not know ("Server Action unavailable", e.g. after a deploy).
    { label: "an unknown action id of the right length", id: "00" + "0".repeat(40), type: "text/plain;charset=UTF-8", body: JSON.stringify([slug, null]), expect: 409 },
    { label: "an action id that cannot be one", id: "00deadbeef", type: "text/plain;charset=UTF-8", body: JSON.stringify([slug, null]), expect: 400 },
    { label: "an id with markup", id: "<script>", type: "text/plain;charset=UTF-8", body: "[]", expect: 400 },
    { label: "a JSON content type", type: "application/json", body: JSON.stringify([slug, null]), expect: 415 },
    { label: "a form-urlencoded body", type: "application/x-www-form-urlencoded", body: "a=b", expect: 415 },
    { label: "a foreign Origin", type: "text/plain;charset=UTF-8", body: JSON.stringify([slug, null]), origin: "https://evil.example", expect: 403 },
    { label: "a body over the 2 MB limit", type: "text/plain;charset=UTF-8", body: JSON.stringify([slug, "x".repeat(3 * 1024 * 1024)]), expect: 413 },
  ];
}

for (const who of ["anonymous", "owner"]) {
  test(`malformed server-action requests get a clear 4xx, never a 500 (${who})`, async () => {
    const before = await sql(`SELECT count(*)::int AS n FROM "Publication" WHERE "orgId" = $1`, [orgId]);
    for (const item of cases()) {
      const response = await actors[who]!.post(page(), {
        headers: { "Next-Action": item.id ?? PUBLISH, "Content-Type": item.type ?? "text/plain", Accept: "text/x-component", ...(item.origin ? { Origin: item.origin } : {}) },
        data: item.body,
        maxRedirects: 0,
      });
      expect(response.status(), `${who}: ${item.label}`).toBe(item.expect);
      await response.dispose();
    }
    expect(await sql(`SELECT count(*)::int AS n FROM "Publication" WHERE "orgId" = $1`, [orgId])).toEqual(before);
  });
}

test("a form post to a page without a Next-Action header and a garbage body is not a 500", async () => {
  for (const type of ["multipart/form-data; boundary=xyz", "multipart/form-data"]) {
    const response = await actors.owner!.post(page(), { headers: { "Content-Type": type }, data: "garbage", maxRedirects: 0 });
    expect(response.status(), type).toBeLessThan(500);
  }
});

test("a well-formed call, as React encodes it, still reaches the action", async () => {
  // The settings form: (slug, previous state, FormData) with the fields under the "_1_" prefix.
  const form = multipart([["_1_name", "Action Target Renamed"], ["_1_overview", ""], ["_1_version", "1"], ["0", JSON.stringify([slug, { status: "idle" }, "$K1"])]]);
  const response = await actors.owner!.post(`/dashboard/${slug}/settings`, { headers: { "Next-Action": SAVE_SETTINGS, "Content-Type": form.type, Accept: "text/x-component" }, data: form.body });
  expect(response.status()).toBe(200);
  const answer = await response.text();
  expect(await sql(`SELECT name FROM "Organization" WHERE id = $1`, [orgId]), answer.slice(0, 2000)).toEqual([{ name: "Action Target Renamed" }]);
  // And a text-encoded call, missing nothing the action uses.
  const text = await actors.anonymous!.post(page(), { headers: { "Next-Action": PUBLISH, "Content-Type": "text/plain;charset=UTF-8", Accept: "text/x-component" }, data: JSON.stringify([slug, { status: "idle" }]) });
  expect(text.status()).toBe(200);
  expect(await text.text()).toContain('"code":"unauthenticated"');
});
