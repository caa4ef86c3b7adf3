import { NextResponse, type NextRequest } from "next/server";
import { signInRequestSchema } from "@/modules/auth/schema";
import { seeOther, tooManyRequestsPage } from "@/modules/auth/server/responses";
import { requestSignIn } from "@/modules/auth/server/sign-in";
import { AppError } from "@/server/errors";
import { errorResponse, readBody } from "@/server/http";
import { clientIp, assertSameOrigin } from "@/server/request";

/**
 * Request a sign-in email. The same answer whether or not an account exists: a form post is
 * sent on to "check your email", a JSON request gets 202.
 */
export async function POST(request: NextRequest) {
  let isForm = true;
  try {
    assertSameOrigin(request.headers);
    const body = await readBody(request);
    isForm = body.isForm;
    const parsed = signInRequestSchema.safeParse(body.fields);
    if (!parsed.success) {
      if (isForm) return seeOther("/login", { error: "invalid_email", next: body.fields.next });
      return errorResponse(parsed.error);
    }
    await requestSignIn({ ...parsed.data, ip: clientIp(request.headers) });
    if (isForm) return seeOther("/login/check-email", { email: parsed.data.email, next: parsed.data.next });
    return NextResponse.json({ status: "sent", message: "If that address can sign in, a link and a code are on their way." }, { status: 202 });
  } catch (error) {
    if (isForm && error instanceof AppError && error.code === "rate_limited") {
      return tooManyRequestsPage(error.message, error.details.retryAfterSeconds ?? 60, "/login");
    }
    return errorResponse(error);
  }
}
