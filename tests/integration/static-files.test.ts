import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createControl } from "@/modules/controls/server/controls";
import { forgetHost } from "@/modules/domains/server/host-lookup";
import { publish } from "@/modules/publishing/server/publish";
import { reconcilePublishedDir, removeAll } from "@/server/edge/published-dir";
import { getPool } from "@/server/db/pool";
import { withTenant } from "@/server/db/tenant";
import { resetEnvCache } from "@/server/env";
import { createOrg } from "../support/factories";
import { startFrontServer } from "../support/front-server";

/**
 * Published pages as files for the edge (ADR 017, 025): written from the stored artifacts by the
 * edge's writer, and never left behind once their publication is superseded or their host stops
 * serving it.
 */
const dir = mkdtempSync(path.join(os.tmpdir(), "candor-published-"));
let front: Awaited<ReturnType<typeof startFrontServer>>;
let ctx: Awaited<ReturnType<typeof createOrg>>["ctx"];
let host: string;

beforeAll(async () => {
  process.env.PUBLISHED_DIR = dir;
  resetEnvCache();
  front = await startFrontServer();
  const created = await createOrg(undefined, "Files");
  ctx = created.ctx;
  host = `${created.org.slug}.localhost`;
  await createControl({ ctx, input: { ref: "FS-01", area: "Files", title: "First version", description: "v1", status: "IMPLEMENTED", visibility: "PUBLIC" } });
  await publish({ ctx });
});
afterAll(async () => {
  await front.close();
  delete process.env.PUBLISHED_DIR;
  resetEnvCache();
  rmSync(dir, { recursive: true, force: true });
});

const file = (name: string) => path.join(dir, host, name);
const serve = (pathname: string, query = "") => front.request(pathname + query, { headers: { Host: host } });

