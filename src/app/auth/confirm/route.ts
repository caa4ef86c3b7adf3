import { NextResponse, type NextRequest } from "next/server";
import { confirmLinkSchema } from "@/modules/auth/schema";
import { seeOther } from "@/modules/auth/server/responses";
import { signInWithLink } from "@/modules/auth/server/sign-in";
import { errorResponse, readBody } from "@/server/http";
import { clientIp, assertSameOrigin, userAgent } from "@/server/request";

/**
 * Completes sign-in with an emailed link. Only this POST (the button on /login/confirm) uses
 * the token: a mail scanner that opens the link signs nobody in and burns nothing.
 */
export async function POST(request: NextRequest) {
  try {
    assertSameOrigin(request.headers);
    const { fields } = await readBody(request);
    const parsed = confirmLinkSchema.safeParse(fields);
    if (!parsed.success) return seeOther("/login/error", { error: "link_invalid" });
    const result = await signInWithLink({
      ...parsed.data,
      client: { headers: request.headers, ip: clientIp(request.headers), userAgent: userAgent(request.headers) },
    });
    if (!result.ok) return seeOther("/login/error", { error: "link_invalid" });
    const response = NextResponse.redirect(result.location, 303);
    response.headers.append("Set-Cookie", result.setCookie);
    return response;
  } catch (error) {
    return errorResponse(error);
  }
}
