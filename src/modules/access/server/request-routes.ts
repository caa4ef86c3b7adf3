import "server-only";

import * as z from "zod";
import { fieldErrorsOf } from "@/server/actions";
import { AppError } from "@/server/errors";
import { consume } from "@/server/rate-limit";
import { assertSameOrigin, clientIp, rateLimitSubject } from "@/server/request";
import { localizedErrors, type Chrome, type FieldRule } from "../render/chrome";
import { confirmPage, messagePage, requestFormPage, type RequestValues } from "../render/pages";
import { ACCESS_RATE_LIMITS, REQUEST_LIMITS, submitRequestSchema, VERIFICATION_TTL_MINUTES } from "../schema";
import { mailAccessLink, mailReviewers, mailVerification } from "./mail";
import { submitAccessRequest, verifyAccessRequest } from "./requests";
import { answering, chromeFor, field, htmlPage, loadSite, readForm, siteOf, TOO_MANY, type AccessPageData, type Explain, type Site } from "./site";

/**
 * The access page (request form) and the address check, on every tenant host and under /t/{slug}
 * (ADR 029), in the visitor's language (render/chrome.ts). The route handlers in
 * src/app/t/[slug]/access/ call these and nothing else.
 */
const EMPTY: RequestValues = { email: "", fullName: "", company: "", reason: "", items: "all", ndaAgreed: false };

/** The request form's fields, for their messages in the page's language. */
const RULES: Record<string, FieldRule> = {
  email: { kind: "email" },
  fullName: { kind: "text", label: "prospect.field.fullName", max: REQUEST_LIMITS.fullName, required: "prospect.error.fullNameRequired" },
  company: { kind: "text", label: "prospect.field.company", max: REQUEST_LIMITS.company, required: "prospect.error.companyRequired" },
  reason: { kind: "text", label: "prospect.field.reason", max: REQUEST_LIMITS.reason, required: "prospect.error.controlChars" },
  scope: { kind: "choice", none: "prospect.error.itemsNone", unknown: "prospect.error.itemsUnknown" },
  nda: { kind: "fixed", key: "prospect.error.ndaTick" },
};

/** A used or expired verification link. */
const explainVerify: Explain = (error, { t }) => (error.code === "gone" ? t("access.verify.gone") : null);

export async function accessPage(request: Request, slug: string) {
  const site = siteOf(request, slug);
  return answering(site, async (known) => {
    const loaded = await loadSite(request, site, known);
    const c = chromeFor(site, loaded.page.org);
    return htmlPage(site, requestFormPage({ org: loaded.page.org, base: site.base, items: loaded.page.items, nda: loaded.page.nda, values: EMPTY, errors: {}, c, blank: true }));
  });
}

function valuesOf(form: Map<string, string[]>, page: AccessPageData): RequestValues {
  const chosen = form.get("items") ?? [];
  const all = page.items.length > 0 && page.items.every((item) => chosen.includes(item.key));
  return { email: field(form, "email"), fullName: field(form, "fullName"), company: field(form, "company"), reason: field(form, "reason"), items: all ? "all" : chosen, ndaAgreed: field(form, "ndaAgree") === "yes" };
}

/** The form's fields as the domain's input: every listed item ticked is "all"; the NDA only when it is shown. */
function inputOf(values: RequestValues, form: Map<string, string[]>, page: AccessPageData) {
  return {
    email: values.email,
    fullName: values.fullName,
    company: values.company,
    reason: values.reason,
    scope: values.items === "all" || page.items.length === 0 ? { all: true } : { items: values.items },
    ...(page.nda && values.ndaAgreed ? { nda: { versionId: field(form, "ndaVersionId"), accepted: true } } : {}),
  };
}

const sentPage = (site: Site, page: AccessPageData, email: string, c: Chrome) =>
  htmlPage(site, messagePage({ org: page.org, base: site.base, title: c.t("prospect.checkEmail"), paragraphs: [c.t("access.sent.body", { email, minutes: VERIFICATION_TTL_MINUTES }), c.t("access.sent.spam")], c }));

/** What the domain refused, in the page's language: the NDA (unticked, or changed meanwhile: 409) or items not listed. */
function refusal(error: AppError, c: Chrome, values: RequestValues) {
  const fields = error.details.fieldErrors ?? {};
  const errors = localizedErrors(c.t, fields, RULES, { scope: values.items === "all" ? [] : values.items });
  if (error.code === "conflict") return { errors, message: c.t("prospect.error.ndaChanged") };
  return { errors, message: c.t(fields.nda ? "prospect.error.ndaRead" : fields.scope ? "access.request.itemsUnavailable" : "prospect.fix") };
}

