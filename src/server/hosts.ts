import { isIP } from "node:net";
import { domainToASCII } from "node:url";

/**
 * Host names, as the routing (src/proxy.ts), the TLS ask endpoint and custom domains see them.
 * Pure functions: no I/O, no environment.
 */

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const LOOPBACK_NAMES = new Set(["localhost", "127.0.0.1", "::1"]);

/**
 * A Host header (or a name someone typed) as one canonical ASCII host name, or null when it is
 * not a host name we could serve: lower-cased first, port and a trailing dot removed, IDN
 * converted to punycode (UTS #46), IP literals and malformed names refused.
 */
export function normalizeHost(raw: string | null | undefined): string | null {
  if (typeof raw !== "string") return null;
  let host = raw.trim().toLowerCase();
  if (!host || host.length > 300) return null;
  if (host.startsWith("[")) return null; // an IPv6 literal, with or without a port
  const colon = host.indexOf(":");
  if (colon !== -1) {
    if (host.indexOf(":", colon + 1) !== -1) return null; // a bare IPv6 literal
    if (!/^\d{1,5}$/.test(host.slice(colon + 1))) return null;
    host = host.slice(0, colon);
  }
  if (host.endsWith(".")) host = host.slice(0, -1);
  if (!host || host.includes("..")) return null;
  if (isIP(host)) return null;
  // Only after the IP check: domainToASCII would turn "127.1" into "127.0.0.1".
  const ascii = /^[\x21-\x7e]+$/.test(host) ? host : domainToASCII(host);
  if (!ascii || ascii.length > 253 || isIP(ascii)) return null;
  const labels = ascii.split(".");
  if (!labels.every((label) => LABEL.test(label))) return null;
  // A final label of digits (or hex, as in 0x7f.1) is an IPv4 address in disguise, never a TLD.
  if (/^(\d+|0x[0-9a-f]*)$/.test(labels.at(-1)!)) return null;
  return ascii;
}

/** The host part of a Host header, lower-cased, port removed, for loopback checks only. */
function bareHost(raw: string) {
  const host = raw.trim().toLowerCase();
  if (host.startsWith("[")) return host.slice(1, host.indexOf("]") === -1 ? undefined : host.indexOf("]"));
  return host.split(":")[0]!.replace(/\.$/, "");
}

export type HostKind =
  | { kind: "app" }
  | { kind: "platform"; host: string; slug: string }
  | { kind: "custom"; host: string }
  | { kind: "unknown" };

/**
 * Which site a request is for. The app host (APP_URL's host, and loopback names, which only a
 * process on the machine itself uses: health checks, Caddy's ask) serves the dashboard, auth
 * and API; `{slug}.{platformDomain}` and custom domains serve one tenant's trust center.
 */
export function classifyHost(raw: string | null | undefined, sites: { appHost: string; platformDomain: string }): HostKind {
  if (typeof raw === "string") {
    const bare = bareHost(raw);
    if (bare === sites.appHost || LOOPBACK_NAMES.has(bare)) return { kind: "app" };
  }
  const host = normalizeHost(raw);
  if (!host) return { kind: "unknown" };
  if (host === sites.appHost) return { kind: "app" };
  if (host === sites.platformDomain) return { kind: "unknown" };
  const suffix = `.${sites.platformDomain}`;
  if (host.endsWith(suffix)) {
    const slug = host.slice(0, -suffix.length);
    return SLUG.test(slug) ? { kind: "platform", host, slug } : { kind: "unknown" };
  }
  return { kind: "custom", host };
}

/** An organisation's slug (src/modules/organizations/schema.ts allows the same shape). */
export const SLUG = /^[a-z0-9](?:[a-z0-9-]{1,38})[a-z0-9]$/;

/**
 * The public path a tenant host's path stands for, under /t/{slug}; null for anything a tenant
 * host does not serve (the dashboard, auth, the API, another tenant's pages).
 */
export function tenantPath(pathname: string, slug: string): string | null {
  if (pathname === "/") return `/t/${slug}`;
  if (/^\/(trust\.json|\.well-known\/security\.txt|changelog|feed\.xml|verify)$/.test(pathname)) return `/t/${slug}${pathname}`;
  // The read-only MCP server over the live publication (ADR 036).
  if (pathname === "/mcp") return `/t/${slug}/mcp`;
  // The prospect's access pages (request, verify, access link, new link, NDA, sign-out, the NDA certificate, the grantee's downloads).
  if (/^\/access(\/(verify|open|new-link|nda|sign-out|certificate|downloads))?$/.test(pathname)) return `/t/${slug}${pathname}`;
  // The subscriber's pages (ADR 030): subscribe, confirm, manage, unsubscribe (RFC 8058 one-click).
  if (/^\/(subscribe(\/(confirm|manage))?|unsubscribe)$/.test(pathname)) return `/t/${slug}${pathname}`;
  // Objections to upcoming subprocessor changes (ADR 031).
  if (/^\/subprocessors\/object(\/verify)?$/.test(pathname)) return `/t/${slug}${pathname}`;
  // A grantee's NDA document (watermarked, logged).
  if (/^\/access\/documents\/[0-9a-f-]{36}$/.test(pathname)) return `/t/${slug}${pathname}`;
  if (/^\/assets\/[0-9a-f]{64}$/.test(pathname) || /^\/documents\/[0-9a-f-]{36}\/\d{1,6}$/.test(pathname)) return `/t/${slug}${pathname}`;
  return null;
}

/** Paths the app serves identically on every host: harmless, static, cookie-free. */
export const SHARED_PATHS = new Set(["/robots.txt", "/icon.svg", "/schemas/trust-v1.json", "/verify-candor.mjs"]);

/** A tenant host's origin: the app's scheme and port (Caddy, or `next dev` on :3000, serves both). */
export function tenantOrigin(host: string, appUrl: string): string {
  const app = new URL(appUrl);
  return `${app.protocol}//${host}${app.port ? `:${app.port}` : ""}`;
}

/**
 * The origin of a host recorded with a link (a subscription's, an access request's): the app's
 * scheme, and the app's port unless the recorded host already names one (development records
 * `demo.localhost:3000`); tenantOrigin() alone would give `…:3000:3000`.
 */
export function recordedHostOrigin(host: string, appUrl: string): string {
  return /:\d{1,5}$/.test(host) ? `${new URL(appUrl).protocol}//${host}` : tenantOrigin(host, appUrl);
}

/** Whether a socket's remote address is this machine (IPv4 127/8, ::1, or v4-mapped 127/8). */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith("::ffff:") ? address.slice(7) : address;
  if (isIP(v4) === 4) return v4.startsWith("127.");
  return address === "::1";
}

/**
 * Set on requests rewritten from a tenant host (src/proxy.ts): which host the visitor asked
 * for. The proxy drops any value a client sent, so the public surfaces can trust it.
 */
export const SITE_HEADER = "x-candor-site";
