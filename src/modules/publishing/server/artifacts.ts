import "server-only";

import type { Tx } from "@/server/db/client";
import { getPool } from "@/server/db/pool";
import { withTenant } from "@/server/db/tenant";
import { env } from "@/server/env";
import { tenantOrigin } from "@/server/hosts";
import { LOCALES, localeOr, type Locale } from "@/lib/locales";
import { translator } from "../render/i18n";
import { withLanguage } from "../render/languages";
import { renderTrustPage } from "../render/page";
import { renderChangelog, renderFeed, renderSecurityTxt, renderVerify, trustJson } from "../render/surfaces";
import { RENDERER_VERSION } from "../render/version";
import { isoDay, pageValidity, securityTxtValidity, type Validity } from "../validity";
import { PUBLICATION_CHANNEL } from "./channel";
import { compressBoth } from "./compress";
import { PUBLICATION_SELECT, toPublished, type Published } from "./public";

/**
 * Stored artifacts (ADR 025): every public surface of a publication, rendered once, for each
 * host variant it is served on, with its brotli and gzip bytes, in PublishedArtifact. Written in
 * the transaction that makes the publication (publish.ts), and by the worker ahead of a date
 * boundary, for a newly verified custom domain, or to repair anything missing
 * (ensureArtifacts()). The serving side (stored.ts) only reads them.
 *
 * Nothing is rendered twice: whoever renders holds the organisation's artifact lock while it
 * decides what is missing, and a row's key (publication, origin, site, surface, validFrom) is
 * unique, so a second process finds the rows and renders nothing.
 */
export const SURFACES = ["page", "trust.json", "security.txt", "changelog", "feed.xml", "verify"] as const;
export type Surface = (typeof SURFACES)[number];

const HTML = "text/html; charset=utf-8";
export const CONTENT_TYPES: Record<Surface, string> = {
  page: HTML,
  "trust.json": "application/json; charset=utf-8",
  "security.txt": "text/plain; charset=utf-8",
  changelog: HTML,
  "feed.xml": "application/atom+xml; charset=utf-8",
  verify: HTML,
};

/**
 * The surfaces whose chrome is in a language (ADR 038). trust.json and security.txt are data; the
 * feed is read by programs whose Accept-Language is nobody's choice, so it is in the
 * organisation's default language only.
 */
export const LOCALIZED: ReadonlySet<Surface> = new Set<Surface>(["page", "changelog", "verify"]);

/**
 * What a stored rendering is called: the bare surface in the organisation's default language (for
 * a visitor who asked for none of ours), or `{surface}@{locale}` in one language, with its own
 * ETag (a cache must never answer a German request with the French bytes).
 */
export type ArtifactName = Surface | `${Surface}@${Locale}`;
export function artifactName(surface: Surface, locale: Locale | null): ArtifactName {
  return locale && LOCALIZED.has(surface) ? `${surface}@${locale}` : surface;
}

/**
 * The languages a request asks for (ADR 038): `named` by `?lang=xx` (the hreflang links), else
 * `negotiated`, the best of its Accept-Language among ours. Either may be null.
 */
export type RequestLanguage = { named: Locale | null; negotiated: Locale | null };

/**
 * Which rendering a request gets (null: the default one): the language it names; else the one
 * its Accept-Language negotiates, unless that is the organisation's default language, which is
 * the default rendering itself, the bytes a browser naming none of ours gets (ADR 038, "The
 * organisation's own language"): with its canonical link, and held ready after a start, where
 * `page@en` for an English browser on an English trust center was neither. `defaultLocale`
 * unknown (a row stored before its language was recorded): that language's own rendering, as before.
 */
export function renderingLocale(language: RequestLanguage, defaultLocale: string | null | undefined): Locale | null {
  if (language.named) return language.named;
  return language.negotiated && language.negotiated !== defaultLocale ? language.negotiated : null;
}

/** The language a request asks for, by name or else by Accept-Language (null: none of ours); what a page is written in when no publication says which rendering it gets. */
export function askedLocale(language: RequestLanguage): Locale | null {
  return language.named ?? language.negotiated;
}

/** The organisation's default language as published (absent from documents before ADR 038: English). */
export function defaultLocaleOf(chain: Published[]): Locale {
  return localeOr([...chain].reverse().find((p) => p.document.view)?.document.view?.organization.language);
}

