import "server-only";

import { AppError } from "@/server/errors";
import { consume } from "@/server/rate-limit";
import { assertSameOrigin, clientIp, rateLimitSubject } from "@/server/request";
import { emailSchema } from "@/modules/auth/schema";
import { fieldMessage } from "../render/chrome";
import { confirmPage, messagePage, newLinkPage } from "../render/pages";
import { ACCESS_LINK_TTL_HOURS, ACCESS_RATE_LIMITS } from "../schema";
import { mailAccessLink } from "./mail";
import { endGranteeSession, redeemAccessLink, requestNewLink } from "./sessions";
import { answering, chromeFor, clearedGranteeCookie, contextOf, field, granteeCookie, granteeToken, htmlPage, loadSite, readForm, seeOther, siteOf, TOO_MANY, trustPageUrl, type Explain } from "./site";

/**
 * The access link, "email me a new link" and signing out (ADR 029). Opening the link is a POST
 * from its landing page (mail scanners only GET); it sets the grantee cookie, host-only, and
 * sends the browser to the trust page. The trust page URL carries a marker after signing in or
 * out, so a copy of the anonymous page a browser still holds is not shown instead.
 */
/** A used or expired access link. */
const explainLink: Explain = (error, { t }) => (error.code === "gone" ? t("access.open.gone") : null);

export async function openLinkPage(request: Request, slug: string) {
  const site = siteOf(request, slug);
  return answering(site, async (known) => {
    const { page } = await loadSite(request, site, known);
    const c = chromeFor(site, page.org);
    const token = new URL(request.url).searchParams.get("token") ?? "";
    const body = confirmPage({ org: page.org, base: site.base, title: c.t("access.open.title"), text: c.t("access.open.text", { name: page.org.name }), action: `${site.base}/access/open`, token, button: c.t("access.open.title"), c });
    return htmlPage(site, body);
  });
}

export async function redeemLink(request: Request, slug: string) {
  const site = siteOf(request, slug);
  return answering(
    site,
    async (known) => {
      const { ctx, page } = await loadSite(request, site, known);
      assertSameOrigin(request.headers, site.origin);
      const form = await readForm(request);
      try {
        const session = await redeemAccessLink({ ctx, token: field(form, "token") });
        return seeOther(trustPageUrl(site, "?signed-in"), granteeCookie(session.sessionToken, session.expiresAt));
      } catch (error) {
        if (!(error instanceof AppError && error.code === "gone")) throw error;
        const c = chromeFor(site, page.org);
        const body = messagePage({ org: page.org, base: site.base, title: c.t("prospect.page.gone"), paragraphs: [c.t("access.open.gone")], link: { href: `${site.base}/access/new-link`, text: c.t("access.newLink.title") }, c });
        return htmlPage(site, body, 410);
      }
    },
    explainLink,
  );
}

export async function newLinkForm(request: Request, slug: string) {
  const site = siteOf(request, slug);
  return answering(site, async (known) => {
    const { page } = await loadSite(request, site, known);
    return htmlPage(site, newLinkPage({ org: page.org, base: site.base, email: "", errors: {}, c: chromeFor(site, page.org) }));
  });
}

/** The same page whether or not the address holds a grant; limits per client and per address first. */
export async function sendNewLink(request: Request, slug: string) {
  const site = siteOf(request, slug);
  return answering(site, async (known) => {
    const { ctx, page } = await loadSite(request, site, known);
    assertSameOrigin(request.headers, site.origin);
    const c = chromeFor(site, page.org);
    await consume("access-link-ip", ACCESS_RATE_LIMITS.linksPerIp, rateLimitSubject(clientIp(request.headers)), TOO_MANY.link);
    const form = await readForm(request);
    const email = emailSchema.safeParse(field(form, "email"));
    if (!email.success) {
      const errors = { email: [fieldMessage(c.t, { kind: "email" }, field(form, "email"))] };
      return htmlPage(site, newLinkPage({ org: page.org, base: site.base, email: field(form, "email"), errors, message: c.t("prospect.fix"), c }), 422);
    }
    await consume("access-link-email", ACCESS_RATE_LIMITS.linksPerEmail, email.data, TOO_MANY.link);
    await requestNewLink({ ctx, input: { email: email.data }, deliver: mailAccessLink(site, page.org.name, c.locale) });
    return htmlPage(site, messagePage({ org: page.org, base: site.base, title: c.t("prospect.checkEmail"), paragraphs: [c.t("access.newLink.sent", { hours: ACCESS_LINK_TTL_HOURS })], c }));
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
