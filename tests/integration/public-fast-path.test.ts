import type { IncomingMessage, ServerResponse } from "node:http";
import pg from "pg";
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createControl } from "@/modules/controls/server/controls";
import { publish } from "@/modules/publishing/server/publish";
import { forgetStoredArtifacts } from "@/modules/publishing/server/stored";
import { changelog, feed, trustDocument, trustPage, verifyPage } from "@/modules/publishing/server/surfaces";
import { setClock } from "@/server/clock";
import { getPool } from "@/server/db/pool";
import { STATIC_SECURITY_HEADERS } from "@/server/security-headers";
import { preferredEncoding } from "@/server/edge/fast-path";
import { forgetAll, serveHot } from "@/server/edge/hot";
import { createOrg } from "../support/factories";
import { startFrontServer } from "../support/front-server";

/**
 * The production server's fast path (scripts/web.ts) in a real Node HTTP server: what it serves
 * must be what the route handlers serve, compressed as the client asks; what it does not serve
 * must reach Next (here, a 418 "fell through").
 */
let front: Awaited<ReturnType<typeof startFrontServer>>;
let slug: string;
let ctx: Awaited<ReturnType<typeof createOrg>>["ctx"];

beforeAll(async () => {
  front = await startFrontServer();
  const created = await createOrg(undefined, "Fast");
  const { org } = created;
  ctx = created.ctx;
  await createControl({ ctx, input: { ref: "EN-01", area: "Encryption", title: "TLS 1.2+ everywhere", description: "All traffic is **encrypted**.", status: "IMPLEMENTED", visibility: "PUBLIC" } });
  await publish({ ctx });
  slug = org.slug;
});
afterAll(() => front.close());

function raw(path: string, headers: Record<string, string> = {}, method = "GET") {
  return front.request(path, { headers, method });
}

