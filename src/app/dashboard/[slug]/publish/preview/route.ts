import type { NextRequest } from "next/server";
import { seeOther } from "@/modules/auth/server/responses";
import { renderTrustPage } from "@/modules/publishing/render/page";
import { translator } from "@/modules/publishing/render/i18n";
import { sha256 } from "@/modules/publishing/chain";
import { previewPublication } from "@/modules/publishing/server/publish";
import { AppError } from "@/server/errors";
import { gate } from "@/server/gate";
import { errorResponse } from "@/server/http";
import canonicalize from "canonicalize";

/** The preview: the projection, rendered by the public page's own code, marked as a preview. Members only. */
export async function GET(_request: NextRequest, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  try {
    const ctx = await gate({ slug, action: "org.read" });
    const { view, seq } = await previewPublication({ ctx });
    const html = renderTrustPage(view, {
      base: `/t/${slug}`,
      canonicalUrl: `/t/${slug}`,
      seq: seq + 1,
      hash: sha256(canonicalize(view)!),
      publishedAt: new Date(),
      today: new Date(new Date().toISOString().slice(0, 10) + "T00:00:00.000Z"),
      preview: true,
      locale: "en",
      t: translator("en"),
      logoUrl: `/dashboard/${slug}/publish/preview/logo`,
    });
    return new Response(html, { headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "private, no-store", "X-Robots-Tag": "noindex" } });
  } catch (error) {
    if (error instanceof AppError && error.code === "unauthenticated") return seeOther("/login", { next: `/dashboard/${slug}/publish` });
    return errorResponse(error);
  }
}
