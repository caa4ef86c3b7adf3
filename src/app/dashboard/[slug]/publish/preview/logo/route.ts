import type { NextRequest } from "next/server";
import { getDraftLogo } from "@/modules/organizations/server/organizations";
import { gate } from "@/server/gate";
import { errorResponse } from "@/server/http";

/** The draft logo, for the preview (members only; the public sees published assets). */
export async function GET(_request: NextRequest, { params }: { params: Promise<{ slug: string }> }) {
  try {
    const ctx = await gate({ slug: (await params).slug, action: "org.read" });
    const logo = await getDraftLogo({ ctx });
    if (!logo) return new Response("Not found", { status: 404 });
    return new Response(new Uint8Array(logo.bytes), { headers: { "Content-Type": logo.mimeType, "Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff" } });
  } catch (error) {
    return errorResponse(error);
  }
}
