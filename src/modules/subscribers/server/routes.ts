import "server-only";

import * as z from "zod";
import { localizedErrors, type Chrome, type FieldRule } from "@/modules/access/render/chrome";
import { messagePage, confirmPage, type PageOrg } from "@/modules/access/render/pages";
import { answering, chromeFor, field, htmlPage, loadSite, readForm, siteOf, TOO_MANY, type Site } from "@/modules/access/server/site";
import type { MessageKey } from "@/modules/publishing/render/i18n";
import { fieldErrorsOf } from "@/server/actions";
import { AppError } from "@/server/errors";
import { consume } from "@/server/rate-limit";
import { assertSameOrigin, clientIp, rateLimitSubject } from "@/server/request";
import { formTopicsOf, managePage, subscribeFormPage, unsubscribePage, type SubscribeValues } from "../render/pages";
import { CONFIRM_TTL_HOURS, SUBSCRIBE_RATE_LIMITS, subscribeSchema, topicsFromForm, preferencesSchema } from "../schema";
import { subscriberIdOf, subscriberToken } from "./links";
import { subscribeDelivery } from "./mail";
import { confirmSubscription, EXPIRED, savePreferences, subscribe, subscriberOf, unsubscribe } from "./subscriptions";

/**
 * The subscriber's pages on every tenant host and under /t/{slug} (ADR 030), after the access
 * pages' pattern (ADR 029): the host names the organisation, posts are Origin-checked (but the
 * one-click unsubscribe, whose signed link is its authority), forms read up to 32 KiB, rate
 * limits, every error a page, every answer `private, no-store`.
 */
const BAD_LINK = "This link does not work. Use the link in the latest email from this trust center.";

/** The access pages' error pages, with the subscriber's own words for a bad link (404) and an expired confirmation (410, with the way on). */
function answer(site: Site, body: (known: { org: PageOrg | null }) => Promise<Response>) {
  return answering(site, async (known) => {
    try {
      return await body(known);
    } catch (error) {
      if (!(error instanceof AppError) || !known.org) throw error;
      const c = chromeFor(site, known.org);
      const say = (status: number, title: MessageKey, text: MessageKey) =>
        htmlPage(site, messagePage({ org: known.org!, base: site.base, title: c.t(title), paragraphs: [c.t(text)], link: { href: `${site.base}/subscribe`, text: c.t("subscribe.again") }, c }), status);
      if (error.code === "not_found") return say(404, "subscribe.badLink", "subscribe.badLinkBody");
      if (error.code === "gone") return error.message === EXPIRED ? say(410, "prospect.page.expired", "subscribe.expired") : say(410, "prospect.page.gone", "subscribe.used");
      if (error.code === "conflict") return say(409, "prospect.page.attention", "subscribe.manage.notSubscribed");
      throw error;
    }
  });
}

const sentPage = (site: Site, org: PageOrg, email: string, c: Chrome) =>
  htmlPage(site, messagePage({ org, base: site.base, title: c.t("prospect.checkEmail"), paragraphs: [c.t("subscribe.sent.body", { email, hours: CONFIRM_TTL_HOURS }), c.t("subscribe.sent.spam")], c }));

const EMPTY: SubscribeValues = { email: "", topics: ["all"] };
const RULES: Record<string, FieldRule> = { email: { kind: "email" }, topics: { kind: "fixed", key: "prospect.error.topics" } };

export async function subscribeFormRoute(request: Request, slug: string) {
  const site = siteOf(request, slug);
  return answer(site, async (known) => {
    const { page } = await loadSite(request, site, known);
    return htmlPage(site, subscribeFormPage({ org: page.org, base: site.base, values: EMPTY, errors: {}, c: chromeFor(site, page.org) }));
  });
}

/** A subscription: Origin, per-IP limit, a honeypot that answers like success, 422 with the values kept, per-email limit, then the same answer for every address. */
export async function subscribeRoute(request: Request, slug: string) {
  const site = siteOf(request, slug);
  return answer(site, async (known) => {
    const { ctx, page } = await loadSite(request, site, known);
    assertSameOrigin(request.headers, site.origin);
    const c = chromeFor(site, page.org);
    await consume("subscribe-ip", SUBSCRIBE_RATE_LIMITS.perIp, rateLimitSubject(clientIp(request.headers)), TOO_MANY.subscribe);
    const form = await readForm(request);
    const values: SubscribeValues = { email: field(form, "email"), topics: form.get("topics") ?? [] };
    if (field(form, "website")) return sentPage(site, page.org, values.email, c);
    const parsed = subscribeSchema.safeParse({ email: values.email, topics: topicsFromForm(values.topics) });
    if (!parsed.success) {
      const errors = localizedErrors(c.t, fieldErrorsOf(parsed.error), RULES, { email: values.email });
      return htmlPage(site, subscribeFormPage({ org: page.org, base: site.base, values, errors, message: c.t("prospect.fix"), c }), 422);
    }
    await consume("subscribe-email", SUBSCRIBE_RATE_LIMITS.perEmail, parsed.data.email.toLowerCase(), TOO_MANY.subscribe);
    // The language the form was shown in: its mails are written in it (ADR 038).
    await subscribe({ ctx, input: { ...parsed.data, language: c.locale }, deliver: subscribeDelivery(site, page.org.name, c.locale) });
    return sentPage(site, page.org, parsed.data.email, c);
  });
}

