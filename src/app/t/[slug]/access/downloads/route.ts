import { granteeDownloadsResponse } from "@/modules/access/server/grantee-downloads";

/** A grantee's own downloads (private); the documents' 404 for anyone else (ADR 029). */
export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  return granteeDownloadsResponse(request, (await params).slug);
}
