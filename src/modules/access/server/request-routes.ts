import "server-only";

import * as z from "zod";
import { fieldErrorsOf } from "@/server/actions";
import { AppError } from "@/server/errors";
import { consume } from "@/server/rate-limit";
import { assertSameOrigin, clientIp, rateLimitSubject } from "@/server/request";
import { confirmPage, messagePage, requestFormPage, type RequestValues } from "../render/pages";
import { ACCESS_RATE_LIMITS, submitRequestSchema } from "../schema";
import { mailAccessLink, mailReviewers, mailVerification } from "./mail";
import { submitAccessRequest, verifyAccessRequest } from "./requests";
import { answering, field, htmlPage, loadSite, readForm, siteOf, type AccessPageData, type Site } from "./site";

/**
 * The access page (request form) and the address check, on every tenant host and under /t/{slug}
 * (ADR 029). The route handlers in src/app/t/[slug]/access/ call these and nothing else.
 */
const TOO_MANY = "Too many access requests from here.";
const EMPTY: RequestValues = { email: "", fullName: "", company: "", reason: "", items: "all", ndaAgreed: false };

export async function accessPage(request: Request, slug: string) {
  const site = siteOf(request, slug);
  return answering(site, async (known) => {
    const loaded = await loadSite(request, site, known);
    return htmlPage(site, requestFormPage({ org: loaded.page.org, base: site.base, items: loaded.page.items, nda: loaded.page.nda, values: EMPTY, errors: {}, blank: true }));
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

/** Messages by the form's field: "scope.items" and "nda.accepted" show at "scope" and "nda". */
function byField(errors: Record<string, string[]>) {
  const out: Record<string, string[]> = {};
  for (const [key, messages] of Object.entries(errors)) (out[key.split(".")[0]!] ??= []).push(...messages);
  return out;
}

const sentPage = (site: Site, page: AccessPageData, email: string) =>
  htmlPage(site, messagePage({ org: page.org, base: site.base, title: "Check your email", paragraphs: [`We sent a link to ${email}. Open it within 30 minutes to confirm your address and send your request.`, "Nothing arrived? Check your spam folder, or request access again."] }));

/**
 * A request: rate limits per client and per address (429), a honeypot that answers like success
 * and stores nothing, the form again with its values and messages for what needs fixing (422, or
 * 409 when the NDA changed meanwhile), then "check your email" with the mail in the outbox.
 */
export async function submitAccessPage(request: Request, slug: string) {
  const site = siteOf(request, slug);
  return answering(site, async (known) => {
    assertSameOrigin(request.headers, site.origin);
    const loaded = await loadSite(request, site, known);
    await consume("access-request-ip", ACCESS_RATE_LIMITS.requestsPerIp, rateLimitSubject(clientIp(request.headers)), TOO_MANY);
    const form = await readForm(request);
    const values = valuesOf(form, loaded.page);
    if (field(form, "website")) return sentPage(site, loaded.page, values.email);
    const again = (status: number, errors: Record<string, string[] | undefined>, message: string) =>
      htmlPage(site, requestFormPage({ org: loaded.page.org, base: site.base, items: loaded.page.items, nda: loaded.page.nda, values, errors, message }), status);
    const parsed = submitRequestSchema.safeParse(inputOf(values, form, loaded.page));
    if (!parsed.success) return again(422, byField(fieldErrorsOf(parsed.error)), "Some fields need attention.");
    await consume("access-request-email", ACCESS_RATE_LIMITS.requestsPerEmail, parsed.data.email, TOO_MANY);
    try {
      const language = site.locale ?? loaded.page.org.language ?? "en";
      await submitAccessRequest({ ctx: loaded.ctx, input: inputOf(values, form, loaded.page), deliver: mailVerification(site, loaded.page.org.name, language), language });
    } catch (error) {
      if (error instanceof z.ZodError) return again(422, byField(fieldErrorsOf(error)), "Some fields need attention.");
      if (error instanceof AppError && (error.code === "validation" || error.code === "conflict")) return again(error.status, error.details.fieldErrors ?? {}, error.message);
      throw error;
    }
    return sentPage(site, loaded.page, parsed.data.email);
  });
}

/** The verification mail's landing page: a button, so that a mail scanner's GET confirms nothing. */
export async function verifyPage(request: Request, slug: string) {
  const site = siteOf(request, slug);
  return answering(site, async (known) => {
    const loaded = await loadSite(request, site, known);
    const token = new URL(request.url).searchParams.get("token") ?? "";
    const body = confirmPage({ org: loaded.page.org, base: site.base, title: "Confirm your address", text: "Press the button to confirm your email address and send your request.", action: `${site.base}/access/verify`, token, button: "Confirm and send my request" });
    return htmlPage(site, body);
  });
}

/** The confirmation: the rules decide; an approval mails the access link, a request left for review mails the reviewers. */
export async function confirmVerification(request: Request, slug: string) {
  const site = siteOf(request, slug);
  return answering(site, async (known) => {
    assertSameOrigin(request.headers, site.origin);
    const loaded = await loadSite(request, site, known);
    const form = await readForm(request);
    const { org } = loaded.page;
    const say = (title: string, paragraphs: string[]) => htmlPage(site, messagePage({ org, base: site.base, title, paragraphs }));
    const result = await verifyAccessRequest({
      ctx: loaded.ctx,
      token: field(form, "token"),
      deliver: mailAccessLink(site, org.name, site.locale ?? org.language),
      notifyReview: mailReviewers(site, loaded.ctx.org.id, org.name),
    });
    if (result.status === "APPROVED") return say("Your access is ready", ["Your address is confirmed and your request was approved. We emailed you a link that opens the documents on this site."]);
    if (result.status === "PENDING") return say("Thank you", [`Your address is confirmed. ${org.name} will review your request and we'll email you the outcome.`]);
    return say("Thank you", [`Your address is confirmed. ${org.name} cannot share these documents through this page; for questions, write to its security contact.`]);
  });
}
