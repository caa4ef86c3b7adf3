import type { NextRequest } from "next/server";
import { trustDocument } from "@/modules/publishing/server/surfaces";

/** The signed publication (latest, or `?seq=N`). */
export async function GET(request: NextRequest, { params }: { params: Promise<{ slug: string }> }) {
  return trustDocument(request, (await params).slug, request.nextUrl.searchParams.get("seq"));
}
