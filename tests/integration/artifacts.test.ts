import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createControl } from "@/modules/controls/server/controls";
import { saveDisclosure } from "@/modules/disclosure/server/disclosure";
import { systemResolver } from "@/modules/domains/server/dns";
import { addDomain, verifyDomain } from "@/modules/domains/server/domains";
import { maintainArtifacts, renderCounts } from "@/modules/publishing/server/artifacts";
import { resetPointers } from "@/modules/publishing/server/pointer-cache";
import { publish } from "@/modules/publishing/server/publish";
import { forgetStoredArtifacts, storedBytes, warmStoredArtifacts } from "@/modules/publishing/server/stored";
import { getPool } from "@/server/db/pool";
import { setClock } from "@/server/clock";
import { withTenant } from "@/server/db/tenant";
import { startDnsServer, type TestDnsServer } from "../setup/dns-server";
import { createOrg } from "../support/factories";
import { startFrontServer } from "../support/front-server";
import { publicationNotificationsSettled } from "../support/notifications";

/**
 * Stored artifacts (ADR 025): every surface rendered once when a publication is made, for every
 * host variant; date boundaries rendered by the worker ahead of time; no visitor renders; two
 * processes racing render once; a new custom domain gets its variant.
 */
const DAY = 86_400_000;
const today = Math.floor(Date.now() / DAY) * DAY;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
let front: Awaited<ReturnType<typeof startFrontServer>>;
let dns: TestDnsServer;

beforeAll(async () => {
  front = await startFrontServer();
  dns = await startDnsServer();
});
afterAll(async () => {
  await front.close();
  await dns.close();
});
afterEach(() => setClock());

const rowsOf = (orgId: string) =>
  withTenant({ orgId }, (tx) => tx.$queryRaw<{ site: string; surface: string; validFrom: Date; validUntil: Date | null; etag: string; body: Buffer; br: Buffer; gzip: Buffer; publicationHash: string }[]>`
    SELECT site, surface, "validFrom", "validUntil", etag, body, br, gzip, "publicationHash" FROM "PublishedArtifact" WHERE "orgId" = ${orgId}::uuid ORDER BY site, surface, "validFrom"`);

/** As after a restart: nothing in memory (the live pointer, rendered and stored artifacts). */
function forgetEverything() {
  forgetStoredArtifacts();
  resetPointers();
  (globalThis as unknown as { candorArtifacts?: Map<string, unknown> }).candorArtifacts?.clear();
}

async function verified(ctx: Awaited<ReturnType<typeof createOrg>>["ctx"], hostname: string) {
  const { domain } = await addDomain({ ctx, input: { hostname } });
  dns.setTxt(`_candor-challenge.${hostname}`, [domain.token]);
  dns.setCname(hostname, "cname.localhost");
  const result = await verifyDomain({ ctx, id: domain.id, resolver: systemResolver({ servers: [dns.address], timeoutMs: 2_000, tries: 2 }) });
  expect(result.domain.status).toBe("VERIFIED");
}

