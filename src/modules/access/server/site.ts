import "server-only";

import { randomUUID } from "node:crypto";
import * as z from "zod";
import { liveView } from "@/modules/publishing/server/publish";
import { languageOf, surfaceHeaders } from "@/modules/publishing/server/surfaces";
import { isLocale, localeOr, type Locale } from "@/lib/locales";
import { AppError } from "@/server/errors";
import { env } from "@/server/env";
import { GRANTEE_COOKIE, cookieValue } from "@/server/grantee-cookie";
import { SITE_HEADER, tenantOrigin } from "@/server/hosts";
import { log } from "@/server/log";
import { clientIp, userAgent } from "@/server/request";
import { chromeOf, type Chrome } from "../render/chrome";
import { messagePage, type NdaText, type PageOrg } from "../render/pages";
import { MAX_FORM_BYTES } from "../schema";
import { inPublicTenant, MAIL_CAP_REACHED, publicAccessContext, readSettings, type PublicAccessContext } from "./context";
import { ndaItemsOf } from "./grants";
import { currentNdaVersion } from "./settings";
import { readBodyUpTo } from "@/server/body";

/**
 * What the prospect's routes share (ADR 029): which site a request is on, the organisation's
 * public context, the page's data, the grantee cookie, bounded form reading, and the one place
 * where errors become pages. Every answer is `private, no-store`: none of it may enter a cache.
 */
/**
 * `locale`: the language the request names (?lang= or Accept-Language; ADR 038), null when none of
 * ours; `named`: the one named by ?lang=, which the page's forms and links keep (render/chrome.ts).
 */
export type Site = { slug: string; host: string; base: string; origin: string; locale?: Locale | null; named?: Locale | null };

/**
 * A tenant host (the proxy sets SITE_HEADER and drops any client value) serves the pages at its
 * root; the app host under /t/{slug}. Links and sessions are bound to the host (ADR 029).
 */
export function siteOf(request: Request, slug: string): Site {
  const appUrl = env().APP_URL;
  const tenant = request.headers.get(SITE_HEADER);
  const locale = languageOf(request);
  const lang = new URL(request.url).searchParams.get("lang");
  const named = isLocale(lang) ? lang : null;
  if (tenant) return { slug, host: tenant, base: "", origin: tenantOrigin(tenant, appUrl), locale, named };
  const app = new URL(appUrl);
  return { slug, host: app.hostname, base: `/t/${slug}`, origin: app.origin, locale, named };
}

export const pageUrl = (site: Site, path = "") => `${site.origin}${site.base}${path}` || "/";
export const trustPageUrl = (site: Site, query = "") => `${site.origin}${site.base || "/"}${query}`;

const secure = () => new URL(env().APP_URL).protocol === "https:";
/** `__Host-candor-grantee` (Secure) on https, `candor-grantee` on plain-http development. */
export const granteeCookieName = () => (secure() ? GRANTEE_COOKIE.https : GRANTEE_COOKIE.http);
export const granteeToken = (request: Request) => cookieValue(request.headers.get("cookie"), granteeCookieName());

/** Host-only (no Domain), HttpOnly, SameSite=Lax, Path=/, until the session's absolute end. */
export function granteeCookie(token: string, expiresAt: Date) {
  return `${granteeCookieName()}=${token}; Path=/; Expires=${expiresAt.toUTCString()}; HttpOnly; SameSite=Lax${secure() ? "; Secure" : ""}`;
}
export const clearedGranteeCookie = () => `${granteeCookieName()}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${secure() ? "; Secure" : ""}`;

export async function contextOf(request: Request, site: Site): Promise<PublicAccessContext | null> {
  return publicAccessContext({ slug: site.slug, host: site.host, request: { ip: clientIp(request.headers), userAgent: userAgent(request.headers) } });
}

export type AccessPageData = { org: PageOrg; items: { key: string; title: string }[]; nda: NdaText | null };

/** What the access page shows: the live publication's NDA items, and the NDA text when it is click-through. Null: not published. */
export async function accessPageData(ctx: PublicAccessContext): Promise<AccessPageData | null> {
  return inPublicTenant(ctx, async (tx) => {
    const { view } = await liveView(tx, ctx.org.id);
    if (!view) return null;
    const settings = await readSettings(tx, ctx.org.id);
    const nda = settings.ndaMode === "CLICK_THROUGH" ? await currentNdaVersion(tx, ctx.org.id) : null;
    return {
      org: { name: view.organization.name, brand: view.organization.brandColor, language: localeOr(view.organization.language) },
      items: ndaItemsOf(view),
      nda: nda ? { id: nda.id, number: nda.number, markdown: nda.markdown } : null,
    };
  });
}

/** The public context and the page data; not_found when there is no such published trust center. */
export async function loadSite(request: Request, site: Site, known?: { org: PageOrg | null }) {
  const ctx = await contextOf(request, site);
  const page = ctx ? await accessPageData(ctx) : null;
  if (!ctx || !page) throw new AppError("not_found", "No such trust center.");
  if (known) known.org = page.org;
  return { ctx, page };
}

