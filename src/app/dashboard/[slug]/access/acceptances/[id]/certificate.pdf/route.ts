import type { NextRequest } from "next/server";
import { certificateHeaders, organisationCertificate } from "@/modules/access/server/certificate";
import { seeOther } from "@/modules/auth/server/responses";
import { AppError } from "@/server/errors";
import { gate } from "@/server/gate";
import { errorResponse } from "@/server/http";

/**
 * The organisation's copy of a certificate of NDA acceptance (ADR 029, addendum E), for reviewers
 * (`access.review`). Another organisation's acceptance, or a malformed id, is a 404; each download
 * is audited.
 */
export async function GET(_request: NextRequest, { params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  try {
    const ctx = await gate({ slug, action: "access.review" });
    const file = await organisationCertificate({ ctx, id });
    return new Response(new Uint8Array(file.bytes), { headers: certificateHeaders(file.fileName) });
  } catch (error) {
    if (error instanceof AppError && error.code === "unauthenticated") return seeOther("/login", { next: `/dashboard/${slug}/access/grants` });
    return errorResponse(error);
  }
}
