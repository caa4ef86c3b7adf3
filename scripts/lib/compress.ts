import type { IncomingMessage, ServerResponse } from "node:http";
import zlib from "node:zlib";
import compression from "next/dist/compiled/compression";
import { releaseCompressionStream } from "next/dist/server/lib/release-compression-stream";

/**
 * What next.config's `compress` does (Next's own copy of the `compression` middleware, applied the
 * way Next's router applies it), at zlib's fastest level instead of its default (6). A dashboard
 * page is ~130 KiB of HTML compressed in the web process, on the same thread that renders: the CPU
 * profile under `npm run bench:dashboard` put gzip at ~7% of the web process. Level 1 costs a
 * fraction of that for somewhat more bytes (the control list: see the commit that made this).
 * next.config.ts sets `compress: false` so Next does not compress a second time.
 */
const middleware = compression({ level: zlib.constants.Z_BEST_SPEED });

export function compressed(req: IncomingMessage, res: ServerResponse) {
  middleware(req, res, () => {});
  // On a client disconnect the middleware never ends its zlib stream (Next's note on the same call).
  res.once("close", () => {
    if (!res.writableFinished) releaseCompressionStream(res);
  });
}
