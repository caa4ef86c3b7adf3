import "server-only";

import * as z from "zod";
import { confirmPage, messagePage, type PageOrg } from "@/modules/access/render/pages";
import { inPublicTenant, type PublicAccessContext } from "@/modules/access/server/context";
import { answering, contextOf, field, htmlPage, pageUrl, readForm, siteOf, trustPageUrl, type Site } from "@/modules/access/server/site";
import { enqueueEmail } from "@/modules/email/server/outbox";
import { liveView } from "@/modules/publishing/server/publish";
import { fieldErrorsOf } from "@/server/actions";
import type { Tx } from "@/server/db/client";
import { env } from "@/server/env";
import { AppError } from "@/server/errors";
import { consume } from "@/server/rate-limit";
import { assertSameOrigin, clientIp, rateLimitSubject } from "@/server/request";
import { objectionFormPage, type ObjectionValues } from "../render/pages";
import { OBJECTION_RATE_LIMITS, OBJECTION_TTL_MINUTES } from "../schema";
import { loadObjectableChange, submitObjection, verifyObjection } from "./objections";

/**
 * The objection pages on every tenant host and under /t/{slug} (ADR 031), in the prospect-access
 * pattern (ADR 029): Origin checked, bounded form, rate limits, honeypot, `private, no-store`.
 * Route handlers in src/app/t/[slug]/subprocessors/object/ call these and nothing else.
 */
const TOO_MANY = "Too many objections from here.";
const EMPTY: ObjectionValues = { email: "", company: "", reason: "" };

async function loadOrg(request: Request, site: Site, known: { org: PageOrg | null }): Promise<{ ctx: PublicAccessContext; org: PageOrg }> {
  const ctx = await contextOf(request, site);
  const view = ctx ? await inPublicTenant(ctx, async (tx) => (await liveView(tx, ctx.org.id)).view) : null;
  if (!ctx || !view) throw new AppError("not_found", "No such trust center.");
  const org = { name: view.organization.name, brand: view.organization.brandColor };
  known.org = org;
  return { ctx, org };
}

/** Unknown, past, another organisation's: one 404 page. */
const noChange = (site: Site, org: PageOrg) =>
  htmlPage(site, messagePage({ org, base: site.base, title: "Nothing to object to", paragraphs: ["There is no upcoming subprocessor change at this address. It may already be in effect."] }), 404);

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
    return htmlPage(site, objectionFormPage({ org, base: site.base, change, values: EMPTY, errors: {} }));
  });
}

const mailVerification = (site: Site, orgName: string) => (tx: Tx, token: string, to: { email: string; vendor: string }) =>
  enqueueEmail(tx, { to: to.email, template: "objection-verify", props: { orgName, vendor: to.vendor, url: `${pageUrl(site, "/subprocessors/object/verify")}?${new URLSearchParams({ token })}`, expiresInMinutes: OBJECTION_TTL_MINUTES } });

const sentPage = (site: Site, org: PageOrg, email: string) =>
  htmlPage(site, messagePage({ org, base: site.base, title: "Check your email", paragraphs: [`We sent a link to ${email}. Open it within ${OBJECTION_TTL_MINUTES} minutes to confirm your address and send your objection.`] }));

export async function submitObjectionPage(request: Request, slug: string) {
  const site = siteOf(request, slug);
  return answering(site, async (known) => {
    assertSameOrigin(request.headers, site.origin);
    const { ctx, org } = await loadOrg(request, site, known);
    await consume("objection-ip", OBJECTION_RATE_LIMITS.perIp, rateLimitSubject(clientIp(request.headers)), TOO_MANY);
    const form = await readForm(request);
    const values = { email: field(form, "email"), company: field(form, "company"), reason: field(form, "reason") };
    const change = await changeOr404(ctx, field(form, "change"));
    if (!change) return noChange(site, org);
    if (field(form, "website")) return sentPage(site, org, values.email);
    const input = { changeId: change.id, ...values };
    try {
      await consume("objection-email", OBJECTION_RATE_LIMITS.perEmail, values.email.trim().toLowerCase(), TOO_MANY);
      await submitObjection({ ctx, input, deliver: mailVerification(site, org.name) });
    } catch (error) {
      if (!(error instanceof z.ZodError)) throw error;
      return htmlPage(site, objectionFormPage({ org, base: site.base, change, values, errors: fieldErrorsOf(error), message: "Some fields need attention." }), 422);
    }
    return sentPage(site, org, values.email);
  });
}

/** The mail's landing page: a button, so that a mail scanner's GET confirms nothing. */
export async function objectionVerifyPage(request: Request, slug: string) {
  const site = siteOf(request, slug);
  return answering(site, async (known) => {
    const { org } = await loadOrg(request, site, known);
    const token = new URL(request.url).searchParams.get("token") ?? "";
    return htmlPage(site, confirmPage({ org, base: site.base, title: "Confirm your objection", text: "Press the button to confirm your email address and send your objection.", action: `${site.base}/subprocessors/object/verify`, token, button: "Confirm and send my objection" }));
  });
}

export async function confirmObjection(request: Request, slug: string) {
  const site = siteOf(request, slug);
  return answering(site, async (known) => {
    assertSameOrigin(request.headers, site.origin);
    const { ctx, org } = await loadOrg(request, site, known);
    const form = await readForm(request);
    const registerUrl = new URL(`/dashboard/${slug}/subprocessors/objections`, env().APP_URL).toString();
    const { reference } = await verifyObjection({ ctx, token: field(form, "token"), registerUrl, trustUrl: trustPageUrl(site) });
    return htmlPage(site, messagePage({ org, base: site.base, title: "Your objection was sent", paragraphs: [`${org.name} has your objection. Your reference is ${reference}; we emailed you a receipt.`] }));
  });
}
