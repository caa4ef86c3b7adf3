import type { IncomingMessage, ServerResponse } from "node:http";
import zlib from "node:zlib";
import Negotiator from "negotiator";
import compression from "next/dist/compiled/compression";
import { releaseCompressionStream } from "next/dist/server/lib/release-compression-stream";

/**
 * What next.config's `compress` does (Next's own copy of the `compression` middleware, applied the
 * way Next's router applies it), at zlib's fastest level instead of its default (6). A dashboard
 * page is ~130 KiB of HTML compressed in the web process, on the same thread that renders: the CPU
 * profile under `npm run bench:dashboard` put gzip at ~7% of the web process. Level 1 costs a
 * fraction of that for somewhat more bytes (the control list: see the commit that made this).
 * next.config.ts sets `compress: false` so Next does not compress a second time. Pages and RSC
 * answers are held and compressed once (bufferPages, below; ADR 040).
 */
const middleware = compression({ level: zlib.constants.Z_BEST_SPEED });

export function compressed(req: IncomingMessage, res: ServerResponse) {
  middleware(req, res, () => {});
  bufferPages(req, res);
  // On a client disconnect the middleware never ends its zlib stream (Next's note on the same call).
  res.once("close", () => {
    if (!res.writableFinished) releaseCompressionStream(res);
  });
}

type Writable = ServerResponse & { flush?: () => void };
const BUFFERED_TYPES = /^(text\/html|text\/x-component)\b/i;

/**
 * A page (HTML) or an RSC answer (text/x-component) is held until Next ends it, then compressed in
 * one call and sent with its headers in one write, with a Content-Length. Next writes a page as
 * React yields it and flushes the compressor after every chunk (Next's pipeToNodeResponse), so
 * streamed, a list page cost several zlib jobs on the thread pool and several socket writes, each
 * a wake-up of another thread or process (ADR 040).
 * Dashboard pages do not stream (no Suspense boundary or loading.tsx): React only writes once
 * the whole page is ready, so holding it delays nothing. Everything else (files, exports, JSON)
 * goes through the compression middleware as before.
 */
function bufferPages(req: IncomingMessage, res: Writable) {
  const { write, end, flush, flushHeaders } = res;
  let mode: "undecided" | "buffer" | "pass" = "undecided";
  const chunks: Buffer[] = [];
  let ending = false;
  const decide = () => {
    if (mode !== "undecided") return mode;
    const type = String(res.getHeader("Content-Type") ?? "");
    // Headers already written (an explicit writeHead) cannot take a Content-Length any more.
    const plain = !res.headersSent && !res.getHeader("Content-Encoding") && req.method !== "HEAD" && res.statusCode !== 204 && res.statusCode !== 304;
    mode = plain && BUFFERED_TYPES.test(type) ? "buffer" : "pass";
    return mode;
  };
  res.flushHeaders = function () {
    if (decide() === "pass") flushHeaders.call(this);
  };
  res.flush = function () {
    if (decide() === "pass") flush?.call(this);
  };
  res.write = function (this: Writable, chunk: unknown, ...rest: unknown[]) {
    if (decide() === "pass") return (write as (...a: unknown[]) => boolean).call(this, chunk, ...rest);
    if (ending) return false;
    chunks.push(toBuffer(chunk, rest[0]));
    return true;
  } as Writable["write"];
  res.end = function (this: Writable, chunk?: unknown, ...rest: unknown[]) {
    if (decide() === "pass") return (end as (...a: unknown[]) => Writable).call(this, chunk, ...rest);
    if (ending) return this;
    ending = true;
    if (chunk != null && typeof chunk !== "function") chunks.push(toBuffer(chunk, rest[0]));
    const callback = [chunk, ...rest].find((arg) => typeof arg === "function") as (() => void) | undefined;
    const body = Buffer.concat(chunks);
    chunks.length = 0;
    const send = (bytes: Buffer) => {
      if (this.destroyed) return;
      this.setHeader("Content-Length", bytes.length);
      (end as (...a: unknown[]) => Writable).call(this, bytes, callback);
    };
    if (body.length < 1024 || !acceptsGzip(req)) send(body);
    // On the thread pool: one job, off the thread that renders.
    else zlib.gzip(body, { level: zlib.constants.Z_BEST_SPEED }, (error, gzipped) => {
      if (error) return send(body);
      this.setHeader("Content-Encoding", "gzip");
      send(gzipped);
    });
    return this;
  } as Writable["end"];
}

function toBuffer(chunk: unknown, encoding: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  return Buffer.from(String(chunk), typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8");
}

/** Whether the client takes gzip (q > 0), by the negotiator the compression middleware uses too. */
function acceptsGzip(req: IncomingMessage) {
  return new Negotiator(req).encodings(["gzip"]).includes("gzip");
}