/** `language`: the rendering's, for the localized surfaces (the default rendering's is the organisation's default); null for the others. */
export type Rendered = { site: string; surface: ArtifactName; validFrom: Date; validUntil: Date | null; etag: string; contentType: string; language: Locale | null; body: string };

/** Renders done in this process, by surface: tests and the bench count them ("no visitor renders"). */
const holder = globalThis as unknown as { candorRenders?: { total: number; bySurface: Record<string, number> } };
export const renderCounts = (holder.candorRenders ??= { total: 0, bySurface: {} });

/**
 * What stored renderings are keyed by: APP_URL's origin (their links carry it) and the renderer's
 * version (render/version.ts). A change of either leaves every live publication lacking its
 * artifacts, which the worker renders again (maintainArtifacts) and the older key's rows are
 * pruned a day later.
 */
export function artifactKey() {
  return `${new URL(env().APP_URL).origin} ${RENDERER_VERSION}`;
}

/**
 * Where a tenant's surfaces live for one host variant: under /t/{slug} on the app host (site
 * ""), or at the root of a tenant host (same scheme and port as the app).
 */
export function siteUrls(slug: string, site: string) {
  const appUrl = env().APP_URL;
  if (site) {
    const origin = tenantOrigin(site, appUrl);
    return { origin, base: "", page: origin };
  }
  const { origin } = new URL(appUrl);
  return { origin, base: `/t/${slug}`, page: `${origin}/t/${slug}` };
}

const FOREVER: Omit<Validity, "today"> = { validFrom: new Date(0), validUntil: null };

/**
 * One surface of `publication` for one site variant as it is at instant `at`, or null when that
 * surface has nothing to show (the page or security.txt of a publication that took the trust
 * center offline; security.txt outside its year). `chain`: every publication up to this one,
 * oldest first (the changelog and feed need it).
 */
