import "server-only";

import type { IncomingMessage, ServerResponse } from "node:http";
import { onHostEvents } from "@/modules/domains/server/host-lookup";
import { onPointerEvents } from "@/modules/publishing/server/pointer-cache";
import { isLocale, type Locale } from "@/lib/locales";
import { negotiateLocale } from "@/modules/publishing/render/i18n";
import { type RequestLanguage, type Surface } from "@/modules/publishing/server/artifacts";
import { encodedBody, PUBLISHED_CACHE, type Artifact, type Encoding } from "@/modules/publishing/server/public";
import { storedInLanguage, storedStillCurrent, type Stored, type StoredEncoding, type StoredHandle } from "@/modules/publishing/server/stored";
import { surfaceHeaders } from "@/modules/publishing/server/surfaces";
import { now } from "@/server/clock";
import { env } from "@/server/env";
import { classifyHost } from "@/server/hosts";
import { STATIC_SECURITY_HEADERS } from "@/server/security-headers";
import { sites } from "./routing";

/**
 * The edge's response cache: what the fast path answered for a Host header and a request target
 * (path and query, as sent), when the answer was a published artifact, kept as everything a
 * response needs, made once: the header list for each encoding and for a 304, and the bodies.
 * A hit is a Map lookup, an If-None-Match comparison and one writeHead(): no URL parsing, no
 * WHATWG Request or Response, no header objects per request.
 *
 * An answer made from a stored artifact is good exactly as long as that artifact is current in
 * stored.ts (checked on every hit: not replaced, inside its validity; one due its 30 s re-check
 * is sent as it is while the re-check runs, as stored.ts serves the entry meanwhile).
 * It used to expire after 5 s: with 10,000 tenants requested in turn, each visited every ~2 s,
 * half of all requests then took the long way (the bench's round-robin row, 0.50× of one tenant).
 * An answer the surface function rendered lasts TTL_MS. Either goes at once when the organisation
 * publishes (here or anywhere: the events of the live-publication cache), when any custom domain
 * changes, or when notifications may have been missed.
 */
/** `source`: the stored artifact it was made from (and its entry); the variant is good exactly as long as that is current. */
type Variant = { head: (string | number)[]; body: Buffer | Uint8Array; source?: { handle: StoredHandle; value: Stored } };
type Hot = { slug: string; etag: string; expires: number; bytes: number; variants: Partial<Record<StoredEncoding, Variant>>; notModified: (string | number)[] };
type State = { entries: Map<string, Hot>; bySlug: Map<string, Set<string>>; bytes: number; encodings: Map<string, Encoding | undefined>; hooked?: boolean };

const TTL_MS = 5_000;
/**
 * Bounded by entries and by bytes (EDGE_MEMORY_MB; mostly the same buffers the stored-artifact
 * cache holds): the oldest go first. A start makes two keys per page it holds (no Accept-Language
 * of ours, and the organisation's own language: prepareStoredAnswers()), ~40,000 at 10,000 tenants.
 */
const MAX_ENTRIES = 100_000;
const maxBytes = () => env().EDGE_MEMORY_MB * 1024 * 1024;
const holder = globalThis as unknown as { candorHot?: State };
const state: State = (holder.candorHot ??= { entries: new Map(), bySlug: new Map(), bytes: 0, encodings: new Map() });

function hook() {
  if (state.hooked) return;
  state.hooked = true;
  onPointerEvents({ forgotten: forgetSlug, reset: forgetAll });
  onHostEvents({ forgotten: forgetAll, reset: forgetAll });
}

function forgetSlug(slug: string) {
  for (const key of state.bySlug.get(slug) ?? []) remove(key);
  state.bySlug.delete(slug);
}

function remove(key: string) {
  const entry = state.entries.get(key);
  if (!entry) return;
  state.entries.delete(key);
  state.bytes -= entry.bytes;
  state.bySlug.get(entry.slug)?.delete(key);
}

/** Everything (a custom domain changed, or notifications may have been missed). */
export function forgetAll() {
  state.entries.clear();
  state.bySlug.clear();
  state.bytes = 0;
}

