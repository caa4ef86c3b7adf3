import "server-only";

import { randomBytes } from "node:crypto";
import { isIP } from "node:net";
import { env } from "./env";
import { AppError } from "./errors";
import { isLoopbackAddress } from "./hosts";

/**
 * Who is asking, as the front server (src/server/front.ts, run by scripts/web.ts in production
 * and in development) established it from the socket and TRUST_PROXY_HOPS. It passes its findings
 * to the app in these headers, after removing any copy the client sent, and proves they are its
 * own with a secret that exists only in this process. The app reads the client's address and
 * scheme from here and nowhere else (ADR 006): never from X-Forwarded-For or X-Forwarded-Proto.
 */
export const FRONT_HEADERS = { secret: "x-candor-front", ip: "x-candor-client-ip", proto: "x-candor-proto", direct: "x-candor-direct" } as const;

const SECRET_KEY = Symbol.for("candor.front-secret");
type FrontGlobal = { [SECRET_KEY]?: string };

/** The secret the front stamps on each request; created once per process by the front itself. */
export function frontSecret(create = false): string | undefined {
  const global = globalThis as FrontGlobal;
  if (create) global[SECRET_KEY] ??= randomBytes(16).toString("hex");
  return global[SECRET_KEY];
}

/** Whether these headers were set by this process's front server (not sent by a client). */
function fromFront(headers: Headers): boolean {
  const secret = frontSecret();
  return secret !== undefined && headers.get(FRONT_HEADERS.secret) === secret;
}

/**
 * The client's IP address, or null when it is unknown (no front server in this process, or an
 * address that is not one). Only ever a valid IPv4 or IPv6 address: this string is stored in
 * audit events and sessions and shown back to people.
 */
export function clientIp(headers: Headers): string | null {
  return fromFront(headers) ? normalizeIp(headers.get(FRONT_HEADERS.ip)) : null;
}

/** The key a per-IP rate limit counts under: clients whose address is unknown share one. */
export function rateLimitSubject(ip: string | null): string {
  return ip ?? "unknown";
}

/** Whether the visitor reached us over https (as our own trusted proxies said; never the client). */
export function isHttpsRequest(headers: Headers): boolean {
  return fromFront(headers) && headers.get(FRONT_HEADERS.proto) === "https";
}

/**
 * Whether the request came straight from a program on this machine: a loopback socket peer, no
 * proxy in between. Only such a caller may read the development mailbox.
 */
export function isDirectLoopbackRequest(headers: Headers): boolean {
  return fromFront(headers) && headers.get(FRONT_HEADERS.direct) === "1" && isLoopbackAddress(clientIp(headers) ?? undefined);
}

/**
 * An IP address in canonical text, or null for anything else (a host name, a port, HTML, a
 * spreadsheet formula…). IPv4-mapped IPv6 (::ffff:192.0.2.1, how Node reports IPv4 peers on a
 * dual-stack socket) becomes the IPv4 address; IPv6 is lower-cased, brackets and zone removed.
 */
export function normalizeIp(value: string | null | undefined): string | null {
  if (!value) return null;
  let address = value.trim();
  if (address.startsWith("[") && address.endsWith("]")) address = address.slice(1, -1);
  address = address.split("%")[0]!.toLowerCase();
  if (address.startsWith("::ffff:") && isIP(address.slice(7)) === 4) address = address.slice(7);
  return isIP(address) === 0 ? null : address;
}

/**
 * The client's address from the socket peer and X-Forwarded-For, trusting exactly `hops`
 * reverse proxies. Each proxy appends the address it received the request from, so the
 * right-most entries are the trusted ones; whatever the client wrote stands to their left and
 * is never read. With no proxy (hops 0) the header is ignored: the socket peer is the client.
 * With fewer entries than proxies (a request that skipped the outer ones), the left-most there is.
 */
export function resolveClientIp(input: { socket: string | undefined; forwardedFor: string | string[] | undefined; hops: number }): string | null {
  if (input.hops <= 0) return normalizeIp(input.socket);
  const forwarded = [input.forwardedFor ?? []]
    .flat()
    .flatMap((header) => header.split(","))
    .map((entry) => entry.trim())
    .filter(Boolean);
  // The socket peer is the nearest proxy; the entry `hops` places to its left is the client.
  const chain = [...forwarded, input.socket ?? ""];
  return normalizeIp(chain[Math.max(0, chain.length - 1 - input.hops)]);
}

/**
 * The scheme the visitor used. With no proxy, the socket's own (this server speaks plain http);
 * behind proxies, the value the nearest one set (right-most, if several were appended).
 */
export function resolveProto(input: { encrypted: boolean; forwardedProto: string | string[] | undefined; hops: number }): "http" | "https" {
  if (input.hops <= 0) return input.encrypted ? "https" : "http";
  const nearest = [input.forwardedProto ?? []].flat().join(",").split(",").pop()?.trim().toLowerCase();
  if (nearest === "https" || nearest === "http") return nearest;
  return input.encrypted ? "https" : "http";
}

export function userAgent(headers: Headers): string | null {
  return headers.get("user-agent")?.slice(0, 512) ?? null;
}

/**
 * Cross-site request check for form posts to route handlers (server actions have Next's own):
 * the browser's Origin (or, failing that, Referer) must be the app's origin, or `expected` (a
 * tenant host's own origin, for the prospect's forms there).
 */
export function isSameOrigin(headers: Headers, expected = new URL(env().APP_URL).origin): boolean {
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

export function assertSameOrigin(headers: Headers, expected?: string) {
  if (!isSameOrigin(headers, expected)) throw new AppError("forbidden", "Cross-site request refused.");
}