describe("stored artifacts", () => {
  it("are written at publish for every surface and host variant, with the bytes, compressed forms and ETag that are served", async () => {
    const { ctx, org } = await createOrg(undefined, "Stored");
    await createControl({ ctx, input: { ref: "ST-01", area: "Storage", title: "Rendered once", description: "At **publish** time.", status: "IMPLEMENTED", visibility: "PUBLIC" } });
    await saveDisclosure({ ctx, input: { policy: "Write to us.", contacts: ["mailto:security@stored.example"], preferredLanguages: "en", expiresAt: iso(today + 200 * DAY), version: 0 } });
    await verified(ctx, "trust.stored.example");
    await publish({ ctx });

    const rows = await rowsOf(org.id);
    const platform = `${org.slug}.localhost`;
    expect(rows.map((row) => `${row.site}|${row.surface}`).sort()).toEqual(
      [
        "|changelog", "|feed.xml", "|page", "|security.txt", "|trust.json", "|verify",
        `${platform}|changelog`, `${platform}|feed.xml`, `${platform}|page`, `${platform}|security.txt`, `${platform}|verify`,
        "trust.stored.example|changelog", "trust.stored.example|feed.xml", "trust.stored.example|page", "trust.stored.example|security.txt", "trust.stored.example|verify",
      ].sort(),
    );
    const hash = rows[0]!.publicationHash;
    expect(new Set(rows.map((row) => row.publicationHash))).toEqual(new Set([hash]));
    forgetEverything();
    const rendersBefore = renderCounts.total;
    const served: [string, string, string][] = [
      ["", `/t/${org.slug}`, "page"], ["", `/t/${org.slug}/trust.json`, "trust.json"], ["", `/t/${org.slug}/changelog`, "changelog"], ["", `/t/${org.slug}/feed.xml`, "feed.xml"], ["", `/t/${org.slug}/verify`, "verify"], ["", `/t/${org.slug}/.well-known/security.txt`, "security.txt"],
      [platform, "/", "page"], [platform, "/changelog", "changelog"], [platform, "/.well-known/security.txt", "security.txt"],
      ["trust.stored.example", "/", "page"], ["trust.stored.example", "/verify", "verify"], ["trust.stored.example", "/feed.xml", "feed.xml"],
    ];
    for (const [site, pathname, surface] of served) {
      const row = rows.find((r) => r.site === site && r.surface === surface)!;
      const response = await front.request(pathname, { headers: { Host: site || "localhost:3000", "Accept-Encoding": "gzip" } });
      expect(response.status, `${site}${pathname}`).toBe(200);
      expect(response.headers.etag).toBe(row.etag);
      expect(gunzipSync(response.body).equals(row.body), `${site}${pathname}`).toBe(true);
      expect(brotliDecompressSync(row.br).equals(row.body)).toBe(true);
      expect(gunzipSync(row.gzip).equals(row.body)).toBe(true);
    }
    // Each variant carries its own address.
    expect(Buffer.from(rows.find((r) => r.site === "trust.stored.example" && r.surface === "page")!.body).toString()).toContain('<link rel="canonical" href="http://trust.stored.example:3000">');
    expect(Buffer.from(rows.find((r) => r.site === "" && r.surface === "page")!.body).toString()).toContain(`<link rel="canonical" href="http://localhost:3000/t/${org.slug}">`);
    expect(rows.find((r) => r.site === "" && r.surface === "page")!.etag).toBe(`"${hash}.${iso(today)}.r1"`);
    expect(rows.find((r) => r.site === "" && r.surface === "trust.json")!.etag).toBe(`"${hash}"`);
    // A cold process served every one of them without rendering anything.
    expect(renderCounts.total).toBe(rendersBefore);
  });

  it("after a release that renders differently (another renderer version), the older rows are never served: the worker renders this version's and deletes the others a day later", async () => {
    const { ctx, org } = await createOrg(undefined, "Upgrade");
    await publish({ ctx });
    await publicationNotificationsSettled();
    // As the release before left them: every row under its key (APP_URL's origin alone, before the renderer's version was part of it), with other bytes.
    await withTenant({ orgId: org.id }, async (tx) => {
      await tx.$executeRaw`INSERT INTO "PublishedArtifact" ("orgId", "publicationHash", "appOrigin", site, surface, "validFrom", "validUntil", etag, "contentType", body, br, gzip, "createdAt")
        SELECT "orgId", "publicationHash", 'http://localhost:3000', site, surface, "validFrom", "validUntil", '"old-renderer"', "contentType", convert_to('OLD RENDERER', 'UTF8'), br, gzip, now() - interval '2 days'
        FROM "PublishedArtifact" WHERE "orgId" = ${org.id}::uuid`;
      await tx.$executeRaw`DELETE FROM "PublishedArtifact" WHERE "orgId" = ${org.id}::uuid AND "appOrigin" <> 'http://localhost:3000'`;
    });
    forgetEverything();
    const page = await front.request(`/t/${org.slug}`);
    expect(page.status).toBe(200);
    expect(page.body.toString()).toContain("<h1>Upgrade</h1>");
    expect(page.body.toString()).not.toContain("OLD RENDERER");
    expect(page.headers.etag).toMatch(/\.r1"$/);
    // The worker finds the live publication lacking this version's rows and stores them; the older key's go.
    const result = await maintainArtifacts({ at: Date.now() });
    expect(result.rendered).toBeGreaterThan(0);
    expect(result.pruned).toBeGreaterThanOrEqual(1);
    const keys = await withTenant({ orgId: org.id }, (tx) => tx.$queryRaw<{ key: string }[]>`SELECT DISTINCT "appOrigin" AS key FROM "PublishedArtifact" WHERE "orgId" = ${org.id}::uuid`);
    expect(keys).toEqual([{ key: "http://localhost:3000 r1" }]);
    expect((await rowsOf(org.id)).every((row) => row.etag === `"${row.publicationHash}"` || row.etag.includes(".r1"))).toBe(true);
  });

  it("a review falling due tomorrow: the worker renders tomorrow's page ahead of time, and at midnight it is served without a render", async () => {
    const { ctx, org } = await createOrg(undefined, "Boundary");
    // Reviewed 29 days ago, every 30 days: due at the next UTC midnight.
    await createControl({ ctx, input: { ref: "BD-01", area: "Reviews", title: "Reviewed monthly", description: "x", status: "IMPLEMENTED", visibility: "PUBLIC", reviewCadenceDays: 30, lastReviewedAt: iso(today - 29 * DAY) } });
    setClock(() => today + 20 * 3_600_000); // 20:00 UTC today
    // Earlier tests' organisations lack their languages (publish() stores the default one only):
    // completed first, so the count below is this organisation's.
    await maintainArtifacts({ at: today + 20 * 3_600_000 });
    await publish({ ctx });
    const before = await front.request(`/t/${org.slug}`);
    expect(before.body.toString()).not.toContain("Needs review");

    // The worker, at 20:00, renders what the next 6 hours need: the page from midnight.
    const result = await maintainArtifacts({ at: today + 20 * 3_600_000 });
    // Tomorrow's page, for the app host and the platform subdomain (no custom domain): 2; and in
    // each of the six languages (ADR 038; publish() stores the default language only), today's
    // page, changelog and verify page and tomorrow's page, on both hosts: 6 × 4 × 2.
    expect(result.rendered).toBe(2 + 48);
    const pages = (await rowsOf(org.id)).filter((row) => row.surface === "page" && row.site === "");
    expect(pages.map((row) => [row.validFrom.getTime(), row.validUntil?.getTime() ?? null])).toEqual([
      [today, today + DAY],
      [today + DAY, null],
    ]);
    expect((await maintainArtifacts({ at: today + 20 * 3_600_000 })).rendered).toBe(0); // nothing left to do

    const rendersBefore = renderCounts.total;
    setClock(() => today + DAY + 1_000); // one second past midnight
    const after = await front.request(`/t/${org.slug}`);
    const host = await front.request("/", { headers: { Host: `${org.slug}.localhost` } });
    expect(after.status).toBe(200);
    expect(after.body.toString()).toContain("Needs review");
    expect(host.body.toString()).toContain("Needs review");
    expect(after.headers.etag).toBe(`"${pages[1]!.publicationHash}.${iso(today + DAY)}.r1"`);
    expect(after.headers.etag).not.toBe(before.headers.etag);
    expect(renderCounts.total).toBe(rendersBefore);
  });

  it("two processes racing to render the same missing artifacts render them once", async () => {
    const { ctx, org } = await createOrg(undefined, "Race");
    await createControl({ ctx, input: { ref: "RC-01", area: "Race", title: "Only once", description: "x", status: "IMPLEMENTED", visibility: "PUBLIC" } });
    await publish({ ctx });
    const expected = (await rowsOf(org.id)).length;
    expect(expected).toBe(9); // 4 surfaces × 2 hosts (no security.txt without a policy) + trust.json
    await withTenant({ orgId: org.id }, (tx) => tx.$executeRaw`DELETE FROM "PublishedArtifact" WHERE "orgId" = ${org.id}::uuid`);

    const barrier = mkdtempSync(path.join(os.tmpdir(), "candor-race-"));
    const child = () =>
      new Promise<{ stored: number; renders: number }>((resolve, reject) => {
        const proc = spawn(process.execPath, ["--import", "tsx", "--import", "./scripts/node-hooks.mjs", "tests/support/render-artifacts.ts", org.id, org.slug, String(Date.now()), barrier], { env: process.env, stdio: ["ignore", "pipe", "inherit"] });
        let out = "";
        proc.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
        proc.on("exit", (code) => (code === 0 ? resolve(JSON.parse(out.trim().split("\n").at(-1)!)) : reject(new Error(`child exited ${code}`))));
      });
    const results = Promise.all([child(), child()]);
    for (let i = 0; readdirSync(barrier).filter((name) => name.startsWith("ready-")).length < 2; i++) {
      if (i > 1_200) throw new Error("the two processes did not start");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    writeFileSync(path.join(barrier, "go"), "");
    const [a, b] = await results;
    rmSync(barrier, { recursive: true, force: true });
    // The worker's renderer also stores each language's page, changelog and verify page (ADR 038):
    // 3 surfaces × 6 languages × 2 hosts more than publish() stored.
    expect(a.renders + b.renders).toBe(9 + 36);
    expect(a.stored + b.stored).toBe(9 + 36);
    expect((await rowsOf(org.id)).length).toBe(9 + 36);
  }, 120_000);

  it("a custom domain verified after publishing gets its variant from the worker, served without a render", async () => {
    const { ctx, org } = await createOrg(undefined, "Later");
    await createControl({ ctx, input: { ref: "LT-01", area: "Later", title: "A domain added later", description: "x", status: "IMPLEMENTED", visibility: "PUBLIC" } });
    await publish({ ctx });
    await verified(ctx, "trust.later.example");
    expect((await rowsOf(org.id)).some((row) => row.site === "trust.later.example")).toBe(false);

    const result = await maintainArtifacts({ at: Date.now() });
    expect(result.rendered).toBeGreaterThanOrEqual(4);
    const languages = (surface: string) => ["de", "en", "es", "fr", "it", "nl"].map((l) => `${surface}@${l}`);
    expect((await rowsOf(org.id)).filter((row) => row.site === "trust.later.example").map((row) => row.surface).sort()).toEqual(
      ["changelog", ...languages("changelog"), "feed.xml", "page", ...languages("page"), "verify", ...languages("verify")],
    );
    const rendersBefore = renderCounts.total;
    const page = await front.request("/", { headers: { Host: "trust.later.example" } });
    expect(page.status).toBe(200);
    expect(page.body.toString()).toContain('<link rel="canonical" href="http://trust.later.example:3000">');
    expect(renderCounts.total).toBe(rendersBefore);
  });

  it("a restarted process loads every live page before it listens: each tenant's first visitor costs no query", async () => {
    const tenants = await Promise.all(["Warmone", "Warmtwo", "Warmthree"].map((name) => createOrg(undefined, name)));
    for (const { ctx } of tenants) {
      await createControl({ ctx, input: { ref: "WM-01", area: "Warmth", title: "Loaded ahead", status: "IMPLEMENTED", visibility: "PUBLIC" } });
      await publish({ ctx });
    }
    // The publishes' own notifications come back to this process; a restarted one hears none.
    await publicationNotificationsSettled();
    forgetEverything();
    const warmed = await warmStoredArtifacts();
    // Three tenants, two host variants each (the app host and {slug}.localhost), at least.
    expect(warmed.pages).toBeGreaterThanOrEqual(6);

    const query = vi.spyOn(getPool(), "query");
    try {
      for (const { org } of tenants) {
        const rows = await rowsOf(org.id);
        query.mockClear();
        for (const site of ["", `${org.slug}.localhost`]) {
          const found = await storedBytes(org.slug, site, "page", "br");
          const row = rows.find((r) => r.site === site && r.surface === "page")!;
          expect(found?.etag, `${org.slug} ${site}`).toBe(row.etag);
          expect(found?.bytes.equals(row.br), `${org.slug} ${site}`).toBe(true);
        }
        expect(query, "no query for a warmed page").not.toHaveBeenCalled();
      }
    } finally {
      query.mockRestore();
    }
    // Read one organisation per query, with some that never published (a slice with nothing in it
    // does not end the load): the same pages come in.
    await Promise.all(["Warmnever", "Warmnot"].map((name) => createOrg(undefined, name)));
    forgetEverything();
    const sliced = await warmStoredArtifacts({ orgsPerQuery: 1 });
    expect(sliced.pages).toBe(warmed.pages);
    const rowsByOrg = await Promise.all(tenants.map(({ org }) => rowsOf(org.id)));
    const sliceQuery = vi.spyOn(getPool(), "query");
    try {
      for (const [i, { org }] of tenants.entries()) {
        const found = await storedBytes(org.slug, `${org.slug}.localhost`, "page", "br");
        expect(found?.etag).toBe(rowsByOrg[i]!.find((r) => r.site === `${org.slug}.localhost` && r.surface === "page")!.etag);
      }
      expect(sliceQuery, "no query for a page loaded one organisation at a time").not.toHaveBeenCalled();
    } finally {
      sliceQuery.mockRestore();
    }
    // Another encoding was not loaded ahead: it costs its one query, as before.
    const query2 = vi.spyOn(getPool(), "query");
    try {
      await storedBytes(tenants[0]!.org.slug, "", "page", "gzip");
      expect(query2).toHaveBeenCalledTimes(1);
    } finally {
      query2.mockRestore();
    }
  });
});