/** An HTML answer no cache may keep, with the public pages' headers; no referrer leaves a page whose URL held a token. */
export function htmlPage(site: Site, body: string, status = 200, extra: Record<string, string> = {}) {
  return new Response(body, {
    status,
    headers: { ...surfaceHeaders("page", site.base ? null : site.host), "Content-Type": "text/html; charset=utf-8", "Cache-Control": "private, no-store", "Referrer-Policy": "no-referrer", ...extra },
  });
}

export function seeOther(location: string, cookie?: string) {
  const headers = new Headers({ Location: location, "Cache-Control": "private, no-store" });
  if (cookie) headers.append("Set-Cookie", cookie);
  return new Response(null, { status: 303, headers });
}

/**
 * A form body as name → values, read no further than MAX_FORM_BYTES (413 beyond), only as
 * urlencoded or multipart (400 otherwise).
 */
export async function readForm(request: Request): Promise<Map<string, string[]>> {
  const type = request.headers.get("content-type") ?? "";
  if (!type.startsWith("application/x-www-form-urlencoded") && !type.startsWith("multipart/form-data")) throw new AppError("bad_request", "Send the form from the page.");
  const body = await readBodyUpTo(request, MAX_FORM_BYTES);
  if (!body) throw new FormTooLarge();
  let form: FormData;
  try {
    form = await new Response(body, { headers: { "content-type": type } }).formData();
  } catch {
    throw new AppError("bad_request", "The form could not be read.");
  }
  const fields = new Map<string, string[]>();
  for (const [key, value] of form.entries()) if (typeof value === "string") fields.set(key, [...(fields.get(key) ?? []), value]);
  return fields;
}

export class FormTooLarge extends Error {}

export const field = (form: Map<string, string[]>, name: string) => form.get(name)?.[0] ?? "";

const FALLBACK_ORG = (slug: string): PageOrg => ({ name: slug, brand: null });

/** The language of this request's pages (render/chrome.ts): the request's, else the organisation's, else English. */
export const chromeFor = (site: Site, org?: PageOrg | null): Chrome => chromeOf(site, org);

/** The rate limits' messages by flow (rate-limit.ts consume()); the 429 page says the same in the page's language. */
export const TOO_MANY = {
  access: "Too many access requests from here.",
  link: "Too many link requests from here.",
  subscribe: "Too many subscription requests from here.",
  objection: "Too many objections from here.",
} as const;
const flowOf = (message: string) => (message === MAIL_CAP_REACHED ? "mailCap" : (Object.entries(TOO_MANY).find(([, text]) => text === message)?.[0] ?? "other"));

/** A flow's own sentence for an AppError it knows (a used link, a conflict), in the page's language; null: the generic one. */
export type Explain = (error: AppError, c: Chrome) => string | null;

/**
 * Runs a route's body (which names the organisation once it is loaded, for the error pages);
 * what it throws becomes a page a person can read, in the page's language: 403 for a cross-site
 * post, 413 for an oversized form, 400, 404, 410, 401, 429 with Retry-After, and for anything
 * unexpected a 500 with an event id in the log (never a stack). `explain`: the flow's own sentence
 * for a used or expired link or a conflict (a domain's English message is never shown as it is).
 * The routes load the organisation before they check a post's Origin, so that a refusal is in
 * its default language too (loading reads no more than showing the page does).
 */
export async function answering(site: Site, body: (shown: { org: PageOrg | null }) => Promise<Response>, explain?: Explain): Promise<Response> {
  const known: { org: PageOrg | null } = { org: null };
  try {
    return await body(known);
  } catch (error) {
    const shown = known.org ?? FALLBACK_ORG(site.slug);
    const c = chromeFor(site, known.org);
    const { t } = c;
    const say = (status: number, title: string, text: string, extra: Record<string, string> = {}) => htmlPage(site, messagePage({ org: shown, base: site.base, title, paragraphs: [text], c }), status, extra);
    if (error instanceof FormTooLarge) return say(413, t("prospect.page.tooLarge"), t("prospect.page.tooLargeBody"));
    if (error instanceof z.ZodError) return say(400, t("prospect.page.unreadable"), t("prospect.page.unreadableBody"));
    if (!(error instanceof AppError)) {
      const eventId = randomUUID();
      log.error({ err: error, eventId }, "access page failed");
      return say(500, t("prospect.page.failed"), t("prospect.page.failedBody", { reference: eventId }));
    }
    if (error.code === "rate_limited") {
      const seconds = error.details.retryAfterSeconds ?? 60;
      return say(429, t("prospect.page.wait"), t("prospect.page.waitBody", { flow: flowOf(error.message), minutes: Math.max(1, Math.ceil(seconds / 60)) }), { "Retry-After": String(seconds) });
    }
    if (error.code === "forbidden") return say(403, t("prospect.page.refused"), t("prospect.page.refusedBody"));
    if (error.code === "not_found") return say(404, t("prospect.page.nothing"), t("prospect.page.nothingBody"));
    const text = explain?.(error, c);
    if (error.code === "gone") return say(410, t("prospect.page.gone"), text ?? t("prospect.page.gone"));
    if (error.code === "unauthenticated") return say(401, t("prospect.page.sessionEnded"), t("prospect.page.sessionEndedBody"));
    return say(error.status, t("prospect.page.attention"), text ?? t("prospect.page.unreadableBody"));
  }
}