/**
 * A request: rate limits per client and per address (429), a honeypot that answers like success
 * and stores nothing, the form again with its values and messages for what needs fixing (422, or
 * 409 when the NDA changed meanwhile), then "check your email" with the mail in the outbox.
 */
export async function submitAccessPage(request: Request, slug: string) {
  const site = siteOf(request, slug);
  return answering(site, async (known) => {
    const loaded = await loadSite(request, site, known);
    assertSameOrigin(request.headers, site.origin);
    const c = chromeFor(site, loaded.page.org);
    await consume("access-request-ip", ACCESS_RATE_LIMITS.requestsPerIp, rateLimitSubject(clientIp(request.headers)), TOO_MANY.access);
    const form = await readForm(request);
    const values = valuesOf(form, loaded.page);
    if (field(form, "website")) return sentPage(site, loaded.page, values.email, c);
    const again = (status: number, errors: Record<string, string[] | undefined>, message: string) =>
      htmlPage(site, requestFormPage({ org: loaded.page.org, base: site.base, items: loaded.page.items, nda: loaded.page.nda, values, errors, message, c }), status);
    const posted = { email: values.email, fullName: values.fullName, company: values.company, reason: values.reason, scope: values.items === "all" ? [] : values.items };
    const parsed = submitRequestSchema.safeParse(inputOf(values, form, loaded.page));
    if (!parsed.success) return again(422, localizedErrors(c.t, fieldErrorsOf(parsed.error), RULES, posted), c.t("prospect.fix"));
    await consume("access-request-email", ACCESS_RATE_LIMITS.requestsPerEmail, parsed.data.email, TOO_MANY.access);
    try {
      // The language the form was shown in: its mails are written in it (ADR 038).
      await submitAccessRequest({ ctx: loaded.ctx, input: inputOf(values, form, loaded.page), deliver: mailVerification(site, loaded.page.org.name, c.locale), language: c.locale });
    } catch (error) {
      if (error instanceof z.ZodError) return again(422, localizedErrors(c.t, fieldErrorsOf(error), RULES, posted), c.t("prospect.fix"));
      if (!(error instanceof AppError && (error.code === "validation" || error.code === "conflict"))) throw error;
      const { errors, message } = refusal(error, c, values);
      return again(error.status, errors, message);
    }
    return sentPage(site, loaded.page, parsed.data.email, c);
  });
}

/** The verification mail's landing page: a button, so that a mail scanner's GET confirms nothing. */
export async function verifyPage(request: Request, slug: string) {
  const site = siteOf(request, slug);
  return answering(site, async (known) => {
    const loaded = await loadSite(request, site, known);
    const c = chromeFor(site, loaded.page.org);
    const token = new URL(request.url).searchParams.get("token") ?? "";
    const body = confirmPage({ org: loaded.page.org, base: site.base, title: c.t("access.verify.title"), text: c.t("access.verify.text"), action: `${site.base}/access/verify`, token, button: c.t("access.verify.button"), c });
    return htmlPage(site, body);
  });
}

/** The confirmation: the rules decide; an approval mails the access link, a request left for review mails the reviewers. */
export async function confirmVerification(request: Request, slug: string) {
  const site = siteOf(request, slug);
  return answering(
    site,
    async (known) => {
      const loaded = await loadSite(request, site, known);
      assertSameOrigin(request.headers, site.origin);
      const form = await readForm(request);
      const { org } = loaded.page;
      const c = chromeFor(site, org);
      const say = (title: string, paragraphs: string[]) => htmlPage(site, messagePage({ org, base: site.base, title, paragraphs, c }));
      const result = await verifyAccessRequest({
        ctx: loaded.ctx,
        token: field(form, "token"),
        deliver: mailAccessLink(site, org.name, site.locale ?? org.language),
        notifyReview: mailReviewers(site, loaded.ctx.org.id, org.name),
      });
      if (result.status === "APPROVED") return say(c.t("access.approved.title"), [c.t("access.approved.body")]);
      if (result.status === "PENDING") return say(c.t("access.thanks"), [c.t("access.pending.body", { name: org.name })]);
      return say(c.t("access.thanks"), [c.t("access.denied.body", { name: org.name })]);
    },
    explainVerify,
  );
}
