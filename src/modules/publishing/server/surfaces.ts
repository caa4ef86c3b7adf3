import "server-only";

import { createHash } from "node:crypto";
import { attachmentDisposition } from "@/modules/documents/server/download";
import { fileStore } from "@/modules/documents/server/storage";
import { withPublicTenant } from "@/server/db/tenant";
import { now } from "@/server/clock";
import { env } from "@/server/env";
import { SITE_HEADER, SLUG } from "@/server/hosts";
import { log } from "@/server/log";
import { FILE_CSP } from "@/server/security-headers";
import { MAX_INT4, publicationSeq } from "@/server/query-params";
import { renderNotFound, renderUnpublished } from "../render/page";
import { renderChangelog, renderFeed, renderSecurityTxt, renderVerify } from "../render/surfaces";
import { negotiateLocale, translator } from "../render/i18n";
import { isoDay, pageValidity } from "../validity";
import { isLocale, type Locale } from "@/lib/locales";

/** The chrome of a page rendered in the request (not found, offline, nothing yet): the request's language, else English (ADR 038). */
const chrome = (locale: Locale | null = null) => ({ locale: locale ?? "en", t: translator(locale ?? "en") });
import { askedLocale, CONTENT_TYPES, defaultLocaleOf, LOCALIZED, renderingLocale, renderSurface, siteUrls, type RequestLanguage, type Surface } from "./artifacts";
import { artifact, cachedArtifact, latestPublication, organizationExists, organizationLanguage, PUBLISHED_CACHE, publicationBySeq, publicationChain, publishedAsset, REVALIDATE, send, type Artifact, type Published } from "./public";
import { storedArtifact } from "./stored";

/**
 * The public surfaces, one function each, all rendered from publications (never from draft
 * tables). Route handlers under src/app/t/[slug] only call these, and so does the public fast
 * path (src/server/edge/fast-path.ts) through publicRoute(). Each serves the stored artifact
 * (stored.ts, rendered when the publication was made) when there is one; otherwise it renders
 * with the same renderer (artifacts.ts) and keeps the result in memory.
 */
const HTML = "text/html; charset=utf-8";

/**
 * No script may run on a public surface; styles are inline; images are our own. connect-src
 * 'self' grants nothing to a page without scripts; it lets audit tools (Lighthouse's robots.txt
 * check) fetch from the page's own origin.
 */
export const PUBLIC_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/**
 * HSTS: two years with subdomains under our own names; on a tenant host one year without
 * includeSubDomains, since a custom domain may be a customer's apex, whose other hosts are not
 * ours to force onto HTTPS (the same choice as deploy/caddy/site.caddy).
 */
function securityHeaders(host: string | null = null): Record<string, string> {
  const headers: Record<string, string> = { "Content-Security-Policy": PUBLIC_CSP, "X-Frame-Options": "DENY" };
  if (new URL(env().APP_URL).protocol === "https:") headers["Strict-Transport-Security"] = host ? "max-age=31536000" : "max-age=63072000; includeSubDomains";
  return headers;
}

/** Where a tenant's surfaces live for this request (artifacts.ts siteUrls()), and which host variant it is. */
const urls = (slug: string, host?: string | null) => ({ ...siteUrls(slug, host ?? ""), site: host ?? "" });

/**
 * The headers a surface sends beyond send()'s own (Content-Type, ETag, Cache-Control, Vary): the
 * edge sends stored bytes with exactly these (src/server/edge/hot.ts).
 */
export function surfaceHeaders(surface: Surface, host: string | null): Record<string, string> {
  if (surface === "trust.json" || surface === "security.txt") return { ...securityHeaders(host), "Access-Control-Allow-Origin": "*" };
  // The page's address also serves a signed-in grantee their own page (ADR 029): a browser's
  // copy of the anonymous page must not answer once the grantee cookie is there, nor after it is gone.
  // The page, changelog and verify page are in the visitor's language (ADR 038).
  if (surface === "page") return { ...securityHeaders(host), Vary: "Accept-Encoding, Accept-Language, Cookie" };
  if (LOCALIZED.has(surface)) return { ...securityHeaders(host), Vary: "Accept-Encoding, Accept-Language" };
  return securityHeaders(host);
}

/** The languages a request asks for (ADR 038): `?lang=de` by name (the hreflang links), and the best of Accept-Language among ours. */
export function requestLanguage(request: Request): RequestLanguage {
  const named = new URL(request.url).searchParams.get("lang");
  return { named: named !== null && isLocale(named) ? named : null, negotiated: negotiateLocale(request.headers.get("accept-language")) };
}

/** The language a request asks for, by name or else by Accept-Language; null: none of ours, the organisation's default answers. */
export function languageOf(request: Request): Locale | null {
  return askedLocale(requestLanguage(request));
}

