import { seeOther } from "@/modules/auth/server/responses";
import { noticeRecipientsCsv } from "@/modules/notices/server/changes";
import { AppError } from "@/server/errors";
import { gate } from "@/server/gate";
import { errorResponse } from "@/server/http";

/**
 * Who was notified of one subprocessor change, as CSV (ADR 031): the evidence a DPA asks for.
 * Exporting people's addresses is a sensitive act (as the subscribers' export): it asks for a
 * recent verification, and is itself audited.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  const back = `/dashboard/${slug}/subprocessors/changes`;
  try {
    const ctx = await gate({ slug, action: "objections.review", recent: true });
    const csv = await noticeRecipientsCsv({ ctx, changeId: id });
    return new Response(csv.text, { headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${csv.filename}"`, "Cache-Control": "private, no-store" } });
  } catch (error) {
    if (error instanceof AppError && error.code === "reauth_required") return seeOther("/dashboard/verify", { next: back });
    if (error instanceof AppError && error.code === "unauthenticated") return seeOther("/login", { next: back });
    return errorResponse(error);
  }
}
