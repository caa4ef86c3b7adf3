import type { NextRequest } from "next/server";
import { downloadFilter, downloadQuerySchema } from "@/modules/access/query";
import { exportDownloadsCsv } from "@/modules/access/server/downloads";
import { seeOther } from "@/modules/auth/server/responses";
import { AppError } from "@/server/errors";
import { gate } from "@/server/gate";
import { errorResponse } from "@/server/http";

/**
 * The download log as CSV, with the page's filters. Exporting prospects' details is a sensitive
 * act (as the audit export): it asks for a recent verification, and is itself audited.
 */
export async function GET(request: NextRequest, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const back = `/dashboard/${slug}/access/downloads`;
  try {
    const ctx = await gate({ slug, action: "access.review", recent: true });
    const query = downloadQuerySchema.parse(Object.fromEntries(request.nextUrl.searchParams));
    const csv = await exportDownloadsCsv({ ctx, input: { ...downloadFilter(query), page: 1 } });
    const name = `candor-downloads-${slug}-${new Date().toISOString().slice(0, 10)}.csv`;
    return new Response(csv, { headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${name}"`, "Cache-Control": "no-store" } });
  } catch (error) {
    if (error instanceof AppError && error.code === "reauth_required") return seeOther("/dashboard/verify", { next: back });
    if (error instanceof AppError && error.code === "unauthenticated") return seeOther("/login", { next: back });
    return errorResponse(error);
  }
}
