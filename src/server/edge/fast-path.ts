import "server-only";

import type { IncomingMessage, ServerResponse } from "node:http";
import { artifactOf, encodedBody } from "@/modules/publishing/server/public";
import { publicRoute, publicSurfaceOf, surfaceUnavailable } from "@/modules/publishing/server/surfaces";
import { hasGranteeCookie } from "@/server/grantee-cookie";
import { isLoopbackAddress } from "@/server/hosts";
import { log } from "@/server/log";
import { STATIC_SECURITY_HEADERS } from "@/server/security-headers";
import { preferredEncoding, rememberHot, requestedLanguage, serveHot, serveStored } from "./hot";
import { hostNotFound, routeHost } from "./routing";
import { tlsAsk } from "./tls-ask";

/**
 * The public fast path of the production server (scripts/web.ts): GET and HEAD for the text
 * surfaces under /t/{slug} are answered here, before Next's router, by the same functions the
 * route handlers call. What it adds over Next: no routing and rendering machinery per request,
 * and bodies compressed once per publication (brotli or gzip, as the client prefers) instead of
 * on every request. Returns false for anything it does not serve, for Next to handle.
 *
 * A response that carried a published artifact is kept, ready to send (hot.ts): the next
 * request for the same host and target is answered from it by serveReady(), which the caller
 * asks first (scripts/web.ts, before the front), so a kept answer is looked up once a request.
 *
 * It also answers Caddy's on-demand TLS question (GET /internal/tls/ask?domain=HOST), here and
 * not in Next because only here is the socket's address known: the endpoint answers loopback
 * callers only, whatever X-Forwarded-For says.
 */
export async function servePublicSurface(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  // A prospect with a grantee session gets a page of their own (private, no-store) from the app:
  // never a kept response, and nothing they are served is kept (ADR 029).
  const grantee = hasGranteeCookie(req.headers.cookie);
  const url = new URL(req.url ?? "/", "http://candor.invalid");
  if (url.pathname === "/internal/tls/ask") {
    await answerTlsAsk(req, res, url);
    return true;
  }
  if (grantee) return false;
  if (req.method !== "GET" && req.method !== "HEAD") return false;
  let route: ReturnType<typeof publicRoute>;
  let slug: string | undefined;
  let stored: ReturnType<typeof publicSurfaceOf> = null;
  let site: string | null = null;
  try {
    const target = await routeHost(req.headers.host, url.pathname);
    if (target.kind === "not-found" || (target.kind === "tenant" && !target.pathname)) {
      await sendResponse(req, res, hostNotFound());
      return true;
    }
    route = target.kind === "tenant" ? publicRoute(target.pathname!, target.host) : publicRoute(url.pathname);
    slug = target.kind === "tenant" ? target.slug : /^\/t\/([^/]+)/.exec(url.pathname)?.[1];
    // Stored bytes answer the surfaces without a query string (?seq=N is an older publication),
    // or with a language named alone (?lang=de, ADR 038).
    stored = url.search && !/^\?lang=[a-z]{2}$/.test(url.search) ? null : publicSurfaceOf(target.kind === "tenant" ? target.pathname! : url.pathname);
    site = target.kind === "tenant" ? target.host : null;
  } catch (error) {
    log.error({ err: error, host: req.headers.host }, "host routing failed");
    await sendResponse(req, res, surfaceUnavailable());
    return true;
  }
  if (!route) return false;
  try {
    if (stored && (await serveStored(req, res, { ...stored, host: site, language: requestedLanguage(req, url.search) }))) return true;
  } catch (error) {
    log.warn({ err: error, path: url.pathname }, "stored artifact not served; rendering instead");
  }

  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  let response: Response;
  try {
    response = await route(new Request(url, { method: req.method, headers }), url);
  } catch (error) {
    log.error({ err: error, path: url.pathname }, "public surface failed");
    response = surfaceUnavailable();
  }
  const head = await sendResponse(req, res, response);
  const item = response.status === 200 ? artifactOf(response) : undefined;
  if (item && slug) rememberHot(req, slug, item, head);
  return true;
}

/**
 * The answer kept ready for this request (hot.ts), sent synchronously: true when it was. The
 * server's listener asks this first, before the front (src/server/front.ts) and without a Promise:
 * a kept answer exists only for a Host, target and language a request the front let through was
 * answered 200 for, so the front's checks on the target (control characters, the mailbox) would
 * pass again, and its headers for Next are not read here. A grantee session (ADR 029) is never
 * answered from one: its page is its own, private.
 */
export function serveReady(req: IncomingMessage, res: ServerResponse): boolean {
  return (req.method === "GET" || req.method === "HEAD") && !hasGranteeCookie(req.headers.cookie) && serveHot(req, res);
}

async function answerTlsAsk(req: IncomingMessage, res: ServerResponse, url: URL) {
  // Caddy asks directly; a request a proxy forwarded (even one on this machine) is not Caddy's.
  const forwarded = req.headers["x-forwarded-for"] !== undefined || req.headers.forwarded !== undefined || req.headers["x-forwarded-host"] !== undefined;
  if (!isLoopbackAddress(req.socket.remoteAddress) || forwarded) {
    log.warn({ remote: req.socket.remoteAddress, forwarded }, "TLS ask refused: not a direct loopback caller");
    return sendResponse(req, res, new Response("Forbidden\n", { status: 403, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } }));
  }
  let status: number;
  try {
    status = req.method === "GET" && (await tlsAsk(url.searchParams.get("domain"))) ? 200 : 404;
  } catch (error) {
    // Fail closed: Caddy treats anything but 2xx as "no certificate", and asks again later.
    log.error({ err: error }, "TLS ask failed");
    status = 503;
  }
  return sendResponse(req, res, new Response(status === 200 ? "OK\n" : "Not found\n", { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } }));
}

/** Sends a WHATWG Response; returns its headers as sent, but for Content-Length and Content-Encoding. */
async function sendResponse(req: IncomingMessage, res: ServerResponse, response: Response) {
  const head: Record<string, string> = {};
  for (const { key, value } of STATIC_SECURITY_HEADERS) head[key] = value;
  response.headers.forEach((value, name) => (head[name] = value));
  const own = { ...head };
  let body: Uint8Array | undefined;
  const item = response.status === 200 ? artifactOf(response) : undefined;
  if (item) {
    const encoding = preferredEncoding(req.headers["accept-encoding"]);
    body = encoding ? encodedBody(item, encoding) : item.body;
    if (encoding) head["Content-Encoding"] = encoding;
  } else if (response.body) {
    body = new Uint8Array(await response.arrayBuffer());
  }
  if (response.status !== 304) head["Content-Length"] = String(body?.byteLength ?? 0);
  res.writeHead(response.status, head);
  res.end(req.method === "HEAD" ? undefined : body);
  return own;
}

export { preferredEncoding };
