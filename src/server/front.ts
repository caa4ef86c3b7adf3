import "server-only";

import type { IncomingMessage, ServerResponse } from "node:http";
import { env } from "./env";
import { isLoopbackAddress } from "./hosts";
import { hasControlChars } from "./query-params";
import { FRONT_HEADERS, frontSecret, resolveClientIp, resolveProto } from "./request";

/**
 * The first thing the Node server (scripts/web.ts) does with every request, before the public
 * fast path and Next.js see it. Only here is the socket known, so only here can the client's
 * address and scheme be established (ADR 006):
 *
 * - from the socket peer, and from X-Forwarded-For / X-Forwarded-Proto only as far as
 *   TRUST_PROXY_HOPS reverse proxies vouch for them;
 * - validated (an IP address or nothing), and handed to the app in the FRONT_HEADERS, stamped
 *   with this process's secret, after any copy the client sent is removed;
 * - the X-Forwarded-* values Next.js itself reads (it derives the request URL, the scheme and
 *   server actions' origin check from them, and fills them from the socket only when they are
 *   absent) are replaced with the trusted ones. A header that was present stays present, so
 *   the TLS ask endpoint can still tell a forwarded request from a direct one.
 */
const FORWARDING = ["x-forwarded-for", "forwarded", "x-forwarded-host", "x-real-ip"] as const;

export type FrontFacts = { ip: string | null; proto: "http" | "https"; direct: boolean };

export function prepareRequest(req: IncomingMessage, hops = env().TRUST_PROXY_HOPS): FrontFacts {
  const headers = req.headers;
  const direct = FORWARDING.every((name) => headers[name] === undefined);
  const ip = resolveClientIp({ socket: req.socket.remoteAddress, forwardedFor: headers["x-forwarded-for"], hops });
  const encrypted = "encrypted" in req.socket && req.socket.encrypted === true;
  const proto = resolveProto({ encrypted, forwardedProto: headers["x-forwarded-proto"], hops });

  for (const name of Object.values(FRONT_HEADERS)) delete headers[name];
  headers[FRONT_HEADERS.secret] = frontSecret(true);
  if (ip) headers[FRONT_HEADERS.ip] = ip;
  headers[FRONT_HEADERS.proto] = proto;
  if (direct) headers[FRONT_HEADERS.direct] = "1";

  if (headers["x-forwarded-for"] !== undefined) headers["x-forwarded-for"] = ip ?? "unknown";
  if (headers["x-forwarded-proto"] !== undefined) headers["x-forwarded-proto"] = proto;
  if (hops <= 0) {
    // No proxy: a client-sent X-Forwarded-Host would become Next's idea of the request's host.
    if (headers["x-forwarded-host"] !== undefined) headers["x-forwarded-host"] = headers.host ?? "";
    delete headers["x-forwarded-port"];
  }
  return { ip, proto, direct };
}

/**
 * Requests the front answers itself:
 * - a URL that is not text (a %-escaped control character such as %00, or bytes that are not
 *   UTF-8) is refused with 400 for every route at once, before any of them parses it;
 * - the development mailbox (every sign-in link and invitation token) is for a program on this
 *   machine only: anything else gets a plain 404 here, before Next, and the pages check again
 *   (src/modules/email/server/mailbox.ts).
 */
export function answeredByFront(req: IncomingMessage, res: ServerResponse, facts: FrontFacts): boolean {
  const target = req.url ?? "/";
  if (malformedTarget(target)) {
    const detail = "Bad request: the address contains control characters or bytes that are not UTF-8 text.";
    // The REST API answers every error as RFC 9457 problem details, this one included (ADR 035).
    return API_PATH.test(target) ? problem(res, 400, detail) : plain(res, 400, `${detail}\n`);
  }
  const path = target.split("?")[0]!.toLowerCase();
  if (/^\/+dev(\/|%2f)+mailbox/.test(path) && !(facts.direct && isLoopbackAddress(facts.ip ?? undefined))) return plain(res, 404, "Not found\n");
  return false;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Whether a request target, %-escapes decoded, holds a control character or is not UTF-8. */
export function malformedTarget(target: string): boolean {
  const bytes = Buffer.from(target.replace(/%([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), "latin1");
  try {
    return hasControlChars(utf8.decode(bytes));
  } catch {
    return true;
  }
}

const API_PATH = /^\/api\/v1(\/|\?|$)/i;

/** application/problem+json, in the shape of src/server/api/problem.ts (the front imports no API code). */
function problem(res: ServerResponse, status: number, detail: string): true {
  const body = JSON.stringify({ type: "urn:candor:problem:bad-request", title: "Bad request", status, detail, code: "bad_request" });
  res.writeHead(status, { "Content-Type": "application/problem+json", "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" });
  res.end(body);
  return true;
}

function plain(res: ServerResponse, status: number, body: string): true {
  res.writeHead(status, { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" });
  res.end(body);
  return true;
}
