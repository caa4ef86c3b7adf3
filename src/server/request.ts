import "server-only";

import { env } from "./env";
import { AppError } from "./errors";

/**
 * The client's IP address as the nearest trusted hop saw it. Behind TRUST_PROXY_HOPS reverse
 * proxies (Caddy in the shipped topology: 1), the entry that many places from the right of
 * X-Forwarded-For; with none, the entry Next.js itself adds from the socket. A client can put
 * anything on the left of the header, so nothing left of the trusted hop is ever read.
 */
export function clientIp(headers: Headers): string {
  const forwarded = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);
  const hops = Math.max(1, env().TRUST_PROXY_HOPS);
  return forwarded[forwarded.length - hops] ?? forwarded[0] ?? "unknown";
}

export function userAgent(headers: Headers): string | null {
  return headers.get("user-agent")?.slice(0, 512) ?? null;
}

/**
 * Cross-site request check for form posts to route handlers (server actions have Next's own):
 * the browser's Origin (or, failing that, Referer) must be the app's origin.
 */
export function isSameOrigin(headers: Headers): boolean {
  const expected = new URL(env().APP_URL).origin;
  const origin = headers.get("origin");
  if (origin) return origin === expected;
  const referer = headers.get("referer");
  if (!referer) return false;
  try {
    return new URL(referer).origin === expected;
  } catch {
    return false;
  }
}

export function assertSameOrigin(headers: Headers) {
  if (!isSameOrigin(headers)) throw new AppError("forbidden", "Cross-site request refused.");
}