/** How many answers are held ready (for tests and the warm-up's own check). */
export function heldAnswers() {
  return state.entries.size;
}

/**
 * A kept answer is for a Host, a target and the language Accept-Language negotiates (ADR 038:
 * the page, changelog and verify page vary by it; a memoised lookup per header value).
 */
const keyOf = (req: IncomingMessage) => readyKey(req.headers.host ?? "", req.url ?? "/", negotiateLocale(req.headers["accept-language"]));
const readyKey = (host: string, target: string, locale: Locale | null) => `${host}\u0000${target}\u0000${locale ?? ""}`;

/** The languages a fast-path request asks for: by name, `?lang=xx` alone as its query; and by Accept-Language. */
export function requestedLanguage(req: IncomingMessage, search: string): RequestLanguage {
  const named = /^\?lang=([a-z]{2})$/.exec(search)?.[1];
  return { named: named && isLocale(named) ? named : null, negotiated: negotiateLocale(req.headers["accept-language"]) };
}

/** Answers from the cache, if it holds this request: true when the response was sent. */
export function serveHot(req: IncomingMessage, res: ServerResponse): boolean {
  const key = keyOf(req);
  const hot = state.entries.get(key);
  if (!hot) return false;
  if (now() >= hot.expires) {
    remove(key);
    return false;
  }
  const variant = hot.variants[preferredEncoding(req.headers["accept-encoding"]) ?? "identity"];
  if (!variant) return false; // another encoding was asked for: the caller fetches this one
  // Made from a stored artifact that was since replaced, dropped or is past its validity: the long
  // way (storedBytes) until the stored layer is current again. One due its re-check is still
  // current: storedStillCurrent starts the re-check and the answer is sent as it is.
  if (variant.source && !storedStillCurrent(variant.source.handle, variant.source.value)) return false;
  const match = req.headers["if-none-match"];
  if (match !== undefined && (match === hot.etag || etagMatches(match, hot.etag))) {
    res.writeHead(304, hot.notModified);
    res.end();
    return true;
  }
  res.writeHead(200, variant.head);
  res.end(req.method === "HEAD" ? undefined : variant.body);
  return true;
}

/** The same comparison as the surfaces' send(): any listed tag, weak or strong. */
function etagMatches(header: string, etag: string) {
  return header.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag);
}

/**
 * Keeps what was just sent for this request: `headers` are the response's own (the security
 * headers included), without Content-Length or Content-Encoding, which are added per variant.
 */
export function rememberHot(req: IncomingMessage, slug: string, item: Artifact, headers: Record<string, string>) {
  hook();
  const base = Object.entries(headers).flat();
  const variant = (body: Buffer | Uint8Array, encoding?: Encoding): Variant => ({
    head: [...base, "Content-Length", body.byteLength, ...(encoding ? ["Content-Encoding", encoding] : [])],
    body,
  });
  const variants = { identity: variant(item.body), br: variant(encodedBody(item, "br"), "br"), gzip: variant(encodedBody(item, "gzip"), "gzip") };
  store(keyOf(req), { slug, etag: item.etag, expires: Math.min(now() + TTL_MS, item.validUntil ?? Infinity), bytes: 0, variants, notModified: base });
}

/** `counted` false: another key's answer, whose bodies are counted there. */
function store(key: string, hot: Hot, counted = true) {
  const slug = hot.slug;
  hot.bytes = counted ? Object.values(hot.variants).reduce((sum, v) => sum + v.body.byteLength, 0) : 0;
  remove(key);
  state.entries.set(key, hot);
  state.bytes += hot.bytes;
  let keys = state.bySlug.get(slug);
  if (!keys) state.bySlug.set(slug, (keys = new Set()));
  keys.add(key);
  while ((state.entries.size > MAX_ENTRIES || state.bytes > maxBytes()) && state.entries.size > 1) remove(state.entries.keys().next().value!);
}

/**
 * Serves a public surface from its stored bytes in the encoding the client prefers (one query on
 * a miss, for those bytes only), with the headers the surface function would send, and keeps the
 * answer ready. false: nothing stored; the caller goes the long way (the surface function).
 */
