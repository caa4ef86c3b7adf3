import "server-only";

import { createHash, randomBytes } from "node:crypto";
import * as z from "zod";
import { attachmentDisposition } from "@/modules/documents/server/download";
import { fileStore } from "@/modules/documents/server/storage";
import { liveView } from "@/modules/publishing/server/publish";
import { now } from "@/server/clock";
import { AppError } from "@/server/errors";
import { log } from "@/server/log";
import { FILE_CSP } from "@/server/security-headers";
import type { MessageKey } from "@/modules/publishing/render/i18n";
import { messagePage, type PageOrg } from "../render/pages";
import { recordDownload } from "./downloads";
import { covers } from "./grants";
import { inPublicTenant, type PublicAccessContext } from "./context";
import { resolveGranteeSession } from "./sessions";
import { answering, chromeFor, granteeToken, htmlPage, loadSite, seeOther, siteOf, trustPageUrl, type Site } from "./site";
import { CannotWatermark, watermarkPdf } from "./watermark";

/**
 * A grantee's download of an NDA document (ADR 029): only with a valid session for this host
 * whose grant covers the document, only while the live publication lists it as NDA, the version
 * that publication names. PDFs are served as a watermarked copy; other types unmodified (the
 * addendum). Every answer is recorded in the download log first, with the SHA-256 of the bytes
 * actually served: when recording fails, nothing is served. Anything refused is a 404 that says
 * nothing about why (no session, another organisation's document, not covered, revoked).
 */
export const PRIVATE = { "Cache-Control": "private, no-store", Vary: "Cookie" };
/** A page instead of the file: in the visitor's language, so it varies with Accept-Language too. */
const PRIVATE_PAGE = { ...PRIVATE, Vary: "Accept-Language, Cookie" };
const say = (site: Site, org: PageOrg, status: number, title: MessageKey, text: MessageKey) => {
  const c = chromeFor(site, org);
  return htmlPage(site, messagePage({ org, base: site.base, title: c.t(title), paragraphs: [c.t(text)], c }), status, PRIVATE_PAGE);
};
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** No such document for this visitor: the same page for every reason (the certificate route gives it too). */
export const nothing = (site: Site, org: PageOrg) =>
  say(site, org, 404, "prospect.page.nothing", "access.document.unavailable");

/** The live publication's NDA listing of the document, its stored version, and the grantee's company; null when not listed. */
async function listedVersion(ctx: PublicAccessContext, documentId: string, grantId: string) {
  return inPublicTenant(ctx, async (tx) => {
    const { view } = await liveView(tx, ctx.org.id);
    const listed = view?.documents.find((d) => d.id === documentId && d.access === "nda");
    if (!listed) return null;
    const version = await tx.documentVersion.findFirst({
      where: { orgId: ctx.org.id, documentId, number: listed.version.number },
      select: { id: true, storageKey: true, sha256: true, fileName: true, mimeType: true },
    });
    const grant = await tx.accessGrant.findFirst({ where: { id: grantId, orgId: ctx.org.id }, select: { request: { select: { company: true } } } });
    return version && grant ? { title: listed.title, version, company: grant.request.company } : null;
  });
}

function fileResponse(bytes: Uint8Array, file: { fileName: string; mimeType: string }) {
  return new Response(new Uint8Array(bytes), {
    headers: {
      ...PRIVATE,
      "Content-Type": file.mimeType,
      "Content-Disposition": attachmentDisposition(file.fileName),
      "Content-Security-Policy": FILE_CSP,
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "no-referrer",
    },
  });
}

export async function granteeDocument(request: Request, slug: string, documentId: string): Promise<Response> {
  const site = siteOf(request, slug);
  return answering(site, async (known) => {
    const { ctx, page } = await loadSite(request, site, known);
    const grantee = z.uuid().safeParse(documentId).success ? await resolveGranteeSession({ ctx, token: granteeToken(request) }) : null;
    if (!grantee || !covers(grantee.scope, documentId)) return nothing(site, page.org);
    // An NDA version still to accept: the trust page shows its form first.
    if (grantee.ndaRequired) return seeOther(trustPageUrl(site));
    const found = await listedVersion(ctx, documentId, grantee.grantId);
    if (!found) return nothing(site, page.org);
    const stored = await fileStore().get(found.version.storageKey);
    if (!stored || sha256(stored) !== found.version.sha256) {
      log.error({ slug, documentId, versionId: found.version.id }, "NDA document missing or altered in storage");
      return say(site, page.org, 503, "access.document.down", "access.document.downBody");
    }
    const watermarkId = randomBytes(4).toString("hex");
    let served: Uint8Array = stored;
    if (found.version.mimeType === "application/pdf") {
      try {
        served = await watermarkPdf(stored, { email: grantee.email, company: found.company, at: new Date(now()), grantId: grantee.grantId, watermarkId });
      } catch (error) {
        if (!(error instanceof CannotWatermark)) throw error;
        log.warn({ slug, documentId, versionId: found.version.id, grantId: grantee.grantId, reason: error.message }, "NDA document could not be watermarked; not served");
        return say(site, page.org, 409, "access.document.noWatermark", "access.document.noWatermarkBody");
      }
    }
    // Recorded before a byte leaves: if this throws, the visitor gets the error page, not the file.
    const recorded = await recordDownload({ ctx, grantId: grantee.grantId, input: { documentId, versionId: found.version.id, documentTitle: found.title, watermarkId: served === stored ? "none" : watermarkId, sha256: sha256(served) } }).then(
      () => true,
      (error: unknown) => {
        if (error instanceof AppError && error.code === "not_found") return false; // revoked or expired since the session was read
        throw error;
      },
    );
    return recorded ? fileResponse(served, found.version) : nothing(site, page.org);
  });
}
