import "server-only";

import * as z from "zod";
import { keepLang, localizedErrors, type Chrome, type FieldRule } from "@/modules/access/render/chrome";
import { confirmPage, messagePage, type PageOrg } from "@/modules/access/render/pages";
import { inPublicTenant, type PublicAccessContext } from "@/modules/access/server/context";
import { answering, chromeFor, contextOf, field, htmlPage, pageUrl, readForm, siteOf, TOO_MANY, trustPageUrl, type Explain, type Site } from "@/modules/access/server/site";
import { localeOr } from "@/lib/locales";
import { enqueueEmail } from "@/modules/email/server/outbox";
import { liveView } from "@/modules/publishing/server/publish";
import { fieldErrorsOf } from "@/server/actions";
import type { Tx } from "@/server/db/client";
import { env } from "@/server/env";
import { AppError } from "@/server/errors";
import { consume } from "@/server/rate-limit";
import { assertSameOrigin, clientIp, rateLimitSubject } from "@/server/request";
import { objectionFormPage, type ObjectionValues } from "../render/pages";
import { OBJECTION_LIMITS, OBJECTION_RATE_LIMITS, OBJECTION_TTL_MINUTES } from "../schema";
import { loadObjectableChange, submitObjection, verifyObjection } from "./objections";

/**
 * The objection pages on every tenant host and under /t/{slug} (ADR 031), in the prospect-access
 * pattern (ADR 029): Origin checked, bounded form, rate limits, honeypot, `private, no-store`.
 * Route handlers in src/app/t/[slug]/subprocessors/object/ call these and nothing else.
 */
const EMPTY: ObjectionValues = { email: "", company: "", reason: "" };
const RULES: Record<string, FieldRule> = {
  email: { kind: "email" },
  company: { kind: "text", label: "prospect.field.company", max: OBJECTION_LIMITS.company, required: "prospect.error.companyRequired" },
  reason: { kind: "text", label: "prospect.field.reason", max: OBJECTION_LIMITS.reason, required: "prospect.error.objectionReason" },
};
/** A used or expired confirmation link. */
const explainObjection: Explain = (error, { t }) => (error.code === "gone" ? t("objection.gone") : null);

async function loadOrg(request: Request, site: Site, known: { org: PageOrg | null }): Promise<{ ctx: PublicAccessContext; org: PageOrg }> {
  const ctx = await contextOf(request, site);
  const view = ctx ? await inPublicTenant(ctx, async (tx) => (await liveView(tx, ctx.org.id)).view) : null;
  if (!ctx || !view) throw new AppError("not_found", "No such trust center.");
  const org: PageOrg = { name: view.organization.name, brand: view.organization.brandColor, language: localeOr(view.organization.language) };
  known.org = org;
  return { ctx, org };
}

/** Unknown, past, another organisation's: one 404 page. */
const noChange = (site: Site, org: PageOrg, c = chromeFor(site, org)) =>
  htmlPage(site, messagePage({ org, base: site.base, title: c.t("objection.none"), paragraphs: [c.t("objection.noneBody")], c }), 404);

async function changeOr404(ctx: PublicAccessContext, id: string) {
  try {
    return await loadObjectableChange(ctx, id);
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") return null;
    throw error;
  }
}

export async function objectionPage(request: Request, slug: string) {
  const site = siteOf(request, slug);
  return answering(site, async (known) => {
    const { ctx, org } = await loadOrg(request, site, known);
    const change = await changeOr404(ctx, new URL(request.url).searchParams.get("change") ?? "");
    if (!change) return noChange(site, org);
    return htmlPage(site, objectionFormPage({ org, base: site.base, change, values: EMPTY, errors: {}, c: chromeFor(site, org) }));
  });
}

/** The confirmation mail, in the form's language; its link keeps a language named by `?lang=`, so the confirm page and the receipt follow. */
const mailVerification = (site: Site, orgName: string, c: Chrome) => (tx: Tx, token: string, to: { email: string; vendor: string }) =>
  enqueueEmail(tx, {
    to: to.email,
    template: "objection-verify",
    props: { locale: c.locale, orgName, vendor: to.vendor, url: keepLang(c, `${pageUrl(site, "/subprocessors/object/verify")}?${new URLSearchParams({ token })}`), expiresInMinutes: OBJECTION_TTL_MINUTES },
  });

const sentPage = (site: Site, org: PageOrg, email: string, c: Chrome) =>
  htmlPage(site, messagePage({ org, base: site.base, title: c.t("prospect.checkEmail"), paragraphs: [c.t("objection.sent.body", { email, minutes: OBJECTION_TTL_MINUTES })], c }));

export async function submitObjectionPage(request: Request, slug: string) {
  const site = siteOf(request, slug);
  return answering(site, async (known) => {
    const { ctx, org } = await loadOrg(request, site, known);
    assertSameOrigin(request.headers, site.origin);
    const c = chromeFor(site, org);
    await consume("objection-ip", OBJECTION_RATE_LIMITS.perIp, rateLimitSubject(clientIp(request.headers)), TOO_MANY.objection);
    const form = await readForm(request);
    const values = { email: field(form, "email"), company: field(form, "company"), reason: field(form, "reason") };
    const change = await changeOr404(ctx, field(form, "change"));
    if (!change) return noChange(site, org);
    if (field(form, "website")) return sentPage(site, org, values.email, c);
    const input = { changeId: change.id, ...values };
    try {
      await consume("objection-email", OBJECTION_RATE_LIMITS.perEmail, values.email.trim().toLowerCase(), TOO_MANY.objection);
      await submitObjection({ ctx, input, deliver: mailVerification(site, org.name, c) });
    } catch (error) {
      if (!(error instanceof z.ZodError)) throw error;
      const errors = localizedErrors(c.t, fieldErrorsOf(error), RULES, values);
      return htmlPage(site, objectionFormPage({ org, base: site.base, change, values, errors, message: c.t("prospect.fix"), c }), 422);
    }
    return sentPage(site, org, values.email, c);
  });
}

/** The mail's landing page: a button, so that a mail scanner's GET confirms nothing. */
export async function objectionVerifyPage(request: Request, slug: string) {
  const site = siteOf(request, slug);
  return answering(site, async (known) => {
    const { org } = await loadOrg(request, site, known);
    const token = new URL(request.url).searchParams.get("token") ?? "";
    const c = chromeFor(site, org);
    return htmlPage(site, confirmPage({ org, base: site.base, title: c.t("objection.confirm.title"), text: c.t("objection.confirm.text"), action: `${site.base}/subprocessors/object/verify`, token, button: c.t("objection.confirm.button"), c }));
  });
}

export async function confirmObjection(request: Request, slug: string) {
  const site = siteOf(request, slug);
  return answering(
    site,
    async (known) => {
      const { ctx, org } = await loadOrg(request, site, known);
      assertSameOrigin(request.headers, site.origin);
      const form = await readForm(request);
      const registerUrl = new URL(`/dashboard/${slug}/subprocessors/objections`, env().APP_URL).toString();
      const c = chromeFor(site, org);
      const { reference } = await verifyObjection({ ctx, token: field(form, "token"), registerUrl, trustUrl: trustPageUrl(site), locale: c.locale });
      return htmlPage(site, messagePage({ org, base: site.base, title: c.t("objection.done.title"), paragraphs: [c.t("objection.done.body", { name: org.name, reference })], c }));
    },
    explainObjection,
  );
}
