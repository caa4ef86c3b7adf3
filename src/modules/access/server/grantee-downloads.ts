import "server-only";

import { AppError } from "@/server/errors";
import { granteeDownloadsPage } from "../render/pages";
import { nothing } from "./document-download";
import { granteeDownloads } from "./downloads";
import { answering, chromeFor, granteeToken, htmlPage, loadSite, siteOf } from "./site";

/**
 * A grantee's own downloads on the host their session was made on (issue 12: "a viewer can see
 * their own"): every copy their grant took, newest first, with its watermark id and the SHA-256
 * of the bytes served, as the organisation's download log has them. Refused exactly as a document
 * is (the same 404 page): no session, a session of another host or organisation, a revoked or
 * expired grant. Private and no-store, like everything a grantee is served.
 */
export async function granteeDownloadsResponse(request: Request, slug: string): Promise<Response> {
  const site = siteOf(request, slug);
  return answering(site, async (known) => {
    const { ctx, page } = await loadSite(request, site, known);
    try {
      const { email, rows } = await granteeDownloads({ ctx, sessionToken: granteeToken(request) });
      return htmlPage(site, granteeDownloadsPage({ org: page.org, base: site.base, email, rows, c: chromeFor(site, page.org) }), 200, { Vary: "Accept-Language, Cookie" });
    } catch (error) {
      if (error instanceof AppError && error.code === "unauthenticated") return nothing(site, page.org);
      throw error;
    }
  });
}
