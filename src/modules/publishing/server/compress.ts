import "server-only";

import { brotliCompressSync, constants as zlibConstants, gzipSync } from "node:zlib";

/**
 * The precompressed forms of a public surface, made once per rendering (stored with it, or kept
 * beside it in memory). Highest useful levels: the cost is paid once, the bytes are sent often.
 */
export function brotli(body: Uint8Array): Buffer {
  return brotliCompressSync(body, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 9, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: body.length } });
}

export function gzip(body: Uint8Array): Buffer {
  return gzipSync(body, { level: 9 });
}