export async function serveStored(req: IncomingMessage, res: ServerResponse, target: { slug: string; surface: Surface; host: string | null; language: RequestLanguage }): Promise<boolean> {
  const encoding: StoredEncoding = preferredEncoding(req.headers["accept-encoding"]) ?? "identity";
  const site = target.surface === "trust.json" ? "" : (target.host ?? "");
  const stored = await storedInLanguage(target.slug, site, target.surface, target.language, encoding);
  if (!stored) return false;
  const found = stored.value;
  hook();
  const { variant, notModified: base } = storedAnswer(target.surface, target.host, stored.handle, found, encoding);
  const key = keyOf(req);
  const kept = state.entries.get(key);
  const variants = kept?.etag === found.etag ? { ...kept.variants, [encoding]: variant } : { [encoding]: variant };
  // No timer: each hit asks whether its stored artifact is still current (see serveHot).
  store(key, { slug: target.slug, etag: found.etag, expires: found.validUntil ?? Infinity, bytes: 0, variants, notModified: base });
  const match = req.headers["if-none-match"];
  if (match !== undefined && (match === found.etag || etagMatches(match, found.etag))) {
    res.writeHead(304, base);
    res.end();
    return true;
  }
  res.writeHead(200, variant.head);
  res.end(req.method === "HEAD" ? undefined : variant.body);
  return true;
}

/**
 * Ready answers made ahead, at start, from the pages stored.ts loaded before the port opened
 * (`pages`: storedPages(), the page in brotli of each host variant): the answer each page's
 * first visitor would otherwise make (serveStored), for GET `/t/{slug}` on the app host (APP_URL's
 * host, as sent) and GET `/` on `{slug}.{PLATFORM_DOMAIN}`, under two keys: a browser naming no
 * language of ours, and one whose Accept-Language negotiates the organisation's own (the page's
 * recorded language; the same answer, renderingLocale()), which shares the first's answer and
 * counts no bytes. Each is made exactly as serveStored makes it, from the same stored value, so it
 * is good for exactly as long (storedStillCurrent on every hit). Custom domains are left to their
 * first visitor: only a lookup says which organisation a custom host is (routing.ts), and a
 * domain removed meanwhile must answer 404. Stops at three quarters of the bounds (as the load
 * does), so visitors' own answers still have room; the bodies counted are the very buffers
 * stored.ts holds, so what the answers add to memory is their header lists. At half, the bench's
 * 20,000 host pages (~12 KB of brotli each) stopped at ~16,000. Returns how many answers (keys)
 * were made.
 */
export function prepareStoredAnswers(pages: { slug: string; site: string; value: Stored; handle: StoredHandle }[]): number {
  hook();
  const appHost = new URL(env().APP_URL).host;
  const appServes = classifyHost(appHost, sites()).kind === "app";
  let made = 0;
  for (const { slug, site, value, handle } of pages) {
    if (state.entries.size >= (MAX_ENTRIES * 3) / 4 || state.bytes + value.bytes.byteLength > (maxBytes() * 3) / 4) break;
    let host: string;
    let target: string;
    if (site === "") {
      if (!appServes) continue;
      [host, target] = [appHost, `/t/${slug}`];
    } else {
      const kind = classifyHost(site, sites());
      if (kind.kind !== "platform" || kind.slug !== slug || kind.host !== site) continue;
      [host, target] = [site, "/"];
    }
    const key = readyKey(host, target, null);
    if (state.entries.has(key)) continue;
    const { variant, notModified } = storedAnswer("page", site || null, handle, value, "br");
    const answer: Hot = { slug, etag: value.etag, expires: value.validUntil ?? Infinity, bytes: 0, variants: { br: variant }, notModified };
    store(key, answer);
    const own = value.language && isLocale(value.language) ? readyKey(host, target, value.language) : null;
    made++;
    if (own && !state.entries.has(own)) {
      store(own, { ...answer }, false);
      made++;
    }
  }
  return made;
}

