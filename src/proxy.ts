import { NextResponse, type NextRequest } from "next/server";

/**
 * Runs before every request. It routes and sets headers; it never authorizes anything
 * (authorization happens in the gate, src/server/gate.ts, next to the data it protects).
 *
 * - A fresh CSP nonce per request; Next.js applies it to its own inline scripts.
 * - HSTS when the request arrived over https.
 */
/** Routes that serve a file (uploaded by a tenant), not a page: nothing in them may run. */
const FILE_ROUTES = [/^\/dashboard\/[^/]+\/documents\/[^/]+\/versions\/[^/]+$/, /^\/dashboard\/[^/]+\/publish\/preview\/logo$/];
export const FILE_CSP = "default-src 'none'; frame-ancestors 'none'; sandbox";

export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const https = request.nextUrl.protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";
  const file = FILE_ROUTES.some((route) => route.test(request.nextUrl.pathname));
  const csp = file ? FILE_CSP : contentSecurityPolicy(nonce, { https, development: process.env.NODE_ENV === "development" });

  const requestHeaders = new Headers(request.headers);
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
    // Everything but static build output, the favicon, and the public trust centers under /t/:
    // those set their own (stricter, script-free) headers, and skip this step for speed.
    { source: "/((?!_next/static|_next/image|favicon.ico|t/).*)" },
  ],
};
