import { readdirSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import v8 from "node:v8";
import pg from "pg";
import { brotliDecompressSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createControl } from "@/modules/controls/server/controls";
import { renderCounts } from "@/modules/publishing/server/artifacts";
import { publish } from "@/modules/publishing/server/publish";
import { forgetStoredArtifacts, storedBytes, storedPages, warmStoredArtifacts } from "@/modules/publishing/server/stored";
import { setClock } from "@/server/clock";
import { resetEnvCache } from "@/server/env";
import { getPool } from "@/server/db/pool";
import { forgetAll, heldAnswers, prepareStoredAnswers } from "@/server/edge/hot";
import { warmFastPath } from "@/server/edge/warm-up";
import { createOrg } from "../support/factories";
import { frontListener, startFrontServer } from "../support/front-server";

/**
 * A starting web process serves its own stored pages to itself before it listens (scripts/web.ts,
 * src/server/edge/warm-up.ts): the requests go through the listener it is given, they answer 200
 * from what is held, nothing is rendered, none of their answers is left behind; the answers left
 * are made from the held pages, and visitors get exactly what they would have got without them.
 */
let front: Awaited<ReturnType<typeof startFrontServer>>;
let slug: string;
let ctx: Awaited<ReturnType<typeof createOrg>>["ctx"];

/** scripts/web.ts's listener, without Next (frontListener: what the fast path leaves is a 418); `seen` records each request. */
function listener(seen: { host?: string; url?: string; status?: number }[]): http.RequestListener {
  const front = frontListener();
  return (req, res) => {
    const record = { host: req.headers.host, url: req.url, status: 0 };
    seen.push(record);
    res.on("finish", () => (record.status = res.statusCode));
    front(req, res);
  };
}

beforeAll(async () => {
  front = await startFrontServer();
  const created = await createOrg(undefined, "Warm");
  const { org } = created;
  ctx = created.ctx;
  await createControl({ ctx, input: { ref: "WU-01", area: "Operations", title: "Warm <b>code</b> only", description: "x", status: "IMPLEMENTED", visibility: "PUBLIC" } });
  await publish({ ctx });
  slug = org.slug;
});
afterAll(() => front.close());

describe("warming the fast path before listening", () => {
  it("serves held pages to itself through the given listener, renders nothing and keeps only the answers made from held pages", async () => {
    forgetStoredArtifacts();
    forgetAll();
    const warmed = await warmStoredArtifacts();
    expect(warmed.pages).toBeGreaterThan(0);
    const renders = renderCounts.total;
    const seen: { host?: string; url?: string; status?: number }[] = [];
    const result = await warmFastPath(listener(seen), { requests: 40, budgetMs: 10_000 });
    expect(result.requests).toBe(40);
    // First the health check (Next answers it in the real server; this listener has no Next: 418),
    // then the 40 page requests, every one answered 200 from what is held.
    expect(seen).toHaveLength(41);
    expect(seen[0]!.url).toBe("/api/health");
    expect(seen.slice(1).every((request) => request.status === 200 && request.url !== "/api/health")).toBe(true);
    expect(seen.some((request) => request.url === `/t/${slug}`)).toBe(true);
    expect(renderCounts.total).toBe(renders);
    // What its own requests left is dropped; what stays is one answer per held page and host
    // form, made from the stored bytes (this organisation's two: the app host and its platform host).
    expect(result.answers).toBeGreaterThanOrEqual(2);
    expect(heldAnswers()).toBe(result.answers);
  });

  it("stops at its time budget however many requests it was allowed", async () => {
    await warmStoredArtifacts();
    const seen: { host?: string; url?: string; status?: number }[] = [];
    const started = performance.now();
    const result = await warmFastPath(listener(seen), { requests: 100_000, budgetMs: 300 });
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(result.requests).toBeLessThan(100_000);
    expect(result.requests).toBe(seen.length - 1); // and the health check
  });

  it("does nothing without pages in memory (a new install, the database down at start)", async () => {
    forgetStoredArtifacts();
    const seen: { host?: string; url?: string; status?: number }[] = [];
    expect(await warmFastPath(listener(seen))).toEqual({ requests: 0, answers: 0, copied: 0, ms: 0 });
    expect(seen).toHaveLength(0);
  });

  it("leaves visitors the same page, bytes and headers as a process that did not warm", async () => {
    forgetStoredArtifacts();
    forgetAll();
    const cold = await front.request(`/t/${slug}`, { headers: { "Accept-Encoding": "br" } });
    await warmStoredArtifacts();
    await warmFastPath(listener([]), { requests: 20 });
    const warm = await front.request(`/t/${slug}`, { headers: { "Accept-Encoding": "br" } });
    expect(warm.status).toBe(200);
    expect(warm.body.equals(cold.body)).toBe(true);
    const { date: _a, ...coldHeaders } = cold.headers;
    const { date: _b, ...warmHeaders } = warm.headers;
    expect(warmHeaders).toEqual(coldHeaders);
  });

  it("answers a page's first request after a start from the answer made ahead: the same status, headers and bytes as a visitor-made one, GET, HEAD and 304, on the app host and the platform host, from a browser naming no language of ours or the organisation's own", async () => {
    const forms = [
      { path: `/t/${slug}`, host: "localhost:3000" },
      { path: "/", host: `${slug}.localhost` },
      { path: `/t/${slug}`, host: "localhost:3000", language: "en-US,en;q=0.9" },
      { path: "/", host: `${slug}.localhost`, language: "en-GB" },
    ];
    const ask = (form: { path: string; host: string; language?: string }, extra: Record<string, string> = {}, method = "GET") =>
      front.request(form.path, { method, headers: { Host: form.host, "Accept-Encoding": "gzip, deflate, br, zstd", ...(form.language ? { "Accept-Language": form.language } : {}), ...extra } });
    const withoutDate = (headers: http.IncomingHttpHeaders) => {
      const { date: _d, ...rest } = headers;
      return rest;
    };
    // A process that made nothing ahead: the first visitor's request makes the answer.
    forgetStoredArtifacts();
    forgetAll();
    const visitorMade = [];
    for (const form of forms) {
      const get = await ask(form);
      visitorMade.push({ get, head: await ask(form, {}, "HEAD"), notModified: await ask(form, { "If-None-Match": get.headers.etag! }) });
    }
    // A start: the pages loaded, the warm-up run, the answers made ahead.
    forgetStoredArtifacts();
    forgetAll();
    await warmStoredArtifacts();
    const { answers } = await warmFastPath(listener([]), { requests: 4 });
    expect(heldAnswers()).toBe(answers);
    for (const [i, form] of forms.entries()) {
      // The page in the organisation's language is the default one: the same bytes and tag.
      if (form.language) expect(visitorMade[i]!.get.headers.etag).toBe(visitorMade[i - 2]!.get.headers.etag);
      const expected = visitorMade[i]!;
      const first = await ask(form);
      // Served from the answer made ahead: the request made no answer of its own.
      expect(heldAnswers(), form.host).toBe(answers);
      expect(first.status).toBe(200);
      expect(first.headers["content-encoding"]).toBe("br");
      expect(first.headers.vary).toBe("Accept-Encoding, Accept-Language, Cookie");
      expect(first.body.equals(expected.get.body), form.host).toBe(true);
      expect(withoutDate(first.headers)).toEqual(withoutDate(expected.get.headers));
      const head = await ask(form, {}, "HEAD");
      expect(head.body.length).toBe(0);
      expect(withoutDate(head.headers)).toEqual(withoutDate(expected.head.headers));
      const notModified = await ask(form, { "If-None-Match": first.headers.etag! });
      expect(notModified.status).toBe(304);
      expect(withoutDate(notModified.headers)).toEqual(withoutDate(expected.notModified.headers));
      expect(heldAnswers()).toBe(answers);
    }
  });

  it("never gives an answer made ahead to a visitor with a grantee cookie: their request goes on to the app", async () => {
    forgetStoredArtifacts();
    forgetAll();
    await warmStoredArtifacts();
    const { answers } = await warmFastPath(listener([]), { requests: 2 });
    expect(answers).toBeGreaterThanOrEqual(2);
    for (const [path, host] of [[`/t/${slug}`, "localhost:3000"], ["/", `${slug}.localhost`]] as const) {
      const grantee = await front.request(path, { headers: { Host: host, "Accept-Encoding": "br", Cookie: "candor-grantee=someone" } });
      expect(grantee.status, host).toBe(418);
      expect(grantee.body.toString()).toBe("fell through to Next");
    }
  });

  it("makes no answer ahead for a custom domain, or for a host naming another organisation than the page's", async () => {
    forgetStoredArtifacts();
    forgetAll();
    await warmStoredArtifacts();
    const page = storedPages(Infinity).find((held) => held.slug === slug && held.site === "")!;
    expect(page).toBeDefined();
    const made = prepareStoredAnswers([
      { ...page, site: "trust.customer.example" },
      { ...page, site: "someone-else.localhost" },
      { ...page, site: `${slug}.localhost.evil.example` },
      { ...page, site: `${slug.toUpperCase()}.localhost` },
    ]);
    expect(made).toBe(0);
    expect(heldAnswers()).toBe(0);
    const other = await front.request("/", { headers: { Host: "someone-else.localhost", "Accept-Encoding": "br" } });
    expect(other.status).toBe(404);
    expect(other.body.toString()).not.toContain("Warm");
  });

  it("makes each host form's answer with that host's own headers: under an https APP_URL, HSTS with subdomains on the app host, a year without on a tenant host", async () => {
    forgetStoredArtifacts();
    forgetAll();
    await warmStoredArtifacts();
    const pages = storedPages(Infinity).filter((held) => held.slug === slug);
    expect(pages).toHaveLength(2);
    const saved = process.env.APP_URL;
    process.env.APP_URL = "https://localhost:3000";
    resetEnvCache();
    try {
      // Two per host form: a browser naming no language of ours, and one naming the organisation's (English).
      expect(prepareStoredAnswers(pages)).toBe(4);
      for (const language of [{}, { "Accept-Language": "en-US,en;q=0.9" }] as Record<string, string>[]) {
        const app = await front.request(`/t/${slug}`, { headers: { Host: "localhost:3000", "Accept-Encoding": "br", ...language } });
        const tenant = await front.request("/", { headers: { Host: `${slug}.localhost`, "Accept-Encoding": "br", ...language } });
        expect(heldAnswers()).toBe(4);
        expect(app.headers["strict-transport-security"]).toBe("max-age=63072000; includeSubDomains");
        expect(tenant.headers["strict-transport-security"]).toBe("max-age=31536000");
      }
    } finally {
      process.env.APP_URL = saved;
      resetEnvCache();
      forgetAll();
    }
  });

  it("returns with the garbage made before it collected (a start's load), so the first visitors do not pay for collecting it", async () => {
    forgetStoredArtifacts();
    forgetAll();
    await warmStoredArtifacts();
    // ~100 MB of strings no longer referenced once this returns, as loading the live pages leaves (pg's hex text of the bytes).
    const heapWithGarbage = () => {
      const garbage = Array.from({ length: 1_000 }, (_, i) => Buffer.alloc(50_000, i % 256).toString("hex"));
      return v8.getHeapStatistics().used_heap_size + garbage.length * 0;
    };
    const before = heapWithGarbage();
    await warmFastPath(listener([]), { requests: 10 });
    expect(v8.getHeapStatistics().used_heap_size).toBeLessThan(before - 80 * 1024 * 1024);
  });

  it("copies each held page's bytes through the kernel once before listening, leaving no file behind; with no writable temp directory it warms all the same", async () => {
    forgetStoredArtifacts();
    forgetAll();
    await warmStoredArtifacts();
    const held = storedPages(Infinity).length;
    expect(held).toBeGreaterThanOrEqual(2);
    const scratch = () => readdirSync(tmpdir()).filter((name) => name.startsWith("candor-warm-"));
    const { copied } = await warmFastPath(listener([]), { requests: 2 });
    expect(copied).toBe(held);
    expect(scratch()).toEqual([]);

    const saved = process.env.TMPDIR;
    process.env.TMPDIR = path.join(tmpdir(), "candor-no-such-directory");
    try {
      forgetAll();
      const unwritable = await warmFastPath(listener([]), { requests: 2 });
      expect(unwritable.copied).toBe(0);
      expect(unwritable.answers).toBeGreaterThanOrEqual(2);
      expect(heldAnswers()).toBe(unwritable.answers);
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
  });

  it("spreads a start's re-checks over the 10 minutes after each page was read, not after the warm began; meanwhile the 30 s sweep is one query", async () => {
    forgetStoredArtifacts();
    const start = Date.now();
    let readings = 0;
    // The warm's first reading of the clock is its start; every later one (each batch read) 20 s on, as if loading took 20 s.
    setClock(() => (readings++ === 0 ? start : start + 20_000));
    try {
      expect((await warmStoredArtifacts()).pages).toBeGreaterThan(0);
      const sites = ["", `${slug}.localhost`];
      // Just before the pages were read: none may be due its re-check yet (each would be a query).
      setClock(() => start + 20_000 - 1);
      const early = vi.spyOn(getPool(), "query");
      try {
        for (const site of sites) expect(await storedBytes(slug, site, "page", "br"), site).not.toBeNull();
        expect(early).not.toHaveBeenCalled();
      } finally {
        early.mockRestore();
      }
      // 30 s after the read the sweep is due: one query, for what changed since, and nothing held
      // was read before a change, so no page is re-checked.
      setClock(() => start + 50_000);
      const swept = vi.spyOn(getPool(), "query");
      try {
        for (const site of sites) await storedBytes(slug, site, "page", "br");
        const sweeps = () => swept.mock.calls.filter((call) => String(call[0]).includes("candor_artifact_changes")).length;
        await expect.poll(sweeps).toBe(1);
        for (const site of sites) await storedBytes(slug, site, "page", "br");
        expect(swept).toHaveBeenCalledTimes(1);
      } finally {
        swept.mockRestore();
      }
      // 10 minutes after the read, every one is due: the bound on what no sweep sees holds from the
      // read (re-checks falling due together share one round trip: it names both).
      setClock(() => start + 620_000);
      const due = vi.spyOn(getPool(), "query");
      try {
        for (const site of sites) await storedBytes(slug, site, "page", "br");
        const recheckCalls = () => due.mock.calls.filter((call) => String(call[0]).includes("candor_public_artifact"));
        const rechecked = () => recheckCalls().flatMap((call) => ((call[1] as unknown[][] | undefined)?.[1] ?? []) as string[]).sort();
        await expect.poll(rechecked).toEqual(sites);
        expect(recheckCalls()).toHaveLength(1);
      } finally {
        due.mockRestore();
      }
    } finally {
      setClock();
    }
  });

  it("makes answers ahead only up to three quarters of EDGE_MEMORY_MB", async () => {
    forgetStoredArtifacts();
    forgetAll();
    await warmStoredArtifacts();
    const page = storedPages(Infinity).find((held) => held.slug === slug && held.site === "")!;
    const saved = process.env.EDGE_MEMORY_MB;
    process.env.EDGE_MEMORY_MB = "16";
    resetEnvCache();
    try {
      // 16 MiB: three quarters are 12 MiB, so two 5 MiB pages and not a third; each page answers
      // two keys (no language of ours, and the organisation's own), whose bytes count once.
      const big = (name: string) => ({ slug: name, site: "", value: { ...page.value, bytes: Buffer.alloc(5 * 1024 * 1024) }, handle: page.handle });
      expect(page.value.language).toBe("en");
      expect(prepareStoredAnswers([big("big-one"), big("big-two"), big("big-three")])).toBe(4);
      expect(heldAnswers()).toBe(4);
    } finally {
      if (saved === undefined) delete process.env.EDGE_MEMORY_MB;
      else process.env.EDGE_MEMORY_MB = saved;
      resetEnvCache();
      forgetAll();
    }
  });

  it("re-checks due together in one round trip: the one changed behind the cache is read again, the unchanged one keeps its entry", async () => {
    forgetStoredArtifacts();
    await warmStoredArtifacts();
    const unchanged = await storedBytes(slug, `${slug}.localhost`, "page", "br");
    const before = await storedBytes(slug, "", "page", "br");
    expect(unchanged).not.toBeNull();
    // What another process would have stored, written behind this one's back (no NOTIFY), by the database owner.
    const owner = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await owner.connect();
    const where = `WHERE "orgId" = $1 AND site = '' AND surface = 'page'`;
    const { rows: originals } = await owner.query<{ hash: string; from: Date; etag: string }>(`SELECT "publicationHash" AS hash, "validFrom" AS from, etag FROM "PublishedArtifact" ${where}`, [ctx.org.id]);
    // Stamped when stored, as every stored row is: what the 30 s sweep finds.
    await owner.query(`UPDATE "PublishedArtifact" SET etag = '"changed-behind"', "createdAt" = now() ${where}`, [ctx.org.id]);
    const start = Date.now();
    const queries = vi.spyOn(getPool(), "query");
    try {
      setClock(() => start + 31_000);
      // The sweep is due: each page is answered from memory at once, and both of the changed
      // organisation's pages (read before its change) are re-checked together.
      expect(await storedBytes(slug, "", "page", "br")).toBe(before);
      expect(await storedBytes(slug, `${slug}.localhost`, "page", "br")).toBe(unchanged);
      await expect.poll(async () => (await storedBytes(slug, "", "page", "br"))?.etag).toBe('"changed-behind"');
      expect(await storedBytes(slug, `${slug}.localhost`, "page", "br")).toBe(unchanged);
      const rechecks = queries.mock.calls.filter((call) => String(call[0]).includes("'none'"));
      expect(rechecks).toHaveLength(1);
    } finally {
      queries.mockRestore();
      setClock();
      for (const row of originals) await owner.query(`UPDATE "PublishedArtifact" SET etag = $4 ${where} AND "publicationHash" = $2 AND "validFrom" = $3`, [ctx.org.id, row.hash, row.from, row.etag]);
      await owner.end();
      forgetStoredArtifacts();
    }
  });

  it("drops an answer made ahead when its organisation publishes: the next request gets the new page", async () => {
    forgetStoredArtifacts();
    forgetAll();
    await warmStoredArtifacts();
    await warmFastPath(listener([]), { requests: 2 });
    const before = await front.request(`/t/${slug}`, { headers: { Host: "localhost:3000", "Accept-Encoding": "br" } });
    expect(before.headers["content-encoding"]).toBe("br");
    expect(before.body.toString()).not.toContain("Published after the start");
    await createControl({ ctx, input: { ref: "WU-02", area: "Operations", title: "Published after the start", description: "x", status: "IMPLEMENTED", visibility: "PUBLIC" } });
    await publish({ ctx });
    for (const [path, host] of [[`/t/${slug}`, "localhost:3000"], ["/", `${slug}.localhost`]] as const) {
      const after = await front.request(path, { headers: { Host: host, "Accept-Encoding": "br" } });
      expect(after.status).toBe(200);
      expect(brotliDecompressSync(after.body).toString(), host).toContain("Published after the start");
    }
  });
});