describe("published pages as files", () => {
  it("writes a tenant host's page and trust.json, compressed, exactly as served", async () => {
    const page = await serve("/");
    expect(page.status).toBe(200);
    await expect.poll(() => existsSync(file("index.html"))).toBe(true);
    expect(readFileSync(file("index.html")).equals(page.body)).toBe(true);
    expect(brotliDecompressSync(readFileSync(file("index.html.br"))).equals(page.body)).toBe(true);
    expect(gunzipSync(readFileSync(file("index.html.gz"))).equals(page.body)).toBe(true);
    const json = await serve("/trust.json");
    await expect.poll(() => existsSync(file("trust.json"))).toBe(true);
    expect(readFileSync(file("trust.json")).equals(json.body)).toBe(true);
  });

  it("writes nothing for the app host's /t/ pages, an earlier trust.json, or the other surfaces", async () => {
    await front.request(`/t/${ctx.org.slug}`);
    await serve("/changelog");
    await serve("/trust.json", "?seq=1");
    expect(existsSync(path.join(dir, "localhost"))).toBe(false);
    expect(existsSync(file("changelog"))).toBe(false);
  });

  it("removes them the moment the organisation publishes again, and writes the new publication next time", async () => {
    await serve("/");
    await expect.poll(() => existsSync(file("index.html"))).toBe(true);
    await createControl({ ctx, input: { ref: "FS-02", area: "Files", title: "Second version", description: "v2", status: "IMPLEMENTED", visibility: "PUBLIC" } });
    await publish({ ctx });
    expect(existsSync(file("index.html"))).toBe(false);
    expect(existsSync(file("trust.json"))).toBe(false);
    await serve("/");
    await expect.poll(() => existsSync(file("index.html"))).toBe(true);
    expect(readFileSync(file("index.html"), "utf8")).toContain("Second version");
  });

  it("writes the files from the store when a publication is made, before any visitor asks", async () => {
    await createControl({ ctx, input: { ref: "FS-03", area: "Files", title: "Third version, never requested", description: "v3", status: "IMPLEMENTED", visibility: "PUBLIC" } });
    await publish({ ctx });
    await expect.poll(() => existsSync(file("index.html")) && readFileSync(file("index.html"), "utf8").includes("Third version, never requested")).toBe(true);
    await expect.poll(() => existsSync(file("trust.json"))).toBe(true);
    expect(JSON.parse(readFileSync(file("trust.json"), "utf8")).publication.view.controls.domains[0].controls.map((c: { ref: string }) => c.ref)).toEqual(["FS-01", "FS-02", "FS-03"]);
    expect(gunzipSync(readFileSync(file("index.html.gz"))).equals(readFileSync(file("index.html")))).toBe(true);
  });

  it("removes a host's files when its domain changes, and everything on a reset", async () => {
    await serve("/");
    await expect.poll(() => existsSync(file("index.html"))).toBe(true);
    forgetHost(host);
    await expect.poll(() => existsSync(path.join(dir, host))).toBe(false);

    await serve("/");
    // The marker is the writer's last file: once it is there, nothing is being written.
    await expect.poll(() => existsSync(file(".etags"))).toBe(true);
    writeFileSync(path.join(dir, "stray.example"), "left by an earlier run");
    await removeAll();
    expect(existsSync(path.join(dir, host))).toBe(false);
    expect(existsSync(path.join(dir, "stray.example"))).toBe(false);
    expect(existsSync(dir)).toBe(true); // the directory itself stays (a volume's mount point)
  });

  it("starting or missing notifications reconciles instead of emptying: current files stay as they are, superseded and stray ones go, missing ones are written", async () => {
    // After the reset above, nothing is on disk: what is missing is written.
    await reconcilePublishedDir();
    expect(existsSync(file("index.html")) && existsSync(file(".etags"))).toBe(true);
    const served = statSync(file("index.html")).ino;
    writeFileSync(path.join(dir, "stray.example"), "left by an earlier run");
    mkdirSync(path.join(dir, "gone.example"));
    writeFileSync(path.join(dir, "gone.example", "index.html"), "a host that no longer serves anyone");
    await reconcilePublishedDir();
    expect(statSync(file("index.html")).ino).toBe(served); // not rewritten: another instance may be serving it
    expect(existsSync(path.join(dir, "stray.example"))).toBe(false);
    expect(existsSync(path.join(dir, "gone.example"))).toBe(false);

    // Files another instance wrote for a publication that is no longer the live one.
    writeFileSync(file(".etags"), 'W/"superseded" -\n');
    writeFileSync(file("index.html"), "the superseded page");
    await reconcilePublishedDir();
    expect(readFileSync(file("index.html"), "utf8")).toContain("Third version, never requested");
    expect(readFileSync(file(".etags"), "utf8")).not.toContain("superseded");
  });

  it("a burst of announcements (8 tenants, each announced 5 times at once) writes every tenant's files, one store query at a time", async () => {
    const slugs: string[] = [];
    for (let i = 0; i < 8; i++) {
      const created = await createOrg(undefined, `Burst${i}`);
      await createControl({ ctx: created.ctx, input: { ref: "BU-01", area: "Files", title: `Burst tenant ${i}`, description: "x", status: "IMPLEMENTED", visibility: "PUBLIC" } });
      await publish({ ctx: created.ctx });
      slugs.push(created.org.slug);
    }
    const index = (slug: string) => path.join(dir, `${slug}.localhost`, "index.html");
    await expect.poll(() => slugs.every((slug) => existsSync(index(slug)))).toBe(true);
    for (const slug of slugs) rmSync(path.join(dir, `${slug}.localhost`), { recursive: true, force: true });

    const pool = getPool();
    const query = pool.query.bind(pool) as (...args: unknown[]) => Promise<unknown>;
    let inFlight = 0;
    let most = 0;
    const spy = vi.spyOn(pool, "query").mockImplementation(((...args: unknown[]) => {
      if (!String(args[0]).includes("candor_edge_files")) return query(...args);
      most = Math.max(most, ++inFlight);
      return query(...args).finally(() => inFlight--);
    }) as typeof pool.query);
    try {
      await withTenant({ orgId: ctx.org.id }, (tx) => tx.$executeRaw`SELECT pg_notify('candor_publication', s) FROM unnest(${slugs}::text[]) AS s, generate_series(1, 5)`);
      await expect.poll(() => slugs.filter((slug) => existsSync(index(slug))).length, { timeout: 20_000 }).toBe(8);
      for (const [i, slug] of slugs.entries()) expect(readFileSync(index(slug), "utf8")).toContain(`Burst tenant ${i}`);
      expect(most).toBe(1);
    } finally {
      spy.mockRestore();
    }
  });
});
