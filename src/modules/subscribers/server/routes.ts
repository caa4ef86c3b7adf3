import "server-only";

import * as z from "zod";
import { messagePage, confirmPage, type PageOrg } from "@/modules/access/render/pages";
import { answering, field, htmlPage, loadSite, readForm, siteOf, type Site } from "@/modules/access/server/site";
import { fieldErrorsOf } from "@/server/actions";
import { AppError } from "@/server/errors";
import { consume } from "@/server/rate-limit";
import { assertSameOrigin, clientIp, rateLimitSubject } from "@/server/request";
import { formTopicsOf, managePage, subscribeFormPage, unsubscribePage, type SubscribeValues } from "../render/pages";
import { SUBSCRIBE_RATE_LIMITS, subscribeSchema, topicsFromForm, preferencesSchema } from "../schema";
import { subscriberIdOf, subscriberToken } from "./links";
import { subscribeDelivery } from "./mail";
import { confirmSubscription, EXPIRED, savePreferences, subscribe, subscriberOf, unsubscribe } from "./subscriptions";

/**
 * The subscriber's pages on every tenant host and under /t/{slug} (ADR 030), after the access
 * pages' pattern (ADR 029): the host names the organisation, posts are Origin-checked (but the
 * one-click unsubscribe, whose signed link is its authority), forms read up to 32 KiB, rate
 * limits, every error a page, every answer `private, no-store`.
 */
const TOO_MANY = "Too many subscription requests from here.";
const BAD_LINK = "This link does not work. Use the link in the latest email from this trust center.";

/** The access pages' error pages, with the subscriber's own words for a bad link (404) and an expired confirmation (410, with the way on). */
function answer(site: Site, body: (known: { org: PageOrg | null }) => Promise<Response>) {
  return answering(site, async (known) => {
    try {
      return await body(known);
    } catch (error) {
      if (!(error instanceof AppError) || !known.org) throw error;
      const say = (status: number, title: string, text: string) =>
        htmlPage(site, messagePage({ org: known.org!, base: site.base, title, paragraphs: [text], link: { href: `${site.base}/subscribe`, text: "Subscribe again" } }), status);
      if (error.code === "not_found") return say(404, "This link does not work", BAD_LINK);
      if (error.code === "gone") return say(410, error.message === EXPIRED ? "This link has expired" : "This link no longer works", error.message);
      throw error;
    }
  });
}

const sentPage = (site: Site, org: PageOrg, email: string) =>
  htmlPage(site, messagePage({ org, base: site.base, title: "Check your email", paragraphs: [`If ${email} can be subscribed, we sent it a link. Open it within 48 hours to confirm your subscription.`, "Nothing arrived? Check your spam folder, or subscribe again."] }));

const EMPTY: SubscribeValues = { email: "", topics: ["all"] };

export async function subscribeFormRoute(request: Request, slug: string) {
  const site = siteOf(request, slug);
  return answer(site, async (known) => {
    const { page } = await loadSite(request, site, known);
    return htmlPage(site, subscribeFormPage({ org: page.org, base: site.base, values: EMPTY, errors: {} }));
  });
}

/** A subscription: Origin, per-IP limit, a honeypot that answers like success, 422 with the values kept, per-email limit, then the same answer for every address. */
export async function subscribeRoute(request: Request, slug: string) {
  const site = siteOf(request, slug);
  return answer(site, async (known) => {
    assertSameOrigin(request.headers, site.origin);
    const { ctx, page } = await loadSite(request, site, known);
    await consume("subscribe-ip", SUBSCRIBE_RATE_LIMITS.perIp, rateLimitSubject(clientIp(request.headers)), TOO_MANY);
    const form = await readForm(request);
    const values: SubscribeValues = { email: field(form, "email"), topics: form.get("topics") ?? [] };
    if (field(form, "website")) return sentPage(site, page.org, values.email);
    const parsed = subscribeSchema.safeParse({ email: values.email, topics: topicsFromForm(values.topics) });
    if (!parsed.success) {
      const errors = byField(fieldErrorsOf(parsed.error));
      return htmlPage(site, subscribeFormPage({ org: page.org, base: site.base, values, errors, message: "Some fields need attention." }), 422);
    }
    await consume("subscribe-email", SUBSCRIBE_RATE_LIMITS.perEmail, parsed.data.email.toLowerCase(), TOO_MANY);
    const language = site.locale ?? page.org.language ?? "en";
    await subscribe({ ctx, input: { ...parsed.data, language }, deliver: subscribeDelivery(site, page.org.name, language) });
    return sentPage(site, page.org, parsed.data.email);
  });
}

