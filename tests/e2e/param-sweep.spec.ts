import { createHash, randomBytes, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import { controlQuerySchema } from "@/modules/controls/query";
import { auditFilterSchema } from "@/modules/audit/schema";
import { sql, sqlOne } from "./fixtures";

/**
 * Every route of the build (read from .next/server/app-paths-manifest.json, so a new route is
 * swept without a change here), with hostile query parameters and route parameters: NUL and
 * other control characters, bytes that are not UTF-8, overlong text, integers beyond any
 * column, repeated parameters, markup. Signed in as an owner (the dashboard) and anonymously
 * (everything, and the public surfaces on a tenant host too). Not one answer may be a 5xx:
 * bad input gets a clear 4xx or is ignored (DESIGN.md invariant 9).
 */
const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;
const tenantHost = `demo.${process.env.PLATFORM_DOMAIN ?? "localhost"}:${port}`;
const routes = Object.keys(JSON.parse(readFileSync(".next/server/app-paths-manifest.json", "utf8")) as Record<string, string>);

/** Parameter names the app reads from query strings: the list schemas' fields and the rest. */
const PARAMS = [
  ...new Set([
    ...Object.keys(controlQuerySchema.shape),
    ...Object.keys(auditFilterSchema.shape),
    ...["q", "filter", "page", "seq", "format", "show", "to", "next", "email", "token", "error", "left", "joined", "required", "created", "deleted", "uploaded", "domain", "area", "code", "id", "mode"],
  ]),
];

/** Hostile values, already %-encoded as they go on the wire. */
const HOSTILE: Record<string, string> = {
  nul: "a%00b",
  "control character": "a%01b",
  newline: "a%0D%0Ab",
  "not UTF-8": "%ff%fe",
  "a lone surrogate (CESU)": "%ED%A0%80",
  overlong: "x".repeat(5_000),
  "2^31": "2147483648",
  "2^64": "18446744073709551616",
  negative: "-1",
  zero: "0",
  exponent: "1e309",
  hex: "0x10",
  fraction: "1.5",
  markup: encodeURIComponent("<script>alert(1)</script>"),
  "SQL-ish": encodeURIComponent("' OR 1=1 --"),
  "a stray percent": "100%",
  "a path": encodeURIComponent("../../etc/passwd"),
};
/** Route segments: the realistic value is swapped for each of these. */
const HOSTILE_SEGMENTS: Record<string, string> = {
  nul: "a%00b",
  "not UTF-8": "%ff",
  overlong: "x".repeat(3_000),
  "2^31": "2147483648",
  markup: encodeURIComponent("<b>x</b>"),
  "a near-UUID": "00000000-0000-0000-0000-00000000000g",
};

type Target = { url: string; host?: string; label: string };
let owner: APIRequestContext;
let anonymous: APIRequestContext;
const realIds: Record<string, string> = {};

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  // An owner of the demo organisation of its own (no second factor, freshly verified), so the
  // sweep reaches every dashboard page, the exports included.
  const email = `sweep-${randomBytes(4).toString("hex")}@example.com`;
  const user = await sqlOne<{ id: string }>(`INSERT INTO "User" (email) VALUES ($1) RETURNING id`, [email]);
  await sql(`INSERT INTO "Member" ("orgId", "userId", role) SELECT id, $1, 'OWNER' FROM "Organization" WHERE slug = 'demo'`, [user.id]);
  const token = randomBytes(32).toString("hex");
  await sql(`INSERT INTO "Session" ("sessionToken", "userId", expires, "verifiedAt") VALUES ($1, $2, now() + interval '1 day', now())`, [
    createHash("sha256").update(token).digest("hex"),
    user.id,
  ]);
  owner = await playwrightRequest.newContext({
    baseURL,
    storageState: { cookies: [{ name: "candor.session", value: token, domain: "127.0.0.1", path: "/", expires: -1, httpOnly: true, secure: false, sameSite: "Lax" }], origins: [] },
  });
  anonymous = await playwrightRequest.newContext({ baseURL });
  // Real rows of the demo organisation, so that routes with an id reach their parameters.
  const first = async (table: string) => (await sql<{ id: string }>(`SELECT t.id FROM "${table}" t JOIN "Organization" o ON o.id = t."orgId" WHERE o.slug = 'demo' ORDER BY t."createdAt" LIMIT 1`))[0]?.id;
  for (const [segment, table] of Object.entries({ controls: "Control", faqs: "Faq", documents: "Document", reviews: "SecurityReview", mailbox: "DevMailboxMessage" })) {
    const id = table === "DevMailboxMessage" ? (await sql<{ id: string }>(`SELECT id FROM "DevMailboxMessage" LIMIT 1`))[0]?.id : await first(table);
    if (id) realIds[segment] = id;
  }
});

test.afterAll(async () => {
  await owner?.dispose();
  await anonymous?.dispose();
});

/** A route pattern as a URL path with realistic values: "/dashboard/[slug]/controls/[id]/page" → "/dashboard/demo/controls/<id>". */
function realisticSegments(route: string): string[] {
  const parts = route.replace(/\/(page|route)$/, "").split("/").filter((part) => part && !/^\(.*\)$/.test(part));
  return parts.map((part, i) => {
    if (!part.startsWith("[")) return part;
    if (part === "[slug]") return "demo";
    if (part === "[type]") return "faqs";
    if (part === "[number]") return "1";
    if (part === "[sha256]") return "0".repeat(64);
    const parent = parts[i - 1] === "[type]" ? "faqs" : (parts[i - 1] ?? "");
    return realIds[parent] ?? randomUUID();
  });
}

