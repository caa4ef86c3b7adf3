import "server-only";

import { promisify } from "node:util";
import { brotliCompress, brotliCompressSync, constants as zlibConstants, gzip as gzipAsync, gzipSync, type BrotliOptions } from "node:zlib";

/**
 * The precompressed forms of a public surface, made once per rendering (stored with it, or kept
 * beside it in memory), and sent often.
 *
 * Brotli at quality 7 with a window fitted to the body. Measured on a 1,000-control tenant's
 * surfaces (2026-12-02, this 2-core VM): quality 9 with brotli's default 4 MiB window spent
 * 70–100 ms on a 15 KB page and 12 ms on a 1 KB feed (setting up the window, not compressing),
 * 150–190 ms on the 540 KB page and the 976 KB trust.json: ~0.9 s of a publish's ~1.5 s. With
 * the window fitted and quality 7: the small ones in under 1 ms (same bytes), the large ones in
 * 8–26 ms, 0.8–0.9% larger (21,482 bytes against 21,302 for the page). Quality 11 would save
 * another 6% for ~1 s a megabyte: not on a publish's path.
 */
function brotliOptions(size: number): BrotliOptions {
  const window = Math.min(zlibConstants.BROTLI_MAX_WINDOW_BITS, Math.max(zlibConstants.BROTLI_MIN_WINDOW_BITS, Math.ceil(Math.log2(size + 1))));
  return { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 7, [zlibConstants.BROTLI_PARAM_LGWIN]: window, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: size } };
}

export function brotli(body: Uint8Array): Buffer {
  return brotliCompressSync(body, brotliOptions(body.length));
}

const GZIP = { level: 9 };

export function gzip(body: Uint8Array): Buffer {
  return gzipSync(body, GZIP);
}

const brotliLater = promisify(brotliCompress);
const gzipLater = promisify(gzipAsync);

/**
 * Both forms, made on libuv's threads: a publish of a large tenant no longer holds the web
 * process's event loop (every other request of it) for its compressions, and the two cores share them.
 */
export async function compressBoth(body: Uint8Array): Promise<{ br: Buffer; gzip: Buffer }> {
  const [br, gz] = await Promise.all([brotliLater(body, brotliOptions(body.length)), gzipLater(body, GZIP)]);
  return { br, gzip: gz };
}
