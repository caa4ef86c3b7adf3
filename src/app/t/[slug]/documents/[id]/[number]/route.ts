import { publicDocument } from "@/modules/publishing/server/surfaces";

/** A public document's published version. NDA documents are never served here. */
export async function GET(_request: Request, { params }: { params: Promise<{ slug: string; id: string; number: string }> }) {
  const { slug, id, number } = await params;
  return publicDocument(slug, id, number);
}
