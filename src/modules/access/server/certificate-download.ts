import "server-only";

import * as z from "zod";
import { now } from "@/server/clock";
import { certificateFileName, certificateHeaders, certificatePdf, ofGrant, readCertificate } from "./certificate";
import { inPublicTenant } from "./context";
import { nothing, PRIVATE } from "./document-download";
import { resolveGranteeSession } from "./sessions";
import { answering, granteeToken, loadSite, siteOf } from "./site";

/**
 * A grantee's own certificate of NDA acceptance (ADR 029, addendum E), on the host their session
 * was made on: the newest acceptance of their grant, or `?id=` one of their grant's acceptances.
 * Refused exactly as a document is (the same 404 page): no session, a session of another host or
 * organisation, a revoked or expired grant, an id that is not theirs or not an id, no acceptance.
 * A grantee who owes a new NDA version still gets the certificate of what they accepted.
 */
export async function granteeCertificate(request: Request, slug: string): Promise<Response> {
  const site = siteOf(request, slug);
  return answering(site, async (known) => {
    const { ctx, page } = await loadSite(request, site, known);
    const wanted = new URL(request.url).searchParams.get("id");
    const id = wanted === null ? null : z.uuid().safeParse(wanted);
    const grantee = id?.success === false ? null : await resolveGranteeSession({ ctx, token: granteeToken(request) });
    if (!grantee) return nothing(site, page.org);
    const data = await inPublicTenant(ctx, (tx) => readCertificate(tx, ctx.org.id, { ...ofGrant(grantee.grantId), ...(id ? { id: id.data } : {}) }));
    if (!data) return nothing(site, page.org);
    const bytes = await certificatePdf(data, new Date(now()));
    return new Response(new Uint8Array(bytes), { headers: { ...certificateHeaders(certificateFileName(data)), ...PRIVATE } });
  });
}
