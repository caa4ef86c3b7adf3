import "server-only";

import { AppError } from "@/server/errors";
import { consume } from "@/server/rate-limit";
import { assertSameOrigin, clientIp, rateLimitSubject } from "@/server/request";
import { emailSchema } from "@/modules/auth/schema";
import { confirmPage, messagePage, newLinkPage } from "../render/pages";
import { ACCESS_RATE_LIMITS } from "../schema";
import { mailAccessLink } from "./mail";
import { endGranteeSession, redeemAccessLink, requestNewLink } from "./sessions";
import { answering, clearedGranteeCookie, contextOf, field, granteeCookie, granteeToken, htmlPage, loadSite, readForm, seeOther, siteOf, trustPageUrl } from "./site";

/**
 * The access link, "email me a new link" and signing out (ADR 029). Opening the link is a POST
 * from its landing page (mail scanners only GET); it sets the grantee cookie, host-only, and
 * sends the browser to the trust page. The trust page URL carries a marker after signing in or
 * out, so a copy of the anonymous page a browser still holds is not shown instead.
 */
const TOO_MANY = "Too many link requests from here.";
const SAME_ANSWER = "If this address has access to the documents, we emailed it a new link for this site. It works once, within 24 hours.";

export async function openLinkPage(request: Request, slug: string) {
  const site = siteOf(request, slug);
  return answering(site, async (known) => {
    const { page } = await loadSite(request, site, known);
    const token = new URL(request.url).searchParams.get("token") ?? "";
    const body = confirmPage({ org: page.org, base: site.base, title: "Open the documents", text: `Press the button to open ${page.org.name}'s trust center with the documents shared with you, in this browser.`, action: `${site.base}/access/open`, token, button: "Open the documents" });
    return htmlPage(site, body);
  });
}

export async function redeemLink(request: Request, slug: string) {
  const site = siteOf(request, slug);
  return answering(site, async (known) => {
    assertSameOrigin(request.headers, site.origin);
    const { ctx, page } = await loadSite(request, site, known);
    const form = await readForm(request);
    try {
      const session = await redeemAccessLink({ ctx, token: field(form, "token") });
      return seeOther(trustPageUrl(site, "?signed-in"), granteeCookie(session.sessionToken, session.expiresAt));
    } catch (error) {
      if (!(error instanceof AppError && error.code === "gone")) throw error;
      const body = messagePage({ org: page.org, base: site.base, title: "This link no longer works", paragraphs: [error.message], link: { href: `${site.base}/access/new-link`, text: "Email me a new link" } });
      return htmlPage(site, body, 410);
    }
  });
}

export async function newLinkForm(request: Request, slug: string) {
  const site = siteOf(request, slug);
  return answering(site, async (known) => {
    const { page } = await loadSite(request, site, known);
    return htmlPage(site, newLinkPage({ org: page.org, base: site.base, email: "", errors: {} }));
  });
}

/** The same page whether or not the address holds a grant; limits per client and per address first. */
export async function sendNewLink(request: Request, slug: string) {
  const site = siteOf(request, slug);
  return answering(site, async (known) => {
    assertSameOrigin(request.headers, site.origin);
    const { ctx, page } = await loadSite(request, site, known);
    await consume("access-link-ip", ACCESS_RATE_LIMITS.linksPerIp, rateLimitSubject(clientIp(request.headers)), TOO_MANY);
    const form = await readForm(request);
    const email = emailSchema.safeParse(field(form, "email"));
    if (!email.success) return htmlPage(site, newLinkPage({ org: page.org, base: site.base, email: field(form, "email"), errors: { email: email.error.issues.map((i) => i.message) } }), 422);
    await consume("access-link-email", ACCESS_RATE_LIMITS.linksPerEmail, email.data, TOO_MANY);
    await requestNewLink({ ctx, input: { email: email.data }, deliver: mailAccessLink(site, page.org.name, site.locale ?? page.org.language) });
    return htmlPage(site, messagePage({ org: page.org, base: site.base, title: "Check your email", paragraphs: [SAME_ANSWER] }));
  });
}

/** Signing out ends the session (if there is one) and clears the cookie; either way, back to the trust page. */
export async function signOut(request: Request, slug: string) {
  const site = siteOf(request, slug);
  return answering(site, async () => {
    assertSameOrigin(request.headers, site.origin);
    const token = granteeToken(request);
    const ctx = token ? await contextOf(request, site) : null;
    if (ctx) await endGranteeSession({ ctx, token });
    return seeOther(trustPageUrl(site, "?signed-out"), clearedGranteeCookie());
  });
}