/** The confirmation mail's landing page: a button; a GET (a mail scanner's prefetch) changes nothing. */
export async function confirmLandingRoute(request: Request, slug: string) {
  const site = siteOf(request, slug);
  return answer(site, async (known) => {
    const { page } = await loadSite(request, site, known);
    const token = new URL(request.url).searchParams.get("token") ?? "";
    const c = chromeFor(site, page.org);
    return htmlPage(site, confirmPage({ org: page.org, base: site.base, title: c.t("subscribe.confirm.title"), text: c.t("subscribe.confirm.text"), action: `${site.base}/subscribe/confirm`, token, button: c.t("subscribe.confirm.button"), c }));
  });
}

export async function confirmRoute(request: Request, slug: string) {
  const site = siteOf(request, slug);
  return answer(site, async (known) => {
    const { ctx, page } = await loadSite(request, site, known);
    assertSameOrigin(request.headers, site.origin);
    await consume("subscribe-link-ip", SUBSCRIBE_RATE_LIMITS.linksPerIp, rateLimitSubject(clientIp(request.headers)), TOO_MANY.subscribe);
    const form = await readForm(request);
    const row = await confirmSubscription({ ctx, token: field(form, "token") });
    const manage = `${site.base}/subscribe/manage?${new URLSearchParams({ s: subscriberToken(row.id, "manage") })}`;
    const c = chromeFor(site, page.org);
    const paragraphs = [c.t("subscribe.done.body", { email: row.email, name: page.org.name })];
    return htmlPage(site, messagePage({ org: page.org, base: site.base, title: c.t("subscribe.done.title"), paragraphs, link: { href: manage, text: c.t("subscribe.manageLink") }, c }));
  });
}

const tokenOf = (request: Request) => new URL(request.url).searchParams.get("s");
function signed(request: Request, purpose: "manage" | "unsubscribe") {
  const id = subscriberIdOf(tokenOf(request), purpose);
  if (!id) throw new AppError("not_found", BAD_LINK);
  return id;
}

export async function manageRoute(request: Request, slug: string) {
  const site = siteOf(request, slug);
  return answer(site, async (known) => {
    const { ctx, page } = await loadSite(request, site, known);
    const row = await subscriberOf({ ctx, subscriberId: signed(request, "manage") });
    return htmlPage(site, managePage({ org: page.org, base: site.base, token: tokenOf(request)!, unsubscribeToken: subscriberToken(row.id, "unsubscribe"), email: row.email, status: row.status, topics: formTopicsOf(row.topics), errors: {}, c: chromeFor(site, page.org) }));
  });
}

/** New topics from the manage page: Origin-checked (a browser form), the signed link the authority. */
export async function savePreferencesRoute(request: Request, slug: string) {
  const site = siteOf(request, slug);
  return answer(site, async (known) => {
    const { ctx, page } = await loadSite(request, site, known);
    assertSameOrigin(request.headers, site.origin);
    await consume("subscribe-link-ip", SUBSCRIBE_RATE_LIMITS.linksPerIp, rateLimitSubject(clientIp(request.headers)), TOO_MANY.subscribe);
    const id = signed(request, "manage");
    const form = await readForm(request);
    const chosen = form.get("topics") ?? [];
    const c = chromeFor(site, page.org);
    const show = (row: { email: string; status: string }, status: number, topics: string[], errors: Record<string, string[]>, message: string) =>
      htmlPage(site, managePage({ org: page.org, base: site.base, token: tokenOf(request)!, unsubscribeToken: subscriberToken(id, "unsubscribe"), email: row.email, status: row.status, topics, errors, message, c }), status);
    const parsed = preferencesSchema.safeParse({ topics: topicsFromForm(chosen) });
    if (!parsed.success) return show(await subscriberOf({ ctx, subscriberId: id }), 422, chosen, localizedErrors(c.t, fieldErrorsOf(parsed.error), RULES, {}), c.t("prospect.fix"));
    const saved = await savePreferences({ ctx, subscriberId: id, input: parsed.data });
    return show(saved, 200, formTopicsOf(saved.topics), {}, c.t("subscribe.manage.saved"));
  });
}

export async function unsubscribeLandingRoute(request: Request, slug: string) {
  const site = siteOf(request, slug);
  return answer(site, async (known) => {
    const { ctx, page } = await loadSite(request, site, known);
    const row = await subscriberOf({ ctx, subscriberId: signed(request, "unsubscribe") });
    return htmlPage(site, unsubscribePage({ org: page.org, base: site.base, token: tokenOf(request)!, email: row.email, c: chromeFor(site, page.org) }));
  });
}

/**
 * Unsubscribes. Also RFC 8058's one-click POST (body `List-Unsubscribe=One-Click`) from a mail
 * provider: no cookie, no Origin, so no Origin check here: the signed link is the authority, and
 * a forged cross-site post could only do what the link's holder asked for.
 */
export async function unsubscribeRoute(request: Request, slug: string) {
  const site = siteOf(request, slug);
  return answer(site, async (known) => {
    const { ctx, page } = await loadSite(request, site, known);
    await consume("subscribe-link-ip", SUBSCRIBE_RATE_LIMITS.linksPerIp, rateLimitSubject(clientIp(request.headers)), TOO_MANY.subscribe);
    const id = signed(request, "unsubscribe");
    await readForm(request).catch((error: unknown) => {
      // A one-click post may come with no body at all; only an oversized one is refused.
      if (error instanceof z.ZodError || (error instanceof AppError && error.code === "bad_request")) return null;
      throw error;
    });
    const row = await unsubscribe({ ctx, subscriberId: id });
    const c = chromeFor(site, page.org);
    const paragraphs = [c.t("unsubscribe.done.body", { email: row.email, name: page.org.name })];
    return htmlPage(site, messagePage({ org: page.org, base: site.base, title: c.t("unsubscribe.done.title"), paragraphs, link: { href: `${site.base}/subscribe`, text: c.t("subscribe.again") }, c }));
  });
}