describe("the public fast path", () => {
  it("serves the page with the same bytes in every encoding, precompressed as the client prefers", async () => {
    const plain = await raw(`/t/${slug}`);
    expect(plain.status).toBe(200);
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.body.toString()).toContain("TLS 1.2+ everywhere");
    expect(plain.headers["content-length"]).toBe(String(plain.body.length));

    const br = await raw(`/t/${slug}`, { "Accept-Encoding": "gzip, deflate, br, zstd" });
    expect(br.headers["content-encoding"]).toBe("br");
    expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
    const gzip = await raw(`/t/${slug}`, { "Accept-Encoding": "gzip" });
    expect(gzip.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(gzip.body).equals(plain.body)).toBe(true);
    expect(gzip.body.length).toBeLessThan(plain.body.length);
    expect((await raw(`/t/${slug}`, { "Accept-Encoding": "br;q=0, gzip;q=0" })).headers["content-encoding"]).toBeUndefined();
    // The page's address also serves a signed-in grantee their own page (ADR 029): it varies by
    // Cookie; and its chrome is in the visitor's language (ADR 038).
    for (const reply of [plain, br, gzip]) expect(reply.headers.vary).toBe("Accept-Encoding, Accept-Language, Cookie");
    expect((await raw(`/t/${slug}/trust.json`, { "Accept-Encoding": "br" })).headers.vary).toBe("Accept-Encoding");
  });

  it("sends the same headers as the route handlers plus the site-wide ones, and no script policy", async () => {
    const page = await raw(`/t/${slug}`);
    expect(page.headers["content-security-policy"]).toContain("default-src 'none'");
    expect(page.headers["content-security-policy"]).not.toContain("script-src");
    expect(page.headers["x-frame-options"]).toBe("DENY");
    expect(page.headers["x-content-type-options"]).toBe("nosniff");
    expect(page.headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(page.headers["cross-origin-opener-policy"]).toBe("same-origin");
    expect(page.headers["permissions-policy"]).toContain("camera=()");
    expect(page.headers["x-powered-by"]).toBeUndefined();
  });

  it("answers HEAD without a body, and a matching If-None-Match with 304", async () => {
    const get = await raw(`/t/${slug}`);
    const head = await raw(`/t/${slug}`, {}, "HEAD");
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(head.headers["content-length"]).toBe(get.headers["content-length"]);
    const again = await raw(`/t/${slug}`, { "If-None-Match": get.headers.etag! });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
  });

  it("serves trust.json (latest and ?seq=N), security.txt, the changelog, the feed and the verify page", async () => {
    const latest = JSON.parse((await raw(`/t/${slug}/trust.json`)).body.toString());
    expect(latest.seq).toBe(1);
    expect(JSON.parse((await raw(`/t/${slug}/trust.json?seq=1`)).body.toString()).hash).toBe(latest.hash);
    expect((await raw(`/t/${slug}/trust.json?seq=abc`)).status).toBe(400);
    expect((await raw(`/t/${slug}/trust.json?seq=9`)).status).toBe(404);
    expect((await raw(`/t/${slug}/changelog`)).body.toString()).toContain("First publication.");
    expect((await raw(`/t/${slug}/feed.xml`)).headers["content-type"]).toContain("application/atom+xml");
    expect((await raw(`/t/${slug}/verify`)).status).toBe(200);
    // No disclosure policy: no security.txt, and it says why.
    const securityTxt = await raw(`/t/${slug}/.well-known/security.txt`);
    expect(securityTxt.status).toBe(404);
    expect(securityTxt.body.toString()).toContain("RFC 9116");
  });

  it("answers a repeated request from the response it keeps ready, identical to the first in every encoding, HEAD and 304", async () => {
    const variants: Record<string, string>[] = [{}, { "Accept-Encoding": "gzip" }, { "Accept-Encoding": "gzip, deflate, br, zstd" }];
    for (const path of [`/t/${slug}`, `/t/${slug}/trust.json`, `/t/${slug}/feed.xml`]) {
      for (const headers of variants) {
        forgetAll();
        const first = await raw(path, headers);
        const kept = await raw(path, headers);
        const head = await raw(path, headers, "HEAD");
        const notModified = await raw(path, { ...headers, "If-None-Match": `W/"x", ${first.headers.etag}` });
        const { date: _a, ...firstHeaders } = first.headers;
        const { date: _b, ...keptHeaders } = kept.headers;
        const { date: _c, ...headHeaders } = head.headers;
        expect(keptHeaders, `${path} ${JSON.stringify(headers)}`).toEqual(firstHeaders);
        expect(kept.body.equals(first.body)).toBe(true);
        expect(headHeaders).toEqual(firstHeaders);
        expect(head.body.length).toBe(0);
        expect(notModified.status).toBe(304);
        const { date: _d, ...notModifiedHeaders } = notModified.headers;
        const { "content-length": _l, "content-encoding": _e, ...bodyless } = firstHeaders;
        expect(notModifiedHeaders).toEqual(bodyless);
      }
    }
  });

  it("a kept answer, sent before the front, answers only its own address: the front still refuses a malformed or mailbox target beside it, and a grantee still reaches Next", async () => {
    forgetAll();
    expect((await raw(`/t/${slug}`)).status).toBe(200);
    expect((await raw(`/t/${slug}`)).status).toBe(200); // now from the kept answer
    for (const target of [`/t/${slug}%00`, `/t/${slug}?x=%00`, `/t/${slug}%C0%AF`]) expect((await raw(target)).status, target).toBe(400);
    expect((await raw("/dev/mailbox", { "X-Forwarded-For": "203.0.113.9" })).status).toBe(404);
    const grantee = await raw(`/t/${slug}`, { Cookie: "candor-grantee=whatever" });
    expect(grantee.status).toBe(418);
    expect(JSON.parse(String(grantee.headers["x-next-saw"]))["x-candor-front"]).not.toBeNull();
  });

  it("never serves the superseded page once publish() has returned, though it held it ready to send", async () => {
    await raw(`/t/${slug}`);
    expect((await raw(`/t/${slug}`)).body.toString()).not.toContain("Key rotation yearly");
    await createControl({ ctx, input: { ref: "EN-02", area: "Encryption", title: "Key rotation yearly", description: "x", status: "IMPLEMENTED", visibility: "PUBLIC" } });
    await publish({ ctx });
    expect((await raw(`/t/${slug}`)).body.toString()).toContain("Key rotation yearly");
    expect(JSON.parse((await raw(`/t/${slug}/trust.json`)).body.toString()).seq).toBe(2);
  });

  it("a ready answer lives as long as its stored artifact: a change whose notification was lost is served after the 30 s sweep, not before it, however often it is asked", async () => {
    const browser = { "Accept-Encoding": "gzip, deflate, br, zstd" };
    // Read now, on this test's clock: a page an earlier test read over 10 s ago (a loaded machine)
    // would be due for its re-check before the 20 s below.
    forgetStoredArtifacts();
    forgetAll();
    const before = brotliDecompressSync((await raw(`/t/${slug}`, browser)).body).toString();
    expect(before).toContain("TLS 1.2+ everywhere");
    // What another process would have stored, written behind this one's back (no NOTIFY), stamped
    // when it was stored, as every stored row is.
    const html = "<!doctype html><title>changed behind the cache</title><p>Replaced without a notification.</p>";
    // (The application role may not change a stored artifact: the database owner does it here.)
    const owner = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await owner.connect();
    const where = `WHERE "orgId" = $1 AND site = '' AND surface = 'page'`;
    const { rows: originals } = await owner.query<{ hash: string; from: Date; body: Buffer; br: Buffer; gzip: Buffer; etag: string }>(`SELECT "publicationHash" AS hash, "validFrom" AS from, body, br, gzip, etag FROM "PublishedArtifact" ${where}`, [ctx.org.id]);
    const changed = await owner.query(`UPDATE "PublishedArtifact" SET body = $2, br = $3, gzip = $4, etag = '"changed-behind"', "createdAt" = now() ${where}`, [ctx.org.id, Buffer.from(html), brotliCompressSync(html), gzipSync(html)]);
    expect(changed.rowCount).toBeGreaterThan(0);
    const start = Date.now();
    try {
      // 20 s later (the old 5 s timer long gone): still the answer held, without asking again.
      setClock(() => start + 20_000);
      for (let i = 0; i < 3; i++) expect(brotliDecompressSync((await raw(`/t/${slug}`, browser)).body).toString()).toBe(before);
      // Past the sweep: the first request starts it (one query for what changed since), the page's
      // re-check follows, and the replaced bytes at once after.
      setClock(() => start + 31_000);
      await expect.poll(async () => brotliDecompressSync((await raw(`/t/${slug}`, browser)).body).toString()).toBe(html);
      expect((await raw(`/t/${slug}`, browser)).headers.etag).toBe('"changed-behind"');
    } finally {
      setClock();
      for (const row of originals) {
        const restored = await owner.query(`UPDATE "PublishedArtifact" SET body = $4, br = $5, gzip = $6, etag = $7 ${where} AND "publicationHash" = $2 AND "validFrom" = $3`, [ctx.org.id, row.hash, row.from, row.body, row.br, row.gzip, row.etag]);
        expect(restored.rowCount).toBe(1);
      }
      await owner.end();
      forgetStoredArtifacts();
      forgetAll();
    }
  });

  it("a change the sweep cannot see (a row rewritten in place, its stamp kept) is served after the 10-minute re-check; the sweep itself is one query, whatever is held", async () => {
    const browser = { "Accept-Encoding": "gzip, deflate, br, zstd" };
    forgetStoredArtifacts();
    forgetAll();
    const start = Date.now();
    // Read 20 s from now (this test's clock), so no change made by the tests before is recent enough to re-check.
    setClock(() => start + 20_000);
    const before = brotliDecompressSync((await raw(`/t/${slug}`, browser)).body).toString();
    const html = "<!doctype html><title>rewritten in place</title><p>Changed with its old stamp.</p>";
    const owner = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await owner.connect();
    const where = `WHERE "orgId" = $1 AND site = '' AND surface = 'page'`;
    const { rows: originals } = await owner.query<{ hash: string; from: Date; body: Buffer; br: Buffer; gzip: Buffer; etag: string }>(`SELECT "publicationHash" AS hash, "validFrom" AS from, body, br, gzip, etag FROM "PublishedArtifact" ${where}`, [ctx.org.id]);
    await owner.query(`UPDATE "PublishedArtifact" SET body = $2, br = $3, gzip = $4, etag = '"rewritten-in-place"' ${where}`, [ctx.org.id, Buffer.from(html), brotliCompressSync(html), gzipSync(html)]);
    const queries = vi.spyOn(getPool(), "query");
    const asked = (name: string) => queries.mock.calls.filter((call) => String(call[0]).includes(name)).length;
    try {
      // The sweep falls due: one query, which finds nothing new, so nothing is re-read; asked ten times, still one query.
      setClock(() => start + 20_000 + 31_000);
      for (let i = 0; i < 10; i++) expect(brotliDecompressSync((await raw(`/t/${slug}`, browser)).body).toString()).toBe(before);
      await expect.poll(() => asked("candor_artifact_changes")).toBe(1);
      for (let i = 0; i < 3; i++) expect(brotliDecompressSync((await raw(`/t/${slug}`, browser)).body).toString()).toBe(before);
      expect(asked("candor_artifact_changes")).toBe(1);
      expect(asked("candor_public_artifact")).toBe(0);
      // Ten minutes after the read: the page's own re-check finds the new ETag and reads the bytes.
      setClock(() => start + 20_000 + 601_000);
      await expect.poll(async () => brotliDecompressSync((await raw(`/t/${slug}`, browser)).body).toString()).toBe(html);
    } finally {
      queries.mockRestore();
      setClock();
      for (const row of originals) await owner.query(`UPDATE "PublishedArtifact" SET body = $4, br = $5, gzip = $6, etag = $7 ${where} AND "publicationHash" = $2 AND "validFrom" = $3`, [ctx.org.id, row.hash, row.from, row.body, row.br, row.gzip, row.etag]);
      await owner.end();
      forgetStoredArtifacts();
      forgetAll();
    }
  });

  it("the 10-minute re-check of an unchanged artifact reads its ETag, not its bytes, and the ready answer stays", async () => {
    const browser = { "Accept-Encoding": "gzip, deflate, br, zstd" };
    forgetStoredArtifacts();
    forgetAll();
    const first = await raw(`/t/${slug}`, browser);
    const pool = getPool();
    const query = pool.query.bind(pool) as (...args: unknown[]) => Promise<unknown>;
    const asked: string[] = [];
    const spy = vi.spyOn(pool, "query").mockImplementation(((...args: unknown[]) => {
      if (String(args[0]).includes("candor_public_artifact")) asked.push(String(args[0]).includes("'none'") ? "etag" : "bytes");
      return query(...args);
    }) as typeof pool.query);
    const start = Date.now();
    try {
      setClock(() => start + 601_000);
      const due = await raw(`/t/${slug}`, browser);
      expect(due.body.equals(first.body)).toBe(true);
      await expect.poll(() => asked).toEqual(["etag"]);
      for (let i = 0; i < 5; i++) expect((await raw(`/t/${slug}`, browser)).body.equals(first.body)).toBe(true);
      expect(asked).toEqual(["etag"]);
    } finally {
      spy.mockRestore();
      setClock();
    }
  });

  it("a ready answer due its re-check is sent as it is while the re-check runs (one ETag query), not rebuilt the long way", async () => {
    const browser = { "Accept-Encoding": "gzip, deflate, br, zstd" };
    forgetStoredArtifacts();
    forgetAll();
    const first = await raw(`/t/${slug}`, browser);
    expect(first.headers["content-encoding"]).toBe("br");
    const queries = vi.spyOn(getPool(), "query");
    const start = Date.now();
    try {
      setClock(() => start + 601_000);
      // The same request, offered to the ready answers alone (what the fast path tries first).
      const req = { method: "GET", url: `/t/${slug}`, headers: { host: `127.0.0.1:${front.port}`, "accept-encoding": browser["Accept-Encoding"] } } as unknown as IncomingMessage;
      const sent: { status?: number; head?: unknown[]; body?: Uint8Array } = {};
      const res = { writeHead: (status: number, head: unknown[]) => Object.assign(sent, { status, head }), end: (body?: Uint8Array) => Object.assign(sent, { body }) } as unknown as ServerResponse;
      expect(serveHot(req, res)).toBe(true);
      expect(sent.status).toBe(200);
      expect(Buffer.from(sent.body!).equals(first.body)).toBe(true);
      expect(sent.head).toContain(first.headers.etag);
      // The re-check it started: the ETag only, once, however often it is asked meanwhile.
      expect(serveHot(req, res)).toBe(true);
      const asked = () => queries.mock.calls.map((call) => String(call[0])).filter((sql) => sql.includes("candor_public_artifact"));
      await expect.poll(() => asked().length).toBe(1);
      expect(asked()[0]).toContain("'none'");
      expect((await raw(`/t/${slug}`, browser)).body.equals(first.body)).toBe(true);
      expect(asked()).toHaveLength(1);
    } finally {
      queries.mockRestore();
      setClock();
    }
  });

  it("sends stored surfaces with exactly the headers the route handlers send (plus the site-wide ones)", async () => {
    const surfaces: [string, (request: Request) => Promise<Response>][] = [
      [`/t/${slug}`, (request) => trustPage(request, slug)],
      [`/t/${slug}/trust.json`, (request) => trustDocument(request, slug, null)],
      [`/t/${slug}/changelog`, (request) => changelog(request, slug)],
      [`/t/${slug}/feed.xml`, (request) => feed(request, slug)],
      [`/t/${slug}/verify`, (request) => verifyPage(request, slug)],
    ];
    for (const [path, route] of surfaces) {
      forgetAll();
      const fast = await raw(path, { "Accept-Encoding": "br" });
      const handler = await route(new Request(`http://localhost:3000${path}`));
      const expected = { ...Object.fromEntries(STATIC_SECURITY_HEADERS.map((h) => [h.key.toLowerCase(), h.value])), ...Object.fromEntries(handler.headers), "content-encoding": "br" };
      const { date: _d, connection: _c, "keep-alive": _k, "content-length": _l, ...sent } = fast.headers;
      expect(sent, path).toEqual(expected);
    }
    expect((await raw(`/t/${slug}/trust.json`)).headers["access-control-allow-origin"]).toBe("*");
  });

  it("an unknown organisation is a 404 here, not a fall-through", async () => {
    expect((await raw("/t/no-such-org-anywhere")).status).toBe(404);
  });

  it("leaves everything else to Next: other methods, other paths, files, a trailing slash, odd slugs", async () => {
    for (const [path, method] of [
      [`/t/${slug}`, "POST"],
      [`/t/${slug}`, "DELETE"],
      [`/t/${slug}/`, "GET"],
      [`/t/${slug}/assets/${"0".repeat(64)}`, "GET"],
      [`/t/${slug}/documents/x/1`, "GET"],
      [`/t/${slug}/trust.json/extra`, "GET"],
      ["/t/UPPER", "GET"],
      ["/t/a%2Fb", "GET"],
      ["/dashboard", "GET"],
      ["/", "GET"],
    ] as const) {
      const response = await raw(path, {}, method);
      expect(response.status, `${method} ${path}`).toBe(418);
    }
  });
});

