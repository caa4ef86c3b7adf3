import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ensureDatabase } from "../../scripts/lib/database";
import { startEmbeddedPostgres, type RunningPostgres } from "../../scripts/lib/embedded-postgres";
import { createControl } from "@/modules/controls/server/controls";
import { systemResolver } from "@/modules/domains/server/dns";
import { addDomain, verifyDomain } from "@/modules/domains/server/domains";
import { publish } from "@/modules/publishing/server/publish";
import { disconnectDb } from "@/server/db/client";
import { ensureAppLogin, migrate } from "@/server/db/migrate";
import { closePool } from "@/server/db/pool";
import { resetEnvCache } from "@/server/env";
import { ANSWERING_TIMEOUT_MS, startDnsServer, type TestDnsServer } from "../setup/dns-server";
import { createOrg } from "../support/factories";
import { startFrontServer } from "../support/front-server";

/**
 * A trust center must stay up when its database does not: this file runs on a PostgreSQL of
 * its own, publishes, then really stops that server, and reads the public surfaces again
 * through the production server's front (src/server/edge/fast-path.ts) on the app host, the platform
 * subdomain and a verified custom domain.
 */
const dir = path.resolve(".tmp", `pg-outage-${process.pid}`);
let postgres: RunningPostgres | undefined;
let front: Awaited<ReturnType<typeof startFrontServer>>;
let dns: TestDnsServer;
let slug: string;
const CUSTOM = "trust.outage.example";

beforeAll(async () => {
  postgres = await startEmbeddedPostgres({ dir, password: randomBytes(12).toString("hex"), persistent: false, fast: true });
  const url = await ensureDatabase(postgres.url, "candor_outage");
  await migrate(url);
  await ensureAppLogin(url);
  await disconnectDb();
  await closePool();
  process.env.DATABASE_URL = url;
  delete process.env.APP_DATABASE_URL;
  resetEnvCache();

  const { ctx, org } = await createOrg(undefined, "Outage");
  await createControl({ ctx, input: { ref: "BC-01", area: "Resilience", title: "Served without a database", description: "Yes.", status: "IMPLEMENTED", visibility: "PUBLIC" } });
  await publish({ ctx });
  slug = org.slug;
  dns = await startDnsServer();
  const { domain } = await addDomain({ ctx, input: { hostname: CUSTOM } });
  dns.setTxt(`_candor-challenge.${CUSTOM}`, [domain.token]);
  dns.setCname(CUSTOM, "cname.localhost");
  await verifyDomain({ ctx, id: domain.id, resolver: systemResolver({ servers: [dns.address], timeoutMs: ANSWERING_TIMEOUT_MS, tries: 1 }) });

  front = await startFrontServer();
}, 120_000);

