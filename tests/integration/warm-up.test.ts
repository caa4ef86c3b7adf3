import http from "node:http";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createControl } from "@/modules/controls/server/controls";
import { renderCounts } from "@/modules/publishing/server/artifacts";
import { publish } from "@/modules/publishing/server/publish";
import { forgetStoredArtifacts, storedBytes, warmStoredArtifacts } from "@/modules/publishing/server/stored";
import { setClock } from "@/server/clock";
import { getPool } from "@/server/db/pool";
import { servePublicSurface } from "@/server/edge/fast-path";
import { forgetAll, heldAnswers } from "@/server/edge/hot";
import { warmFastPath } from "@/server/edge/warm-up";
import { answeredByFront, prepareRequest } from "@/server/front";
import { createOrg } from "../support/factories";
import { startFrontServer } from "../support/front-server";

/**
 * A starting web process serves its own stored pages to itself before it listens (scripts/web.ts,
 * src/server/edge/warm-up.ts): the requests go through the listener it is given, they answer 200
 * from what is held, nothing is rendered, no ready answer is left behind, and visitors then get
 * exactly what they would have got without it.
 */
let front: Awaited<ReturnType<typeof startFrontServer>>;
let slug: string;

/** scripts/web.ts's listener, without Next: what the fast path leaves is a 418; `seen` records each request. */
function listener(seen: { host?: string; url?: string; status?: number }[]): http.RequestListener {
  return (req, res) => {
    const record = { host: req.headers.host, url: req.url, status: 0 };
    seen.push(record);
    res.on("finish", () => (record.status = res.statusCode));
    const facts = prepareRequest(req);
    if (answeredByFront(req, res, facts)) return;
    void servePublicSurface(req, res).then((served) => {
      if (!served) res.writeHead(418).end("fell through to Next");
    });
  };
}

beforeAll(async () => {
  front = await startFrontServer();
  const { ctx, org } = await createOrg(undefined, "Warm");
  await createControl({ ctx, input: { ref: "WU-01", area: "Operations", title: "Warm <b>code</b> only", description: "x", status: "IMPLEMENTED", visibility: "PUBLIC" } });
  await publish({ ctx });
  slug = org.slug;
});
afterAll(() => front.close());

describe("warming the fast path before listening", () => {
  it("serves held pages to itself through the given listener, renders nothing and keeps no answer", async () => {
    forgetStoredArtifacts();
    forgetAll();
    const warmed = await warmStoredArtifacts();
    expect(warmed.pages).toBeGreaterThan(0);
    const renders = renderCounts.total;
    const seen: { host?: string; url?: string; status?: number }[] = [];
    const result = await warmFastPath(listener(seen), { requests: 40, budgetMs: 10_000 });
    expect(result.requests).toBe(40);
    expect(seen).toHaveLength(40);
    expect(seen.every((request) => request.status === 200)).toBe(true);
    expect(seen.some((request) => request.url === `/t/${slug}`)).toBe(true);
    expect(renderCounts.total).toBe(renders);
    expect(heldAnswers()).toBe(0);
  });

  it("stops at its time budget however many requests it was allowed", async () => {
    await warmStoredArtifacts();
    const seen: { host?: string; url?: string; status?: number }[] = [];
    const started = performance.now();
    const result = await warmFastPath(listener(seen), { requests: 100_000, budgetMs: 300 });
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(result.requests).toBeLessThan(100_000);
    expect(result.requests).toBe(seen.length);
  });

  it("does nothing without pages in memory (a new install, the database down at start)", async () => {
    forgetStoredArtifacts();
    const seen: { host?: string; url?: string; status?: number }[] = [];
    expect(await warmFastPath(listener(seen))).toEqual({ requests: 0, ms: 0 });
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

  it("spreads a start's re-checks over the 30 s after each page was read, not after the warm began", async () => {
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
      // 30 s after the read, every one is due: the bound on a lost notification holds from the read.
      setClock(() => start + 50_000);
      const due = vi.spyOn(getPool(), "query");
      try {
        for (const site of sites) await storedBytes(slug, site, "page", "br");
        expect(due).toHaveBeenCalledTimes(2);
      } finally {
        due.mockRestore();
      }
    } finally {
      setClock();
    }
  });
});
