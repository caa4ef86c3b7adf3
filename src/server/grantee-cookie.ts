/**
 * The grantee session cookie (ADR 029): a prospect's host-only session on a tenant host. Named
 * here, below the edge and the modules, because three layers must agree on it: the access routes
 * set and read it, Next's proxy lets it (and only it) through to a tenant host's routes, and the
 * fast path (src/server/edge/fast-path.ts) declines any request that carries it, so a grantee's
 * response is never served from, or stored in, a shared cache. deploy/caddy/site.caddy matches
 * the same two names.
 */
export const GRANTEE_COOKIE = { https: "__Host-candor-grantee", http: "candor-grantee" } as const;

const ANY_GRANTEE_COOKIE = /(?:^|;)\s*(?:__Host-)?candor-grantee=/;

/** Whether a Cookie header carries a grantee cookie under either name (the edge declines such requests). */
export function hasGranteeCookie(header: string | string[] | null | undefined): boolean {
  if (!header) return false;
  return ANY_GRANTEE_COOKIE.test(Array.isArray(header) ? header.join("; ") : header);
}

/** A Cookie header reduced to the grantee cookies: everything else a browser sends a tenant host is dropped. */
export function onlyGranteeCookies(header: string | null | undefined): string | null {
  if (!header) return null;
  const kept = header
    .split(";")
    .map((part) => part.trim())
    .filter((part) => part.startsWith(`${GRANTEE_COOKIE.https}=`) || part.startsWith(`${GRANTEE_COOKIE.http}=`));
  return kept.length ? kept.join("; ") : null;
}

/** The value of the cookie named `name` in a Cookie header (the first one), or undefined. */
export function cookieValue(header: string | null | undefined, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const index = part.indexOf("=");
    if (index !== -1 && part.slice(0, index).trim() === name) return part.slice(index + 1).trim();
  }
  return undefined;
}