function byField(errors: Record<string, string[]>) {
  const out: Record<string, string[]> = {};
  for (const [key, messages] of Object.entries(errors)) (out[key.split(".")[0]!] ??= []).push(...messages);
  return out;
}

/** The confirmation mail's landing page: a button; a GET (a mail scanner's prefetch) changes nothing. */
export async function confirmLandingRoute(request: Request, slug: string) {
  const site = siteOf(request, slug);
  return answer(site, async (known) => {
    const { page } = await loadSite(request, site, known);
    const token = new URL(request.url).searchParams.get("token") ?? "";
    return htmlPage(site, confirmPage({ org: page.org, base: site.base, title: "Confirm your subscription", text: "Press the button to confirm your email address and start your subscription.", action: `${site.base}/subscribe/confirm`, token, button: "Confirm my subscription" }));
  });
}

export async function confirmRoute(request: Request, slug: string) {
  const site = siteOf(request, slug);
  return answer(site, async (known) => {
    assertSameOrigin(request.headers, site.origin);
    const { ctx, page } = await loadSite(request, site, known);
    await consume("subscribe-link-ip", SUBSCRIBE_RATE_LIMITS.linksPerIp, rateLimitSubject(clientIp(request.headers)), TOO_MANY);
    const form = await readForm(request);
    const row = await confirmSubscription({ ctx, token: field(form, "token") });
    const manage = `${site.base}/subscribe/manage?${new URLSearchParams({ s: subscriberToken(row.id, "manage") })}`;
    return htmlPage(site, messagePage({ org: page.org, base: site.base, title: "You are subscribed", paragraphs: [`${row.email} will get ${page.org.name}'s updates. Every email has a link to change your topics or unsubscribe.`], link: { href: manage, text: "Manage your subscription" } }));
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
    return htmlPage(site, managePage({ org: page.org, base: site.base, token: tokenOf(request)!, unsubscribeToken: subscriberToken(row.id, "unsubscribe"), email: row.email, status: row.status, topics: formTopicsOf(row.topics), errors: {} }));
  });
}

/** New topics from the manage page: Origin-checked (a browser form), the signed link the authority. */
export async function savePreferencesRoute(request: Request, slug: string) {
  const site = siteOf(request, slug);
  return answer(site, async (known) => {
    assertSameOrigin(request.headers, site.origin);
    const { ctx, page } = await loadSite(request, site, known);
    await consume("subscribe-link-ip", SUBSCRIBE_RATE_LIMITS.linksPerIp, rateLimitSubject(clientIp(request.headers)), TOO_MANY);
    const id = signed(request, "manage");
    const form = await readForm(request);
    const chosen = form.get("topics") ?? [];
    const show = (row: { email: string; status: string }, status: number, topics: string[], errors: Record<string, string[]>, message: string) =>
      htmlPage(site, managePage({ org: page.org, base: site.base, token: tokenOf(request)!, unsubscribeToken: subscriberToken(id, "unsubscribe"), email: row.email, status: row.status, topics, errors, message }), status);
    const parsed = preferencesSchema.safeParse({ topics: topicsFromForm(chosen) });
    if (!parsed.success) return show(await subscriberOf({ ctx, subscriberId: id }), 422, chosen, byField(fieldErrorsOf(parsed.error)), "Some fields need attention.");
    const saved = await savePreferences({ ctx, subscriberId: id, input: parsed.data });
    return show(saved, 200, formTopicsOf(saved.topics), {}, "Your topics are saved.");
  });
}

export async function unsubscribeLandingRoute(request: Request, slug: string) {
  const site = siteOf(request, slug);
  return answer(site, async (known) => {
    const { ctx, page } = await loadSite(request, site, known);
    const row = await subscriberOf({ ctx, subscriberId: signed(request, "unsubscribe") });
    return htmlPage(site, unsubscribePage({ org: page.org, base: site.base, token: tokenOf(request)!, email: row.email }));
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
    await consume("subscribe-link-ip", SUBSCRIBE_RATE_LIMITS.linksPerIp, rateLimitSubject(clientIp(request.headers)), TOO_MANY);
    const id = signed(request, "unsubscribe");
    await readForm(request).catch((error: unknown) => {
      // A one-click post may come with no body at all; only an oversized one is refused.
      if (error instanceof z.ZodError || (error instanceof AppError && error.code === "bad_request")) return null;
      throw error;
    });
    const row = await unsubscribe({ ctx, subscriberId: id });
    return htmlPage(site, messagePage({ org: page.org, base: site.base, title: "You are unsubscribed", paragraphs: [`${row.email} will get no more email from ${page.org.name}'s trust center.`], link: { href: `${site.base}/subscribe`, text: "Subscribe again" } }));
  });
}
