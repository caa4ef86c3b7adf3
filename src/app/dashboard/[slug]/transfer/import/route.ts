import { NextResponse, type NextRequest } from "next/server";
import * as z from "zod";
import { applyImport, previewImport } from "@/modules/transfer/server/import";
import { AppError } from "@/server/errors";
import { gate } from "@/server/gate";
import { errorResponse } from "@/server/http";
import { assertSameOrigin } from "@/server/request";

const requestSchema = z.object({ mode: z.enum(["preview", "apply"]), format: z.string(), text: z.string(), strict: z.boolean().optional() });

/** Import, JSON in and out: `{ mode: "preview" | "apply", format, text }`. */
export async function POST(request: NextRequest, { params }: { params: Promise<{ slug: string }> }) {
  try {
    assertSameOrigin(request.headers);
    const { slug } = await params;
    const ctx = await gate({ slug, action: "controls.write" });
    let body: unknown;
    try {
      body = await request.json();
    } catch {
      throw new AppError("bad_request", "Send the import as JSON.");
    }
    const { mode, strict, ...input } = requestSchema.parse(body);
    const plan = mode === "preview" ? await previewImport({ ctx, input }) : await applyImport({ ctx, input, strict });
    return NextResponse.json({ mode, ...plan, entries: plan.entries.slice(0, 500), entryCount: plan.entries.length });
  } catch (error) {
    return errorResponse(error);
  }
}
