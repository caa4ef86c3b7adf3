/**
 * Headers that never change per request, for every response: next.config.ts sends them on
 * whatever Next serves, and the public fast path (src/server/edge/fast-path.ts)
 * on what it serves itself. The Content-Security-Policy (with a per-request nonce) and HSTS are
 * set in src/proxy.ts; the public surfaces set their own, script-free CSP.
 */
export const STATIC_SECURITY_HEADERS: ReadonlyArray<{ key: string; value: string }> = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

/** For routes that serve a file (uploaded by a tenant), not a page: nothing in them may run. */
export const FILE_CSP = "default-src 'none'; frame-ancestors 'none'; sandbox";
