import { NextResponse, type NextRequest } from "next/server";
import * as z from "zod";
import { signInCodeSchema } from "@/modules/auth/schema";
import { seeOther, tooManyRequestsPage } from "@/modules/auth/server/responses";
import { signInWithCode } from "@/modules/auth/server/sign-in";
import { AppError } from "@/server/errors";
import { errorResponse, readBody } from "@/server/http";
import { clientIp, assertSameOrigin, userAgent } from "@/server/request";

/** Sign in with the 6-digit code from the email. */
export async function POST(request: NextRequest) {
  let isForm = true;
  let back: Record<string, string | undefined> = {};
  try {
    assertSameOrigin(request.headers);
    const body = await readBody(request);
    isForm = body.isForm;
    back = { email: body.fields.email, next: body.fields.next };
    const input = signInCodeSchema.parse(body.fields);
    const result = await signInWithCode({
      ...input,
      client: { headers: request.headers, ip: clientIp(request.headers), userAgent: userAgent(request.headers) },
    });
    if (!result.ok) throw new AppError("gone", "This code no longer works. Request a new sign-in email.");
    const response = isForm ? NextResponse.redirect(result.location, 303) : NextResponse.json({ status: "signed-in", location: result.location });
    response.headers.append("Set-Cookie", result.setCookie);
    return response;
  } catch (error) {
    if (!isForm) return errorResponse(error);
    if (error instanceof AppError && error.code === "rate_limited") {
      return tooManyRequestsPage(error.message, error.details.retryAfterSeconds ?? 60, "/login");
    }
    if (error instanceof AppError && error.code === "gone") return seeOther("/login/check-email", { ...back, error: "code_used_up" });
    if (error instanceof AppError && error.code === "validation") {
      const left = error.details.fieldErrors?.code?.[0]?.match(/(\d+) attempt/)?.[1];
      return seeOther("/login/check-email", { ...back, error: "wrong_code", left });
    }
    if (error instanceof z.ZodError) return seeOther("/login/check-email", { ...back, error: "invalid_code" });
    return errorResponse(error);
  }
}
