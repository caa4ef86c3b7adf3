import { seeOther } from "@/modules/auth/server/responses";
import { exportSubscribersCsv } from "@/modules/subscribers/server/dashboard";
import { AppError } from "@/server/errors";
import { gate } from "@/server/gate";
import { errorResponse } from "@/server/http";

/**
 * Every subscriber as CSV. Exporting people's addresses is a sensitive act (as the audit export):
 * it asks for a recent verification, and is itself audited.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const back = `/dashboard/${slug}/subscribers`;
  try {
    const ctx = await gate({ slug, action: "subscribers.manage", recent: true });
    const csv = await exportSubscribersCsv({ ctx });
    const name = `candor-subscribers-${slug}-${new Date().toISOString().slice(0, 10)}.csv`;
    return new Response(csv, { headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${name}"`, "Cache-Control": "private, no-store" } });
  } catch (error) {
    if (error instanceof AppError && error.code === "reauth_required") return seeOther("/dashboard/verify", { next: back });
    if (error instanceof AppError && error.code === "unauthenticated") return seeOther("/login", { next: back });
    return errorResponse(error);
  }
}
