import Papa from "papaparse";
import type { NextRequest } from "next/server";
import { auditFilterSchema } from "@/modules/audit/schema";
import { exportAuditEvents } from "@/modules/audit/server/queries";
import { seeOther } from "@/modules/auth/server/responses";
import { AppError } from "@/server/errors";
import { gate } from "@/server/gate";
import { errorResponse } from "@/server/http";

/** Audit export (CSV or JSON). Exporting is a sensitive act: it asks for a recent verification. */
export async function GET(request: NextRequest, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  try {
    const ctx = await gate({ slug, action: "audit.read", recent: true });
    const search = Object.fromEntries(request.nextUrl.searchParams);
    const format = search.format === "json" ? "json" : "csv";
    const filter = auditFilterSchema.parse(search);
    const events = await exportAuditEvents({ ctx, filter });
    const name = `candor-audit-${slug}-${new Date().toISOString().slice(0, 10)}.${format}`;
    const headers = { "Content-Disposition": `attachment; filename="${name}"`, "Cache-Control": "no-store" };
    if (format === "json") return Response.json({ organization: slug, exportedAt: new Date().toISOString(), events }, { headers });
    const csv = Papa.unparse(
      events.map((e) => ({ ...e, createdAt: e.createdAt.toISOString(), diff: JSON.stringify(e.diff) })),
      { escapeFormulae: true },
    );
    return new Response(csv, { headers: { ...headers, "Content-Type": "text/csv; charset=utf-8" } });
  } catch (error) {
    if (error instanceof AppError && error.code === "reauth_required") {
      return seeOther("/dashboard/verify", { next: `/dashboard/${slug}/audit` });
    }
    if (error instanceof AppError && error.code === "unauthenticated") return seeOther("/login", { next: `/dashboard/${slug}/audit` });
    return errorResponse(error);
  }
}
