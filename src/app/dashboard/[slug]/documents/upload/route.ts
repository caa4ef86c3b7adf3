import { NextResponse, type NextRequest } from "next/server";
import { seeOther } from "@/modules/auth/server/responses";
import { createDocument } from "@/modules/documents/server/documents";
import { isFormPost, readUpload, uploadFailure } from "@/modules/documents/server/upload";
import { gate } from "@/server/gate";
import { assertSameOrigin } from "@/server/request";

/**
 * Upload a new document (multipart/form-data: title, description, category, visibility, label,
 * effectiveDate, file) → its version 1. A browser form gets a 303 back to the list; a JSON
 * client 201 with the new id.
 */
export async function POST(request: NextRequest, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const back = `/dashboard/${slug}/documents`;
  const isForm = isFormPost(request);
  let fields: Record<string, string> = {};
  try {
    assertSameOrigin(request.headers);
    const ctx = await gate({ slug, action: "controls.write" });
    const upload = await readUpload(request);
    fields = upload.fields;
    const created = await createDocument({ ctx, input: upload.fields, file: upload.file });
    if (isForm) return seeOther(back, { uploaded: "1" });
    return NextResponse.json({ id: created.id, version: created.version, versionNumber: created.versionNumber }, { status: 201 });
  } catch (error) {
    return uploadFailure(error, { isForm, slug, back, fields });
  }
}
