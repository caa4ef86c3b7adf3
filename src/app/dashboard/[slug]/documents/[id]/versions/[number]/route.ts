import type { NextRequest } from "next/server";
import { seeOther } from "@/modules/auth/server/responses";
import { documentDownloadHeaders } from "@/modules/documents/server/download";
import { readDocumentVersion } from "@/modules/documents/server/documents";
import { AppError } from "@/server/errors";
import { gate } from "@/server/gate";
import { errorResponse } from "@/server/http";

/** One answer for every "no": no such organisation, not a member, no such document or version. */
const NOT_FOUND = new AppError("not_found", "Not found.");

/**
 * Download one version of a document, for members (the public and NDA flow comes later). The
 * bytes are checked against their recorded SHA-256 first; a mismatch is a 500 with an event id.
 */
export async function GET(_request: NextRequest, { params }: { params: Promise<{ slug: string; id: string; number: string }> }) {
  const { slug, id, number } = await params;
  try {
    const ctx = await gate({ slug, action: "org.read" });
    const file = await readDocumentVersion({ ctx, id, number });
    return new Response(new Uint8Array(file.bytes), { headers: documentDownloadHeaders(file) });
  } catch (error) {
    if (error instanceof AppError && error.code === "unauthenticated") return seeOther("/login", { next: `/dashboard/${slug}/documents` });
    if (error instanceof AppError && error.code === "not_found") return errorResponse(NOT_FOUND);
    return errorResponse(error);
  }
}
