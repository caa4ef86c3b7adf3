import { NextResponse, type NextRequest } from "next/server";
import { checkActionRequest, checkFormPost, checkRouterState } from "@/server/action-requests";
import { hostNotFound, plainResponse, routeHost } from "@/server/edge/routing";
import { bindAddress, env } from "@/server/env";
import { onlyGranteeCookies } from "@/server/grantee-cookie";
import { SITE_HEADER } from "@/server/hosts";
import { isHttpsRequest } from "@/server/request";
import { FILE_CSP } from "@/server/security-headers";

/**
 * Runs before every request. It routes and sets headers; it never authorizes anything
 * (authorization happens in the gate, src/server/gate.ts, next to the data it protects).
 *
 * - Hosts: routeHost() (src/server/edge/routing.ts) says which site a request is for; a
 *   tenant host's request is rewritten to the public surface it stands for, anything else on it
 *   or on an unknown host is a plain 404. This file only adapts that answer to Next.
 * - A fresh CSP nonce per request; Next.js applies it to its own inline scripts.
 * - HSTS when the request arrived over https: as the front server established it from the
 *   socket and the trusted proxies (src/server/front.ts), never from a client's X-Forwarded-Proto.
 */
/** Routes that serve a file (uploaded by a tenant, or a PDF carrying a tenant's text), not a page: nothing in them may run. */
const FILE_ROUTES = [
  /^\/dashboard\/[^/]+\/documents\/[^/]+\/versions\/[^/]+$/,
  /^\/dashboard\/[^/]+\/publish\/preview\/logo$/,
  /^\/dashboard\/[^/]+\/access\/acceptances\/[^/]+\/certificate\.pdf$/,
];

const API_PATH = /^\/api\/v1(\/|$)/;

/** RFC 9457 problem details in the shape of src/server/api/problem.ts, for the few refusals made here. */
function apiProblem(status: number, detail: string) {
  const named: Record<number, [string, string]> = { 403: ["forbidden", "Forbidden"], 413: ["payload_too_large", "Payload too large"], 415: ["unsupported_media_type", "Unsupported media type"] };
  const [code, title] = named[status] ?? ["bad_request", "Bad request"];
  const body = JSON.stringify({ type: `urn:candor:problem:${code.replaceAll("_", "-")}`, title, status, detail, code });
  return new Response(body, { status, headers: { "Content-Type": "application/problem+json", "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" } });
}

export async function proxy(request: NextRequest) {
  const route = await routeHost(request.headers.get("host"), request.nextUrl.pathname);
  if (route.kind === "not-found") return hostNotFound();
  // A client navigation's route tree Next could not parse (its 500): a clear 400 instead.
  const routerState = checkRouterState(request.headers);
  if (routerState) return plainResponse(routerState.status, `${routerState.message}\n`);
  if (route.kind === "tenant") {
    if (!route.pathname) return hostNotFound();
    // A tenant host is a separate site: whatever cookies the browser sends for it are dropped
    // here, so nothing downstream can act on them, but for a prospect's grantee session
    // (src/server/grantee-cookie.ts), which only the access routes and the trust page read.
    const headers = new Headers(request.headers);
    const grantee = onlyGranteeCookies(request.headers.get("cookie"));
    if (grantee) headers.set("cookie", grantee);
    else headers.delete("cookie");
    headers.delete("authorization");
    headers.set(SITE_HEADER, route.host);
    return NextResponse.rewrite(internalUrl(request, route.pathname), { request: { headers } });
  }
  if (request.method === "POST") {
    // A server-action call (or a form post) Next's decoder would fail on, and answer 500: a clear 4xx instead.
    // The REST API has no pages, so no form post can become an action there: its handlers read their own bodies
    // (a multipart body to a JSON operation is their 415); its refusals are problem details like all its errors.
    const api = API_PATH.test(request.nextUrl.pathname);
    const refusal = request.headers.has("next-action") ? await checkActionRequest(request) : api ? null : await checkFormPost(request);
    if (refusal) return api ? apiProblem(refusal.status, refusal.message) : plainResponse(refusal.status, `${refusal.message}\n`);
  }
  if (request.nextUrl.pathname.startsWith("/t/")) {
    // The public surfaces under /t/ set their own, stricter headers.
    const headers = new Headers(request.headers);
    headers.delete(SITE_HEADER);
    return NextResponse.next({ request: { headers } });
  }
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const https = isHttpsRequest(request.headers);
  const file = FILE_ROUTES.some((route) => route.test(request.nextUrl.pathname));
  const csp = file ? FILE_CSP : contentSecurityPolicy(nonce, { https, development: env().NODE_ENV === "development" });

  const requestHeaders = new Headers(request.headers);
  requestHeaders.delete(SITE_HEADER);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", csp);
  // Where the visitor was going, so a sign-in redirect can bring them back (safeNextPath()
  // checks it again before use).
  requestHeaders.set("x-candor-path", request.nextUrl.pathname + request.nextUrl.search);

  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  if (https) response.headers.set("Strict-Transport-Security", "max-age=63072000; includeSubDomains");
  return response;
}

export function contentSecurityPolicy(nonce: string, options: { https: boolean; development: boolean }) {
  return [
    "default-src 'self'",
    // No 'unsafe-inline' for scripts: only Next's own, carrying this request's nonce.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "frame-src 'self'",
    ...(options.https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

export const config = {
  matcher: [
    // Everything but static build output: every other path depends on the host.
    { source: "/((?!_next/static|_next/image).*)" },
  ],
};

/**
 * A rewrite target on Next's own origin, which Next treats as internal: it keeps the headers set
 * here. Next compares the target with `http://{the hostname scripts/web.ts gave it: the bind
 * address}:{port}` and proxies any other origin over HTTP as an external rewrite, arriving as the
 * app host without these headers and with the browser's cookies. Neither request.url nor nextUrl
 * will do: Next calls 127.0.0.1 "localhost" in them (and, without skipProxyUrlNormalize in
 * next.config.ts, would rename the target too).
 */
function internalUrl(request: NextRequest, pathname: string) {
  const bind = bindAddress(env());
  const url = new URL(pathname + request.nextUrl.search, request.url);
  url.hostname = bind.includes(":") ? `[${bind}]` : bind;
  return url;
}
