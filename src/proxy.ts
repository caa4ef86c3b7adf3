import { NextResponse, type NextRequest } from "next/server";
import { slugForCustomHost } from "@/modules/domains/server/host-lookup";
import { checkActionRequest, checkFormPost } from "@/server/action-requests";
import { env } from "@/server/env";
import { classifyHost, SHARED_PATHS, tenantPath } from "@/server/hosts";
import { isHttpsRequest } from "@/server/request";

/**
 * Runs before every request. It routes and sets headers; it never authorizes anything
 * (authorization happens in the gate, src/server/gate.ts, next to the data it protects).
 *
 * - Hosts: the app host (APP_URL) serves the dashboard, auth and API; a tenant host
 *   ({slug}.{PLATFORM_DOMAIN} or a verified custom domain) serves that tenant's public surfaces
 *   at its root, and nothing else; any other host gets a plain 404. See routeHost().
 * - A fresh CSP nonce per request; Next.js applies it to its own inline scripts.
 * - HSTS when the request arrived over https: as the front server established it from the
 *   socket and the trusted proxies (src/server/front.ts), never from a client's X-Forwarded-Proto.
 */
/** Routes that serve a file (uploaded by a tenant), not a page: nothing in them may run. */
const FILE_ROUTES = [/^\/dashboard\/[^/]+\/documents\/[^/]+\/versions\/[^/]+$/, /^\/dashboard\/[^/]+\/publish\/preview\/logo$/];
export const FILE_CSP = "default-src 'none'; frame-ancestors 'none'; sandbox";

/** Set on requests rewritten from a tenant host: which host the visitor asked for (never from the client). */
export const SITE_HEADER = "x-candor-site";

export type HostRoute =
  | { kind: "app" }
  /** A tenant host's request, as the path it stands for (null: nothing a tenant host serves). */
  | { kind: "tenant"; host: string; slug: string; pathname: string | null }
  | { kind: "not-found" };

let sitesMemo: { source: ReturnType<typeof env>; value: { appHost: string; platformDomain: string } } | undefined;
/** The app host and platform domain, computed once per environment (this runs on every request). */
export function sites() {
  const config = env();
  if (sitesMemo?.source !== config) sitesMemo = { source: config, value: { appHost: new URL(config.APP_URL).hostname, platformDomain: config.PLATFORM_DOMAIN } };
  return sitesMemo.value;
}

/** Where a request goes, by its Host header. The public fast path (scripts/web.ts) uses it too. */
export async function routeHost(hostHeader: string | null | undefined, pathname: string): Promise<HostRoute> {
  const site = classifyHost(hostHeader, sites());
  if (site.kind === "app") return { kind: "app" };
  if (site.kind === "unknown") return { kind: "not-found" };
  const slug = site.kind === "platform" ? site.slug : await slugForCustomHost(site.host);
  if (!slug) return { kind: "not-found" };
  return { kind: "tenant", host: site.host, slug, pathname: SHARED_PATHS.has(pathname) ? pathname : tenantPath(pathname, slug) };
}

/** A plain 404 for a host or path that is not ours: no page, no cookie, nothing cached. */
export function hostNotFound() {
  return plainResponse(404, "Not found\n");
}

function plainResponse(status: number, body: string) {
  return new Response(body, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" } });
}

export async function proxy(request: NextRequest) {
  const route = await routeHost(request.headers.get("host"), request.nextUrl.pathname);
  if (route.kind === "not-found") return hostNotFound();
  if (route.kind === "tenant") {
    if (!route.pathname) return hostNotFound();
    // A tenant host is a separate site: whatever cookies the browser sends for it are dropped
    // here, so nothing downstream can act on them, and its surfaces never set any.
    const headers = new Headers(request.headers);
    headers.delete("cookie");
    headers.delete("authorization");
    headers.set(SITE_HEADER, route.host);
    return NextResponse.rewrite(new URL(route.pathname + request.nextUrl.search, request.url), { request: { headers } });
  }
  if (request.method === "POST") {
    // A server-action call (or a form post) Next's decoder would fail on, and answer 500: a clear 4xx instead.
    const refusal = request.headers.has("next-action") ? await checkActionRequest(request) : await checkFormPost(request);
    if (refusal) return plainResponse(refusal.status, `${refusal.message}\n`);
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