export function renderSurface(input: { surface: Surface; publication: Published; chain?: Published[]; slug: string; site: string; at: number; locale?: Locale | null }): Rendered | null {
  const { surface, publication, slug, site } = input;
  const view = publication.kind === "PUBLISH" ? publication.document.view : null;
  const { base, page, origin } = siteUrls(slug, site);
  // A language asked for by name (`page@de`), or the organisation's default (the bare surface).
  const chosen = LOCALIZED.has(surface) ? (input.locale ?? null) : null;
  const defaultLocale = defaultLocaleOf(input.chain ?? [publication]);
  const locale = chosen ?? defaultLocale;
  const t = translator(locale);
  const made = (validity: Omit<Validity, "today">, etag: string, body: string): Rendered => {
    renderCounts.total++;
    renderCounts.bySurface[surface] = (renderCounts.bySurface[surface] ?? 0) + 1;
    // The renderer's version in every rendered surface's ETag (not trust.json's: the signed document's own bytes).
    const versioned = surface === "trust.json" ? etag : etag.replace(/"$/, `.${RENDERER_VERSION}"`);
    const tagged = chosen ? versioned.replace(/"$/, `.${chosen}"`) : versioned;
    const own = surface === "page" ? page : `${page}${surface === "changelog" ? "/changelog" : "/verify"}`;
    const localized = LOCALIZED.has(surface) ? withLanguage(body, { locale, pageUrl: own, chosen, canonicalOf: surface === "page" ? page : undefined }) : body;
    return { site, surface: artifactName(surface, chosen), validFrom: validity.validFrom, validUntil: validity.validUntil, etag: tagged, contentType: CONTENT_TYPES[surface], language: LOCALIZED.has(surface) ? locale : null, body: localized };
  };
  const name = (chain: Published[]) => [...chain].reverse().find((p) => p.document.view)?.document.view?.organization.name ?? slug;
  switch (surface) {
    case "page": {
      if (!view) return null;
      const validity = pageValidity(view, publication.publishedAt, input.at);
      // Links to the prospect pages name the rendering's language, unless it is the organisation's
      // default: an English browser on an English trust center follows plain /access, not ?lang=en.
      const named = chosen !== defaultLocale ? chosen : null;
      const meta = { base, canonicalUrl: page, seq: publication.seq, hash: publication.hash, publishedAt: publication.publishedAt, today: validity.today, locale, t, named };
      return made(validity, `"${publication.hash}.${isoDay(validity.validFrom)}"`, renderTrustPage(view, meta));
    }
    case "security.txt": {
      const validity = view ? securityTxtValidity(view) : null;
      if (!view || !validity) return null;
      const body = renderSecurityTxt(view, { canonicalUrl: `${page}/.well-known/security.txt`, policyUrl: `${page}#disclosure`, now: validity.validFrom });
      return body ? made(validity, `"${publication.hash}.${isoDay(validity.validFrom)}"`, body) : null;
    }
    case "trust.json":
      return made(FOREVER, `"${publication.hash}"`, trustJson(publication));
    case "changelog": {
      const changelog = { name: name(input.chain ?? [publication]), base, chain: input.chain ?? [publication], locale, t };
      return made(FOREVER, `"${publication.hash}.changelog"`, renderChangelog(changelog));
    }
    case "feed.xml": {
      const chain = (input.chain ?? [publication]).filter((p) => p.kind === "PUBLISH" || p.kind === "UNPUBLISH");
      const feed = { name: name(input.chain ?? [publication]), orgId: publication.orgId, pageUrl: page, feedUrl: `${page}/feed.xml`, chain, locale, t };
      return made(FOREVER, `"${publication.hash}.feed"`, renderFeed(feed));
    }
    case "verify": {
      const verify = { name: publication.document.view?.organization.name ?? slug, base, origin, latestSeq: publication.seq, brand: publication.document.view?.organization.brandColor, locale, t };
      return made(FOREVER, `"${publication.hash}.verify"`, renderVerify(verify));
    }
  }
}

/** The host variants an organisation's surfaces are served on now: the app host, its platform subdomain, its verified custom domains. */
async function sitesOf(tx: Tx, orgId: string, slug: string): Promise<string[]> {
  const domains = await tx.customDomain.findMany({ where: { orgId, status: "VERIFIED", verifiedAt: { not: null } }, select: { hostname: true } });
  return ["", `${slug}.${env().PLATFORM_DOMAIN}`, ...domains.map((d) => d.hostname)];
}

const key = (site: string, surface: string, validFrom: Date) => `${site}\n${surface}\n${validFrom.getTime()}`;

/**
 * Renders and stores, for the organisation's latest publication, whatever is missing at every
 * instant from `from` to `until`: at `from`, then at each date boundary up to `until`. Inside the
 * caller's tenant transaction (publish() passes its own). Returns how many it rendered.
 * `languages: false`: the default language only (publish(): each language's page, changelog and
 * verify page, six more renders and compressions of each, are the worker's, right after; ADR 038).
 */
export async function ensureArtifactsIn(tx: Tx, input: { orgId: string; slug: string; from: number; until: number; languages?: boolean }): Promise<number> {
  // One renderer per organisation at a time; the unique key makes a lost race harmless anyway.
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`artifacts:${input.orgId}`}, 0))`;
  const rows = await tx.publication.findMany({ where: { orgId: input.orgId }, orderBy: { seq: "asc" }, select: PUBLICATION_SELECT });
  if (rows.length === 0) return 0;
  const chain = rows.map((row) => toPublished(input.slug, input.orgId, row));
  const publication = chain.at(-1)!;
  const origin = artifactKey();
  const existing = await tx.publishedArtifact.findMany({
    where: { orgId: input.orgId, publicationHash: publication.hash, appOrigin: origin },
    select: { site: true, surface: true, validFrom: true },
  });
  const have = new Set(existing.map((row) => key(row.site, row.surface, row.validFrom)));
  const sites = await sitesOf(tx, input.orgId, input.slug);
  const made: Rendered[] = [];
  for (let at = input.from; ; ) {
    for (const site of sites) {
      for (const surface of SURFACES) {
        if (surface === "trust.json" && site !== "") continue; // the same bytes on every host
        // The default language under the bare name, then each language under its own (ADR 038).
        for (const locale of LOCALIZED.has(surface) && input.languages !== false ? [null, ...LOCALES] : [null]) {
          const name = artifactName(surface, locale);
          const rendered = wouldRender(surface, name, publication, at, site, have) ? renderSurface({ surface, publication, chain, slug: input.slug, site, at, locale }) : null;
          if (!rendered || have.has(key(site, name, rendered.validFrom))) continue;
          have.add(key(site, name, rendered.validFrom));
          made.push(rendered);
        }
      }
    }
    const next = publication.document.view && publication.kind === "PUBLISH" ? pageValidity(publication.document.view, publication.publishedAt, at).validUntil : null;
    if (!next || next.getTime() > input.until) break;
    at = next.getTime();
  }
  // Compressed on libuv's threads, all at once (compress.ts); stored in one statement.
  const data = await Promise.all(
    made.map(async (rendered) => {
      const body = new Uint8Array(Buffer.from(rendered.body));
      const { br, gzip } = await compressBoth(body);
      return { orgId: input.orgId, publicationHash: publication.hash, appOrigin: origin, site: rendered.site, surface: rendered.surface, validFrom: rendered.validFrom, validUntil: rendered.validUntil, etag: rendered.etag, contentType: rendered.contentType, language: rendered.language, body, br: new Uint8Array(br), gzip: new Uint8Array(gzip) };
    }),
  );
  if (data.length > 0) await tx.publishedArtifact.createMany({ data, skipDuplicates: true });
  return made.length;
}

/** Whether rendering could add a row: skips renders whose validity (known without rendering) is already stored. */
function wouldRender(surface: Surface, name: ArtifactName, publication: Published, at: number, site: string, have: Set<string>) {
  const view = publication.kind === "PUBLISH" ? publication.document.view : null;
  if (surface === "page") return view !== null && !have.has(key(site, name, pageValidity(view, publication.publishedAt, at).validFrom));
  if (surface === "security.txt") {
    const validity = view ? securityTxtValidity(view) : null;
    return validity !== null && validity.validUntil!.getTime() > at && !have.has(key(site, name, validity.validFrom));
  }
  return !have.has(key(site, name, FOREVER.validFrom));
}

/**
 * ensureArtifactsIn() in a transaction of its own (the worker). When it stored something, every
 * instance hears of it as of a publication (on commit), so the edge's files follow.
 */
export async function ensureArtifacts(input: { orgId: string; slug: string; from: number; until: number }) {
  return withTenant(
    { orgId: input.orgId },
    async (tx) => {
      const count = await ensureArtifactsIn(tx, input);
      if (count > 0) await tx.$executeRaw`SELECT pg_notify(${PUBLICATION_CHANNEL}, ${input.slug})`;
      return count;
    },
    { timeoutMs: 120_000 },
  );
}

/** How far ahead the worker renders: a boundary within this window is stored before it comes. */
export const RENDER_AHEAD_MS = 6 * 3_600_000;

/**
 * The worker's upkeep (every minute, and at start): for every organisation whose latest
 * publication lacks an artifact it must have, now or RENDER_AHEAD_MS from now (a date boundary
 * coming, a custom domain verified since, a publication made before artifacts were stored, a
 * failed write), render what is missing for that whole window; then delete artifacts no one can
 * be served any more.
 */
export async function maintainArtifacts(input: { at: number; aheadMs?: number; limit?: number }) {
  const until = input.at + (input.aheadMs ?? RENDER_AHEAD_MS);
  const pool = getPool();
  const due = new Map<string, string>();
  for (const instant of [input.at, until]) {
    const { rows } = await pool.query<{ orgId: string; slug: string }>("SELECT * FROM candor_artifact_gaps($1, $2, $3, $4)", [artifactKey(), env().PLATFORM_DOMAIN, new Date(instant), input.limit ?? 1_000]);
    for (const row of rows) due.set(row.orgId, row.slug);
  }
  let rendered = 0;
  for (const [orgId, slug] of due) rendered += await ensureArtifacts({ orgId, slug, from: input.at, until });
  const dayAgo = new Date(input.at - 86_400_000);
  const { rows } = await pool.query<{ pruned: string }>("SELECT candor_artifacts_prune($1) AS pruned", [dayAgo]);
  // Another key's rows (an older renderer, a former APP_URL) stored over a day ago: no process of this release serves them.
  const { rows: others } = await pool.query<{ pruned: string }>("SELECT candor_artifacts_prune_keys($1, $2) AS pruned", [artifactKey(), dayAgo]);
  return { organizations: due.size, rendered, pruned: Number(rows[0]?.pruned ?? 0) + Number(others[0]?.pruned ?? 0) };
}
