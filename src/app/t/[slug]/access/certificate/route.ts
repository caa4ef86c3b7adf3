import { granteeCertificate } from "@/modules/access/server/certificate-download";

/** A grantee's own certificate of NDA acceptance (PDF, private); the documents' 404 for anyone else (ADR 029). */
export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  return granteeCertificate(request, (await params).slug);
}