describe("the MCP endpoint (ADR 036)", () => {
  it("is never answered by the fast path: /mcp on a tenant host and /t/{slug}/mcp reach Next, whatever the method", async () => {
    for (const method of ["POST", "GET", "OPTIONS", "DELETE"]) {
      expect((await raw(`/t/${slug}/mcp`, {}, method)).status, `${method} /t/{slug}/mcp`).toBe(418);
      expect((await raw("/mcp", { host: `${slug}.localhost:3000` }, method)).status, `${method} {slug}.localhost/mcp`).toBe(418);
    }
    // Twice, so a response kept ready (hot.ts) would show: there is none for /mcp.
    expect((await raw("/mcp", { host: `${slug}.localhost:3000` })).status).toBe(418);
    // Only the exact path: /mcp/ is nothing a tenant host serves.
    expect((await raw("/mcp/", { host: `${slug}.localhost:3000` })).status).toBe(404);
  });
});

describe("preferredEncoding", () => {
  it("follows the client's preference, brotli on a tie, and respects q=0", () => {
    expect(preferredEncoding(undefined)).toBeUndefined();
    expect(preferredEncoding("identity")).toBeUndefined();
    expect(preferredEncoding("gzip, deflate, br")).toBe("br");
    expect(preferredEncoding("gzip")).toBe("gzip");
    expect(preferredEncoding("br;q=0.5, gzip;q=0.8")).toBe("gzip");
    expect(preferredEncoding("br;q=0")).toBeUndefined();
    expect(preferredEncoding("*")).toBe("br");
    expect(preferredEncoding("*, br;q=0")).toBe("gzip");
    expect(preferredEncoding("GZIP ; Q=1")).toBe("gzip");
    expect(preferredEncoding("br;q=nonsense, gzip")).toBe("gzip");
  });
});
