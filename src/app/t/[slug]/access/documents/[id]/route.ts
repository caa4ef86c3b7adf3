import { granteeDocument } from "@/modules/access/server/document-download";

/** A grantee's NDA document: watermarked (PDF), logged, private; 404 for anyone else (ADR 029). */
export async function GET(request: Request, { params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  return granteeDocument(request, slug, id);
}
