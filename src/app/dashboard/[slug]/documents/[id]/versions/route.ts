import { NextResponse, type NextRequest } from "next/server";
import { seeOther } from "@/modules/auth/server/responses";
import { addDocumentVersion } from "@/modules/documents/server/documents";
import { isFormPost, readUpload, uploadFailure } from "@/modules/documents/server/upload";
import { gate } from "@/server/gate";
import { assertSameOrigin } from "@/server/request";

/**
 * Upload a new version of a document (multipart/form-data: label, effectiveDate, file); the
 * earlier versions are kept. A browser form gets a 303 back to the document; a JSON client 201.
 */
export async function POST(request: NextRequest, { params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  const back = `/dashboard/${slug}/documents/${encodeURIComponent(id)}`;
  const isForm = isFormPost(request);
  let fields: Record<string, string> = {};
  try {
    assertSameOrigin(request.headers);
    const ctx = await gate({ slug, action: "controls.write" });
    const upload = await readUpload(request);
    fields = upload.fields;
    const added = await addDocumentVersion({ ctx, id, input: upload.fields, file: upload.file });
    if (isForm) return seeOther(back, { added: String(added.versionNumber) });
    return NextResponse.json({ versionNumber: added.versionNumber, version: added.version }, { status: 201 });
  } catch (error) {
    return uploadFailure(error, { isForm, slug, back, fields });
  }
}