afterAll(async () => {
  await front?.close();
  await dns?.close();
  await disconnectDb().catch(() => undefined);
  await closePool().catch(() => undefined);
  await postgres?.stop().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

async function get(pathname: string, host: string, headers: Record<string, string> = {}) {
  const response = await front.request(pathname, { headers: { Host: host, ...headers } });
  return { status: response.status, body: response.body.toString(), etag: response.headers.etag, ms: response.ms };
}

describe("with the database stopped", () => {
  it("published trust pages keep answering 200 with their last publication, without waiting on the database", async () => {
    const surfaces = [
      { pathname: `/t/${slug}`, host: "localhost:3000" },
      { pathname: `/t/${slug}/trust.json`, host: "localhost:3000" },
      { pathname: "/", host: `${slug}.localhost:3000` },
      { pathname: "/", host: CUSTOM },
      { pathname: "/.well-known/security.txt", host: CUSTOM },
    ];
    const before = await Promise.all(surfaces.map((s) => get(s.pathname, s.host)));
    expect(before.map((r) => r.status)).toEqual([200, 200, 200, 200, 404]); // no disclosure policy: an honest 404
    expect(before[0]!.body).toContain("Served without a database");

    await postgres!.stop();
    postgres = undefined;
    // Past every cache lifetime (5 s for the live publication, 60 s for a host name), so each
    // entry is refreshed, fails, and is served stale. The caches read Date.now(): the clock is
    // moved on instead of waiting (only Date is faked; sockets and timers run for real).
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 61_000 });
    try {
      for (let round = 0; round < 2; round++) {
        // One at a time: each time is one request's, not a queue's on this busy test process.
        for (const [i, surface] of surfaces.entries()) {
          const response = await get(surface.pathname, surface.host);
          expect(response.status, `${surface.host}${surface.pathname}`).toBe(before[i]!.status);
          expect(response.body).toBe(before[i]!.body);
          // The promise: an answer well within a second, never a wait on the database.
          expect(response.ms).toBeLessThan(1_000);
        }
      }
      const revalidated = await get(`/t/${slug}`, "localhost:3000", { "If-None-Match": before[0]!.etag! });
      expect(revalidated.status).toBe(304);
    } finally {
      vi.useRealTimers();
    }
  }, 60_000);

  it("a trust center this process never served answers 503 with Retry-After, not a hang or a 500", async () => {
    const response = await get("/t/never-served-here", "localhost:3000");
    expect(response.status).toBe(503);
    expect(response.body).toContain("temporarily unavailable");
  }, 30_000);

  // ADR 034: while the database is down an unknown slug cannot be told from a tenant we have not
  // loaded yet, so every public surface of it answers the same 503 with Retry-After, never a 404
  // that a crawler or a cache would take as "gone".
  const SURFACES = ["", "/trust.json", "/feed.xml", "/.well-known/security.txt", "/changelog", "/verify"];
  it("every public surface of a slug it cannot look up answers 503 with Retry-After, on the app host and a tenant host", async () => {
    for (const surface of SURFACES) {
      for (const [pathname, host] of [[`/t/nosuch${surface}`, "localhost:3000"], [surface || "/", "nosuch.localhost:3000"]] as const) {
        const response = await front.request(pathname, { headers: { Host: host } });
        expect(response.status, `${host}${pathname}`).toBe(503);
        expect(response.headers["retry-after"], `${host}${pathname}`).toBe("5");
        expect(response.headers["cache-control"], `${host}${pathname}`).toBe("no-store");
      }
    }
  }, 60_000);

  it("the route handlers (Next's path, as in npm run dev) give the same 503, not a 500", async () => {
    const surfaces = await import("@/modules/publishing/server/surfaces");
    const request = (path: string) => new Request(`http://localhost:3000/t/nosuch${path}`);
    const responses = [
      await surfaces.trustPage(request(""), "nosuch", null),
      await surfaces.trustDocument(request("/trust.json"), "nosuch", null, null),
      await surfaces.feed(request("/feed.xml"), "nosuch", null),
      await surfaces.securityTxt(request("/.well-known/security.txt"), "nosuch", null),
      await surfaces.changelog(request("/changelog"), "nosuch", null),
      await surfaces.verifyPage(request("/verify"), "nosuch", null),
    ];
    expect(responses.map((r) => [r.status, r.headers.get("Retry-After"), r.headers.get("Cache-Control")])).toEqual(Array(6).fill([503, "5", "no-store"]));
  }, 60_000);

  it("a visitor with a grantee cookie gets the public page from memory, not a 500, when the session cannot be checked", async () => {
    const { GET } = await import("@/app/t/[slug]/route");
    const withCookie = (target: string) =>
      GET(new Request(`http://localhost:3000/t/${target}`, { headers: { cookie: `candor-grantee=${"a".repeat(64)}` } }), { params: Promise.resolve({ slug: target }) });
    const known = await withCookie(slug);
    expect(known.status).toBe(200);
    expect(await known.text()).toContain("Served without a database");
    const unknown = await withCookie("nosuch");
    expect([unknown.status, unknown.headers.get("Retry-After")]).toEqual([503, "5"]);
  }, 60_000);

  it("/api/health answers 503 with Retry-After", async () => {
    const { GET } = await import("@/app/api/health/route");
    const response = await GET();
    expect(response.status).toBe(503);
    expect(response.headers.get("Retry-After")).toBe("5");
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    expect(await response.json()).toEqual({ status: "degraded", database: "unreachable" });
  }, 30_000);
});