/**
 * A stored value's answer (its 200 variant, with the stored value it came from and its entry) and
 * its 304 header list: what every tenant's answer shares (the site-wide headers, the surface's
 * own, Content-Type, Cache-Control, Vary, Content-Encoding) is built once per kind of answer and
 * copied; only the ETag and Content-Length are the tenant's. The lists are in the same order as
 * the header object they were once built from per request (STATIC_SECURITY_HEADERS, Content-Type,
 * ETag, Cache-Control, Vary, the surface's own, then Content-Length and Content-Encoding); a
 * tenant's first visit used to build that object, spread it, parse APP_URL (surfaceHeaders) and
 * flatten it, for every tenant (ADR 025, "The first visit").
 */
function storedAnswer(surface: Surface, host: string | null, handle: StoredHandle, found: Stored, encoding: StoredEncoding): { variant: Variant; notModified: (string | number)[] } {
  const shape = shapeOf(surface, host, found.contentType, encoding);
  const head = shape.head.slice();
  head[shape.etagAt] = found.etag;
  head[shape.lengthAt] = found.bytes.byteLength;
  const notModified = shape.notModified.slice();
  notModified[shape.etagAt] = found.etag;
  return { variant: { head, body: found.bytes, source: { handle, value: found } }, notModified };
}

type Shape = { head: (string | number)[]; notModified: (string | number)[]; etagAt: number; lengthAt: number };
/** Per environment (HSTS follows APP_URL's scheme), per surface, host kind, content type and encoding. */
const shapes: { source?: ReturnType<typeof env>; byKind: Map<string, Shape> } = { byKind: new Map() };

function shapeOf(surface: Surface, host: string | null, contentType: string, encoding: StoredEncoding): Shape {
  const config = env();
  if (shapes.source !== config) {
    shapes.source = config;
    shapes.byKind.clear();
  }
  // surfaceHeaders() tells hosts apart only as the app host (null or "") or a tenant host.
  const kind = `${surface}\n${host ? 1 : 0}\n${encoding}\n${contentType}`;
  const known = shapes.byKind.get(kind);
  if (known) return known;
  const headers: Record<string, string> = {};
  for (const { key, value } of STATIC_SECURITY_HEADERS) headers[key] = value;
  Object.assign(headers, { "Content-Type": contentType, ETag: "", "Cache-Control": PUBLISHED_CACHE, Vary: "Accept-Encoding" }, surfaceHeaders(surface, host));
  const notModified: (string | number)[] = Object.entries(headers).flat();
  const shape = {
    head: [...notModified, "Content-Length", 0, ...(encoding === "identity" ? [] : ["Content-Encoding", encoding])],
    notModified,
    etagAt: notModified.indexOf("ETag") + 1,
    lengthAt: notModified.length + 1,
  };
  if (shapes.byKind.size > 1_000) shapes.byKind.clear();
  shapes.byKind.set(kind, shape);
  return shape;
}

/** brotli or gzip, whichever Accept-Encoding rates higher (brotli on a tie); none when neither is acceptable. Memoised per header value. */
export function preferredEncoding(header: string | undefined): Encoding | undefined {
  if (!header) return undefined;
  if (state.encodings.has(header)) return state.encodings.get(header);
  const chosen = rateEncodings(header);
  if (state.encodings.size > 1_000) state.encodings.clear();
  state.encodings.set(header, chosen);
  return chosen;
}

function rateEncodings(header: string): Encoding | undefined {
  const rated = new Map<string, number>();
  for (const part of header.split(",")) {
    const [name, ...params] = part.toLowerCase().split(";").map((p) => p.trim());
    const q = params.find((p) => p.replace(/\s/g, "").startsWith("q="));
    const quality = q ? Number(q.replace(/\s/g, "").slice(2)) : 1;
    if (name) rated.set(name, Number.isFinite(quality) ? quality : 0);
  }
  const rate = (name: Encoding) => rated.get(name) ?? (rated.has("*") ? rated.get("*")! : 0);
  const br = rate("br");
  const gzip = rate("gzip");
  if (br > 0 && br >= gzip) return "br";
  if (gzip > 0) return "gzip";
  return undefined;
}
