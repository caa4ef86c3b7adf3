import type { NextRequest } from "next/server";
import { seeOther } from "@/modules/auth/server/responses";
import { controlsToCsv, subprocessorsToCsv } from "@/modules/transfer/csv";
import { exportOrganization } from "@/modules/transfer/server/export";
import { AppError } from "@/server/errors";
import { gate } from "@/server/gate";
import { errorResponse } from "@/server/http";

/** Export (JSON: everything; CSV: controls or subprocessors). A sensitive act: it asks for a recent verification. */
export async function GET(request: NextRequest, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  try {
    const ctx = await gate({ slug, action: "org.read", recent: true });
    const format = request.nextUrl.searchParams.get("format") ?? "json";
    const bundle = await exportOrganization({ ctx });
    const stamp = new Date().toISOString().slice(0, 10);
    const headers = (name: string, type: string) => ({ "Content-Type": type, "Content-Disposition": `attachment; filename="${name}"`, "Cache-Control": "no-store" });
    if (format === "controls-csv") return new Response(controlsToCsv(bundle.controls), { headers: headers(`candor-${slug}-controls-${stamp}.csv`, "text/csv; charset=utf-8") });
    if (format === "subprocessors-csv") return new Response(subprocessorsToCsv(bundle.subprocessors), { headers: headers(`candor-${slug}-subprocessors-${stamp}.csv`, "text/csv; charset=utf-8") });
    if (format !== "json") throw new AppError("bad_request", "Export as json, controls-csv or subprocessors-csv.");
    return new Response(JSON.stringify(bundle, null, 2), { headers: headers(`candor-${slug}-${stamp}.json`, "application/json; charset=utf-8") });
  } catch (error) {
    if (error instanceof AppError && error.code === "reauth_required") return seeOther("/dashboard/verify", { next: `/dashboard/${slug}/transfer` });
    if (error instanceof AppError && error.code === "unauthenticated") return seeOther("/login", { next: `/dashboard/${slug}/transfer` });
    return errorResponse(error);
  }
}
