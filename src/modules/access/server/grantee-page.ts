import "server-only";

import * as z from "zod";
import { renderTrustPage } from "@/modules/publishing/render/page";
import { localeOr } from "@/lib/locales";
import type { MessageKey } from "@/modules/publishing/render/i18n";
import { siteUrls } from "@/modules/publishing/server/artifacts";
import { latestPublication } from "@/modules/publishing/server/public";
import { isoDay, pageValidity } from "@/modules/publishing/validity";
import { now } from "@/server/clock";
import { AppError } from "@/server/errors";
import { assertSameOrigin } from "@/server/request";
import { ndaAcceptPage, type PageOrg } from "../render/pages";
import { ofGrant } from "./certificate";
import { inPublicTenant } from "./context";
import { covers } from "./grants";
import { acceptNda, resolveGranteeSession, type GranteeView } from "./sessions";
import { answering, chromeFor, contextOf, field, granteeToken, htmlPage, loadSite, readForm, seeOther, siteOf, trustPageUrl, type Site } from "./site";

/**
 * A grantee's own trust page (ADR 029): the live publication rendered for them, per request, with
 * the NDA items their grant covers unlocked and a banner (who, until when, sign out). Sent
 * `private, no-store` with `Vary: Cookie`; never stored, never kept by the edge (the fast path and
 * Caddy's file route decline requests that carry the cookie). Null when the request has no valid
 * session for this host: the caller serves the anonymous page, unchanged.
 */
const GRANTEE_HEADERS = { Vary: "Accept-Language, Cookie" };

export async function granteeTrustPage(request: Request, slug: string): Promise<Response | null> {
  const token = granteeToken(request);
  if (!token) return null;
  const site = siteOf(request, slug);
  const ctx = await contextOf(request, site);
  if (!ctx) return null;
  const grantee = await resolveGranteeSession({ ctx, token });
  if (!grantee) return null;
  const publication = await latestPublication(slug);
  const view = publication?.kind === "PUBLISH" ? publication.document.view : null;
  if (!publication || !view) return null;
  const org: PageOrg = { name: view.organization.name, brand: view.organization.brandColor, language: localeOr(view.organization.language) };
  // The visitor's language, else the organisation's (ADR 038), as on the anonymous page.
  const c = chromeFor(site, org);
  if (grantee.ndaRequired) return htmlPage(site, ndaAcceptPage({ org, base: site.base, email: grantee.email, nda: grantee.ndaRequired, errors: {}, c }), 200, GRANTEE_HEADERS);
  const { today } = pageValidity(view, publication.publishedAt, now());
  const locale = c.locale;
  const accepted = await inPublicTenant(ctx, (tx) => tx.ndaAcceptance.count({ where: { orgId: ctx.org.id, ...ofGrant(grantee.grantId) } }));
  const body = renderTrustPage(view, {
    base: site.base,
    canonicalUrl: siteUrls(slug, site.base ? "" : site.host).page,
    seq: publication.seq,
    hash: publication.hash,
    publishedAt: publication.publishedAt,
    today,
    locale,
    t: c.t,
    named: site.named,
    grantee: { email: grantee.email, until: isoDay(grantee.grantExpiresAt), unlocked: (id) => covers(grantee.scope, id), signOutUrl: `${site.base}/access/sign-out`, certificateUrl: accepted > 0 ? `${site.base}/access/certificate` : null, downloadsUrl: `${site.base}/access/downloads` },
  });
  return htmlPage(site, body, 200, GRANTEE_HEADERS);
}

/** The NDA form again, with what needs fixing (the session must still be valid to see it). */
async function ndaAgain(request: Request, site: Site, org: PageOrg, status: number, message: MessageKey, tick: boolean) {
  const ctx = await contextOf(request, site);
  const grantee: GranteeView | null = ctx ? await resolveGranteeSession({ ctx, token: granteeToken(request) }) : null;
  if (!grantee) throw new AppError("unauthenticated", "Your session has ended. Use your access link again.");
  if (!grantee.ndaRequired) return seeOther(trustPageUrl(site, "?signed-in"));
  const c = chromeFor(site, org);
  const errors = tick ? { nda: [c.t("prospect.error.ndaTick")] } : {};
  return htmlPage(site, ndaAcceptPage({ org, base: site.base, email: grantee.email, nda: grantee.ndaRequired, errors, message: c.t(message), c }), status, GRANTEE_HEADERS);
}

/** A grantee accepts the NDA version they owe, then sees the trust page with their items. */
export async function acceptNdaPage(request: Request, slug: string) {
  const site = siteOf(request, slug);
  return answering(site, async (known) => {
    const { ctx, page } = await loadSite(request, site, known);
    assertSameOrigin(request.headers, site.origin);
    const form = await readForm(request);
    try {
      await acceptNda({ ctx, sessionToken: granteeToken(request), input: { versionId: field(form, "ndaVersionId"), accepted: field(form, "ndaAgree") === "yes" } });
    } catch (error) {
      if (error instanceof z.ZodError) return ndaAgain(request, site, page.org, 422, "access.nda.tick", true);
      if (error instanceof AppError && error.code === "conflict") return ndaAgain(request, site, page.org, 409, "prospect.error.ndaChanged", false);
      throw error;
    }
    return seeOther(trustPageUrl(site, "?signed-in"));
  });
}