function targets(route: string): Target[] {
  const segments = realisticSegments(route);
  const path = `/${segments.join("/")}`;
  const list: Target[] = [];
  const query = (value: string) => PARAMS.map((name) => `${name}=${value}`).join("&");
  for (const [label, value] of Object.entries(HOSTILE)) list.push({ url: `${path}?${query(value)}`, label: `every parameter ${label}` });
  list.push({ url: `${path}?${PARAMS.map((name) => `${name}=a&${name}=b`).join("&")}`, label: "every parameter repeated" });
  const dynamic = route.split("/").filter((part) => part && !/^\(.*\)$/.test(part) && part !== "page" && part !== "route");
  dynamic.forEach((part, i) => {
    if (!part.startsWith("[")) return;
    for (const [label, value] of Object.entries(HOSTILE_SEGMENTS)) {
      const swapped = segments.map((segment, j) => (j === i ? value : segment));
      list.push({ url: `/${swapped.join("/")}`, label: `${part} ${label}` });
    }
  });
  // A tenant host serves the /t/{slug} surfaces at its root.
  if (route.startsWith("/t/[slug]")) {
    for (const item of [...list]) {
      if (!item.url.startsWith("/t/demo")) continue;
      list.push({ url: item.url.slice("/t/demo".length) || "/", host: tenantHost, label: `tenant host, ${item.label}` });
    }
  }
  return list;
}

async function sweep(context: APIRequestContext, who: string, include: (route: string) => boolean) {
  const failures: string[] = [];
  let count = 0;
  const queue = routes.filter((route) => !route.startsWith("/_") && include(route)).flatMap((route) => targets(route).map((target) => ({ route, target })));
  async function worker() {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const { route, target } = next;
      const response = await context.get(target.url, { maxRedirects: 0, failOnStatusCode: false, headers: target.host ? { host: target.host } : {} });
      count += 1;
      if (response.status() >= 500) failures.push(`${who} ${route} (${target.label}): ${response.status()} for ${target.url.slice(0, 160)}`);
      await response.dispose();
    }
  }
  await Promise.all([worker(), worker(), worker()]);
  console.log(`param sweep, ${who}: ${count} requests`);
  return failures;
}

test("signed in as an owner, no route answers hostile parameters with a 5xx", async () => {
  test.setTimeout(15 * 60_000);
  expect(routes.length, "the build's route manifest").toBeGreaterThan(40);
  expect(await sweep(owner, "owner", (route) => !route.startsWith("/t/"))).toEqual([]);
});

test("anonymously, on the app host and on a tenant host, no route answers hostile parameters with a 5xx", async () => {
  test.setTimeout(15 * 60_000);
  expect(await sweep(anonymous, "anonymous", () => true)).toEqual([]);
});

test("a NUL byte in a list filter is a clear 400, on every list", async () => {
  for (const path of ["/dashboard/demo/controls?q=a%00b", "/dashboard/demo/faqs?q=a%00b", "/dashboard/demo/audit?actor=a%00b", "/dashboard/demo/subprocessors?q=a%00b", "/dev/mailbox?to=a%00b"]) {
    const response = await owner.get(path, { maxRedirects: 0 });
    expect(response.status(), path).toBe(400);
    expect(await response.text(), path).toContain("Bad request");
  }
});

test("trust.json?seq= beyond any publication number is a 400, not a database error", async () => {
  for (const seq of ["2147483648", "99999999999999999999", "0", "-1", "1e3", "0x10", "1.0", " 1"]) {
    const onApp = await anonymous.get(`/t/demo/trust.json?seq=${encodeURIComponent(seq)}`);
    expect(onApp.status(), seq).toBe(400);
    expect((await onApp.json()).error, seq).toBe("bad_request");
    const onTenantHost = await anonymous.get(`/trust.json?seq=${encodeURIComponent(seq)}`, { headers: { host: tenantHost } });
    expect(onTenantHost.status(), `tenant host ${seq}`).toBe(400);
  }
  // The largest number a publication could have is a plain "no such publication".
  expect((await anonymous.get("/t/demo/trust.json?seq=2147483647")).status()).toBe(404);
  expect((await anonymous.get("/t/demo/trust.json?seq=1")).status()).toBe(200);
});

test("out-of-range and repeated list parameters are ignored, and the list still answers", async () => {
  for (const path of ["/dashboard/demo/audit?before=99999999999999", "/dashboard/demo/controls?page=2147483648&q=a&q=b", "/dashboard/demo/faqs?page=99999999999&q=a&q=b"]) {
    expect((await owner.get(path, { maxRedirects: 0 })).status(), path).toBe(200);
  }
  const exported = await owner.get("/dashboard/demo/audit/export?format=json&before=99999999999999", { maxRedirects: 0 });
  expect(exported.status()).toBe(422);
});

test("a client navigation whose route tree is not one is a clear 400 (Next's render answered 500), on the dashboard and the public pages", async () => {
  for (const tree of ["garbage", "%ff", encodeURIComponent("[]"), encodeURIComponent(JSON.stringify(["", { children: 5 }]))]) {
    const headers = { rsc: "1", "next-router-state-tree": tree };
    const dashboard = await owner.get("/dashboard/demo/controls", { headers, maxRedirects: 0 });
    expect(dashboard.status(), tree).toBe(400);
    expect(await dashboard.text(), tree).toBe("The Next-Router-State-Tree header is not a route tree.\n");
    for (const [path, host] of [["/t/demo/changelog", undefined], ["/changelog", tenantHost], ["/login", undefined]] as const) {
      const response = await anonymous.get(path, { headers: host ? { ...headers, host } : headers, maxRedirects: 0 });
      expect(response.status(), `${host ?? ""}${path} ${tree}`).toBeLessThan(500);
    }
  }
});