const NO_LANGUAGE: RequestLanguage = { named: null, negotiated: null };

/** The stored artifact for this request (in its language: renderingLocale()), if the slug is well-formed and one is stored. */
async function stored(slug: string, host: string | null, surface: Surface, language: RequestLanguage = NO_LANGUAGE) {
  return SLUG.test(slug) ? storedArtifact(slug, surface === "trust.json" ? "" : (host ?? ""), surface, language) : null;
}

/** A rendering kept in memory (public.ts artifact()), made with the stored artifacts' renderer. */
function rendered(key: string, input: Parameters<typeof renderSurface>[0]): Artifact | null {
  return artifact(key, () => renderSurface(input));
}

/**
 * The answer when a surface cannot be made (ADR 034): the database is unreachable and nothing
 * known serves the request, which includes a slug never looked up, since an unknown tenant cannot
 * be told from one not loaded yet. Every public surface, on every host, answers this same 503:
 * Retry-After so clients come back, no-store so no cache keeps it. The fast path sends it too.
 */
export function surfaceUnavailable() {
  return new Response("This trust center is temporarily unavailable. Please try again in a moment.\n", {
    status: 503,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Retry-After": "5", "Cache-Control": "no-store", ...securityHeaders() },
  });
}

function orUnavailable<A extends unknown[]>(surface: (...args: A) => Promise<Response>) {
  return async (...args: A): Promise<Response> => {
    try {
      return await surface(...args);
    } catch (error) {
      log.error({ err: error, surface: surface.name }, "public surface failed");
      return surfaceUnavailable();
    }
  };
}

/** The tenant host a request was routed from (set by src/proxy.ts, which drops any client value). */
export function siteOf(request: Request): string | null {
  return request.headers.get(SITE_HEADER);
}

/** These pages are rendered in the request, in its language (ADR 038): a cache must keep one per language. */
const BY_LANGUAGE = { Vary: "Accept-Language" };

/** "Nothing here", in the language the request names, else English (there is no organisation to ask). */
function notFound(locale: Locale | null = null) {
  return new Response(renderNotFound(chrome(locale)), { status: 404, headers: { "Content-Type": HTML, "Cache-Control": REVALIDATE, ...BY_LANGUAGE, ...securityHeaders() } });
}

/**
 * The live publication for a page, or the response to send instead (404, not published, offline),
 * in the request's language, else the organisation's default, else English.
 */
async function live(slug: string, host?: string | null, locale: Locale | null = null): Promise<Published | Response> {
  if (!SLUG.test(slug)) return notFound(locale);
  const latest = await latestPublication(slug);
  if (latest?.kind === "PUBLISH" && latest.document.view) return latest;
  const language = await organizationLanguage(slug);
  if (!language) return notFound(locale);
  const body = renderUnpublished({ name: null, offline: latest?.kind === "UNPUBLISH", base: urls(slug, host).base, ...chrome(locale ?? language) });
  return new Response(body, { status: latest ? 410 : 404, headers: { "Content-Type": HTML, "Cache-Control": REVALIDATE, ...BY_LANGUAGE, ...securityHeaders(host) } });
}

export const trustPage = orUnavailable(async function trustPage(request: Request, slug: string, host: string | null = siteOf(request)) {
  const language = requestLanguage(request);
  const hit = await stored(slug, host, "page", language);
  if (hit) return send(request, hit, surfaceHeaders("page", host));
  const publication = await live(slug, host, askedLocale(language));
  if (publication instanceof Response) return publication;
  const { site } = urls(slug, host);
  const locale = renderingLocale(language, defaultLocaleOf([publication]));
  // Expiry of certifications and review freshness are judged by the day: one rendering per span between boundaries.
  const at = now();
  const { validFrom } = pageValidity(publication.document.view!, publication.publishedAt, at);
  const item = rendered(`${publication.hash}:page:${isoDay(validFrom)}:${site}:${locale ?? ""}`, { surface: "page", publication, slug, site, at, locale })!;
  return send(request, item, surfaceHeaders("page", host));
});

export const trustDocument = orUnavailable(async function trustDocument(request: Request, slug: string, seqParam: string | null, host: string | null = siteOf(request)) {
  if (!SLUG.test(slug)) return notFound();
  let publication: Published | null;
  if (seqParam !== null) {
    const seq = publicationSeq.safeParse(seqParam);
    if (!seq.success) return Response.json({ error: "bad_request", message: `seq must be a publication number (1, 2, …, at most ${MAX_INT4}).` }, { status: 400 });
    publication = await publicationBySeq(slug, seq.data);
  } else {
    const hit = await stored(slug, host, "trust.json");
    if (hit) return send(request, hit, surfaceHeaders("trust.json", host));
    publication = await latestPublication(slug);
  }
  if (!publication) return Response.json({ error: "not_found", message: "No such publication." }, { status: 404, headers: securityHeaders(host) });
  const item = rendered(`${publication.hash}:json`, { surface: "trust.json", publication, slug, site: "", at: now() })!;
  return send(request, item, { ...securityHeaders(host), "Access-Control-Allow-Origin": "*" });
});

