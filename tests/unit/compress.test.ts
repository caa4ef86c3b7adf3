import http from "node:http";
import type { AddressInfo } from "node:net";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compressed } from "../../scripts/lib/compress";

/**
 * scripts/web.ts compresses what Next answers itself (scripts/lib/compress.ts: Next's own
 * middleware at zlib's fastest level; next.config.ts turns Next's off). What a client sees: gzip
 * when it asks for it, the same bytes after decoding, `Vary: Accept-Encoding`; nothing encoded
 * when it does not ask, for a tiny body, or for an answer already encoded.
 */
const page = `<!DOCTYPE html><html><body>${Array.from({ length: 400 }, (_, i) => `<tr class="border-t border-zinc-200"><td class="py-2 pr-3">C-${i}</td><td>Control number ${i}</td></tr>`).join("")}</body></html>`;
let server: http.Server;
let origin: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    compressed(req, res);
    if (req.url === "/streamed") return nextLike(res, "text/html; charset=utf-8");
    if (req.url === "/rsc") return nextLike(res, "text/x-component");
    if (req.url === "/json") return nextLike(res, "application/json");
    if (req.url === "/head-first") return res.writeHead(200, { "Content-Type": "text/html" }).end(page);
    if (req.url === "/tiny") return res.setHeader("Content-Type", "text/html").end("<p>hi</p>");
    if (req.url === "/encoded") return res.writeHead(200, { "Content-Type": "text/html", "Content-Encoding": "br" }).end(zlib.brotliCompressSync(page));
    res.setHeader("Content-Type", "text/html; charset=utf-8");
    res.end(page);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** As Next's pipeToNodeResponse writes a page: headers flushed, then each chunk written and flushed. */
function nextLike(res: http.ServerResponse, type: string) {
  res.statusCode = 200;
  res.setHeader("Content-Type", type);
  res.flushHeaders();
  const parts = [page.slice(0, 5_000), page.slice(5_000, 20_000), page.slice(20_000)];
  const flush = () => (res as http.ServerResponse & { flush?: () => void }).flush?.();
  let i = 0;
  const next = () => {
    if (i === parts.length) return void res.end();
    res.write(parts[i++]);
    flush();
    setImmediate(next);
  };
  next();
}

function get(path: string, acceptEncoding?: string) {
  return new Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    http.get(`${origin}${path}`, { headers: acceptEncoding ? { "accept-encoding": acceptEncoding } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
    }).on("error", reject);
  });
}

describe("the web server's compression of Next's answers", () => {
  it("gzips a page for a client that asks, at the fastest level: the same page after decoding, Vary on the encoding", async () => {
    const { headers, body } = await get("/", "gzip, deflate, br");
    expect([headers["content-encoding"], headers.vary]).toEqual(["gzip", "Accept-Encoding"]);
    expect(zlib.gunzipSync(body).toString()).toBe(page);
    expect(body.length).toBe(zlib.gzipSync(page, { level: 1 }).length);
  });

  it("sends a client that does not ask, a tiny body and an already encoded answer as they are", async () => {
    const plain = await get("/");
    expect([plain.headers["content-encoding"], plain.body.toString()]).toEqual([undefined, page]);
    const tiny = await get("/tiny", "gzip");
    expect([tiny.headers["content-encoding"], tiny.body.toString()]).toEqual([undefined, "<p>hi</p>"]);
    const encoded = await get("/encoded", "gzip, br");
    expect([encoded.headers["content-encoding"], zlib.brotliDecompressSync(encoded.body).toString()]).toEqual(["br", page]);
  });

  it("holds a page or an RSC answer that Next writes in flushed chunks, and sends it compressed once, with a Content-Length", async () => {
    for (const path of ["/streamed", "/rsc"]) {
      const { headers, body } = await get(path, "gzip, deflate, br");
      expect([headers["content-encoding"], headers["content-length"], headers["transfer-encoding"], headers.vary]).toEqual(["gzip", String(body.length), undefined, "Accept-Encoding"]);
      // One gzip member at level 1 over the whole page: what one compression of it gives.
      expect(body.equals(zlib.gzipSync(page, { level: 1 }))).toBe(true);
    }
    const plain = await get("/streamed", "gzip;q=0, br");
    expect([plain.headers["content-encoding"], plain.headers["content-length"], plain.body.toString()]).toEqual([undefined, String(Buffer.byteLength(page)), page]);
    const head = await get("/head-first", "gzip");
    expect([head.headers["content-encoding"], zlib.gunzipSync(head.body).toString()]).toEqual(["gzip", page]);
  });

  it("streams anything else as it is written (JSON here), compressed on the way", async () => {
    const { headers, body } = await get("/json", "gzip");
    expect([headers["content-encoding"], headers["content-length"], headers["transfer-encoding"]]).toEqual(["gzip", undefined, "chunked"]);
    expect(zlib.gunzipSync(body).toString()).toBe(page);
  });
});
