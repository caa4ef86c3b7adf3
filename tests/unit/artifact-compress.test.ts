import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { brotli, compressBoth, gzip } from "@/modules/publishing/server/compress";

/**
 * The stored forms of a public surface (compress.ts): whatever the body's size, both decode to
 * exactly its bytes, made on libuv's threads or inline. The window is fitted to the body, so a
 * body at the edge of a window size (and one past brotli's largest, 16 MiB) must still round-trip.
 */
describe("a surface's precompressed forms", () => {
  const row = (i: number) => `<tr><td>C-${i}</td><td>Control number ${i} about encryption</td><td>Implemented</td></tr>\n`;
  const bodies: Record<string, Uint8Array> = {
    empty: new Uint8Array(0),
    "one byte": new Uint8Array([0x41]),
    "1 KiB exactly": new TextEncoder().encode("x".repeat(1024)),
    "a 600 KB page": new TextEncoder().encode(Array.from({ length: 6_000 }, (_, i) => row(i)).join("")),
    "17 MB of random-ish bytes": Uint8Array.from({ length: 17_000_000 }, (_, i) => (i * 2654435761) >>> 24),
  };

  for (const [name, body] of Object.entries(bodies)) {
    it(`${name}: br and gzip decode to the body, async and sync alike`, async () => {
      const both = await compressBoth(body);
      expect(Buffer.compare(brotliDecompressSync(both.br), Buffer.from(body))).toBe(0);
      expect(Buffer.compare(gunzipSync(both.gzip), Buffer.from(body))).toBe(0);
      expect(Buffer.compare(brotliDecompressSync(brotli(body)), Buffer.from(body))).toBe(0);
      expect(Buffer.compare(gunzipSync(gzip(body)), Buffer.from(body))).toBe(0);
    }, 60_000);
  }

  it("a 600 KB page compresses to under 5% of itself (brotli) and under 8% (gzip)", async () => {
    const page = bodies["a 600 KB page"]!;
    const { br, gzip: gz } = await compressBoth(page);
    expect(br.length).toBeLessThan(page.length * 0.05);
    expect(gz.length).toBeLessThan(page.length * 0.08);
  });
});