export const securityTxt = orUnavailable(async function securityTxt(request: Request, slug: string, host: string | null = siteOf(request)) {
  const hit = await stored(slug, host, "security.txt");
  if (hit) return send(request, hit, surfaceHeaders("security.txt", host));
  const publication = await live(slug, host);
  if (publication instanceof Response) return new Response("No security.txt: this trust center has no current publication.\n", { status: publication.status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const { page, site } = urls(slug, host);
  const at = now();
  const body = renderSecurityTxt(publication.document.view!, { canonicalUrl: `${page}/.well-known/security.txt`, policyUrl: `${page}#disclosure`, now: new Date(at) });
  if (!body) {
    return new Response("No security.txt: the disclosure policy has no contact or no valid expiry date (RFC 9116 requires both).\n", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8", ...securityHeaders(host) } });
  }
  const item = rendered(`${publication.hash}:security.txt:${site}`, { surface: "security.txt", publication, slug, site, at })!;
  return send(request, item, { ...securityHeaders(host), "Access-Control-Allow-Origin": "*" });
});

/**
 * A surface made from the whole chain (changelog, feed): looked up by the latest publication's
 * hash first, so the chain is read only when that rendering is not cached yet.
 */
async function fromChain(slug: string, surface: string, render: (chain: Published[]) => Artifact): Promise<Artifact | null> {
  // `surface` names the rendering, including the host it is for.
  if (!SLUG.test(slug)) return null;
  const latest = await latestPublication(slug);
  if (!latest && !(await organizationExists(slug))) return null;
  const key = `${latest?.hash ?? `none:${slug}`}:${surface}`;
  const hit = cachedArtifact(key);
  if (hit) return hit;
  // Up to the publication the cached pointer names: one published a moment ago waits for its key.
  const chain = latest ? (await publicationChain(slug)).filter((p) => p.seq <= latest.seq) : [];
  return render(chain);
}

export const changelog = orUnavailable(async function changelog(request: Request, slug: string, host: string | null = siteOf(request)) {
  return chainSurface(request, slug, host, "changelog", (name, base) => renderChangelog({ name, base, chain: [], ...chrome(languageOf(request)) }));
});

export const feed = orUnavailable(async function feed(request: Request, slug: string, host: string | null = siteOf(request)) {
  const { page } = urls(slug, host);
  return chainSurface(request, slug, host, "feed.xml", (name) => renderFeed({ name, orgId: null, pageUrl: page, feedUrl: `${page}/feed.xml`, chain: [], ...chrome() }));
});

/** The changelog or the feed: stored, or rendered from the chain; with no publication yet, an empty one. */
async function chainSurface(request: Request, slug: string, host: string | null, surface: "changelog" | "feed.xml", empty: (name: string, base: string) => string) {
  const language = LOCALIZED.has(surface) ? requestLanguage(request) : NO_LANGUAGE;
  const hit = await stored(slug, host, surface, language);
  if (hit) return send(request, hit, surfaceHeaders(surface, host));
  const { base, site } = urls(slug, host);
  const asked = askedLocale(language);
  const item = await fromChain(slug, `${surface}:${site}:${asked ?? ""}`, (chain) => {
    const publication = chain.at(-1);
    const locale = publication ? renderingLocale(language, defaultLocaleOf(chain)) : asked;
    if (publication) return rendered(`${publication.hash}:${surface}:${site}:${locale ?? ""}`, { surface, publication, chain, slug, site, at: now(), locale })!;
    return artifact(`none:${slug}:${surface}:${site}:${locale ?? ""}`, () => ({ etag: `"none:${slug}.${surface === "changelog" ? "changelog" : "feed"}${locale ? `.${locale}` : ""}"`, contentType: CONTENT_TYPES[surface], body: empty(slug, base), validUntil: null }))!;
  });
  return item ? send(request, item, surfaceHeaders(surface, host)) : notFound(languageOf(request));
}

export const verifyPage = orUnavailable(async function verifyPage(request: Request, slug: string, host: string | null = siteOf(request)) {
  const language = requestLanguage(request);
  const hit = await stored(slug, host, "verify", language);
  if (hit) return send(request, hit, surfaceHeaders("verify", host));
  const locale = askedLocale(language);
  if (!SLUG.test(slug)) return notFound(locale);
  const latest = await latestPublication(slug);
  if (!latest && !(await organizationExists(slug))) return notFound(locale);
  const { base, origin, site } = urls(slug, host);
  if (latest) {
    const own = renderingLocale(language, defaultLocaleOf([latest]));
    return send(request, rendered(`${latest.hash}:verify:${site}:${own ?? ""}`, { surface: "verify", publication: latest, slug, site, at: now(), locale: own })!, surfaceHeaders("verify", host));
  }
  const item = artifact(`none:${slug}:verify:${site}:${locale ?? ""}`, () => ({ etag: `"none:${slug}.verify${locale ? `.${locale}` : ""}"`, contentType: HTML, body: renderVerify({ name: slug, base, origin, latestSeq: null, ...chrome(locale) }), validUntil: null }))!;
  return send(request, item, securityHeaders(host));
});

export async function asset(request: Request, slug: string, hash: string) {
  if (!SLUG.test(slug) || !/^[0-9a-f]{64}$/.test(hash)) return notFound(languageOf(request));
  const found = await publishedAsset(slug, hash);
  if (!found) return notFound(languageOf(request));
  return new Response(new Uint8Array(found.bytes), {
    // Content-addressed and not secret (a logo): cacheable for ever.
    headers: { "Content-Type": found.mimeType, "Cache-Control": "public, max-age=31536000, immutable", "Content-Security-Policy": FILE_CSP, "X-Content-Type-Options": "nosniff", ETag: `"${hash}"` },
  });
}

/** A public document's file, only if the live publication lists it as public; bytes checked against its hash. */
export async function publicDocument(slug: string, documentId: string, numberParam: string) {
  const publication = await live(slug, null);
  if (publication instanceof Response) return notFound();
  const listed = publication.document.view!.documents.find((d) => d.id === documentId && d.access === "public" && String(d.version.number) === numberParam);
  if (!listed?.version.file) return notFound();
  const file = listed.version.file;
  const row = await withPublicTenant(slug, (tx, orgId) => tx.documentVersion.findFirst({ where: { orgId, documentId, number: listed.version.number }, select: { storageKey: true, sha256: true } }));
  const bytes = row ? await fileStore().get(row.storageKey) : null;
  if (!row || !bytes || row.sha256 !== file.sha256 || sha256Bytes(bytes) !== file.sha256) {
    log.error({ slug, documentId }, "public document missing or altered in storage");
    return new Response("This document is not available right now.\n", { status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  return new Response(new Uint8Array(bytes), {
    headers: {
      "Content-Type": file.mimeType,
      "Content-Disposition": attachmentDisposition(file.name),
      // The bytes never change, but whether they are public can: a document made NDA or a page
      // taken offline must stop being served by caches within a minute, as the page does.
      "Cache-Control": PUBLISHED_CACHE,
      "Content-Security-Policy": FILE_CSP,
      "X-Content-Type-Options": "nosniff",
      ETag: `"${file.sha256}"`,
    },
  });
}

function sha256Bytes(bytes: Uint8Array) {
  return createHash("sha256").update(bytes).digest("hex");
}

/**
 * The surfaces a production server answers without Next's router (src/server/edge/fast-path.ts): the text
 * ones, served from cached artifacts. The route handlers under src/app/t/[slug] call the same
 * functions; anything else under /t/ (assets, document files, a trailing slash) is left to Next.
 */
const SURFACE_PATH = /^\/t\/([a-z0-9-]{3,40})(\/trust\.json|\/\.well-known\/security\.txt|\/changelog|\/feed\.xml|\/verify)?$/;
const SURFACE_OF: Record<string, Surface> = { "": "page", "/trust.json": "trust.json", "/.well-known/security.txt": "security.txt", "/changelog": "changelog", "/feed.xml": "feed.xml", "/verify": "verify" };

/** Which stored surface a /t/ path is (the paths publicRoute() serves), or null. */
export function publicSurfaceOf(pathname: string): { slug: string; surface: Surface } | null {
  const match = SURFACE_PATH.exec(pathname);
  return match && SLUG.test(match[1]!) ? { slug: match[1]!, surface: SURFACE_OF[match[2] ?? ""]! } : null;
}

export function publicRoute(pathname: string, host: string | null = null): ((request: Request, url: URL) => Promise<Response>) | null {
  const match = SURFACE_PATH.exec(pathname);
  if (!match) return null;
  const slug = match[1]!;
  switch (match[2]) {
    case undefined:
      return (request) => trustPage(request, slug, host);
    case "/trust.json":
      return (request, url) => trustDocument(request, slug, url.searchParams.get("seq"), host);
    case "/.well-known/security.txt":
      return (request) => securityTxt(request, slug, host);
    case "/changelog":
      return (request) => changelog(request, slug, host);
    case "/feed.xml":
      return (request) => feed(request, slug, host);
    default:
      return (request) => verifyPage(request, slug, host);
  }
}
