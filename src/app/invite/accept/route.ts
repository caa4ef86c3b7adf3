import type { NextRequest } from "next/server";
import { seeOther } from "@/modules/auth/server/responses";
import { currentUser } from "@/modules/auth/server/sessions";
import { requestSignIn } from "@/modules/auth/server/sign-in";
import { invitationTokenSchema } from "@/modules/members/schema";
import { acceptInvitation } from "@/modules/members/server/invitations";
import { AppError } from "@/server/errors";
import { errorResponse, readBody } from "@/server/http";
import { clientIp, assertSameOrigin, userAgent } from "@/server/request";

/**
 * Accepts an invitation (the button on /invite). Then: already signed in as the invitee → the
 * dashboard; otherwise the normal magic-link sign-in for the invited address.
 */
export async function POST(request: NextRequest) {
  try {
    assertSameOrigin(request.headers);
    const parsed = invitationTokenSchema.safeParse((await readBody(request)).fields);
    if (!parsed.success) return seeOther("/invite");
    const ip = clientIp(request.headers);
    let joined: Awaited<ReturnType<typeof acceptInvitation>>;
    try {
      joined = await acceptInvitation({ token: parsed.data.token, request: { ip, userAgent: userAgent(request.headers) } });
    } catch (error) {
      if (error instanceof AppError && error.code === "gone") return seeOther("/invite", { token: parsed.data.token });
      throw error;
    }
    const next = `/dashboard/${joined.org.slug}`;
    if ((await currentUser())?.email === joined.email) return seeOther(next);
    try {
      await requestSignIn({ email: joined.email, next, ip });
    } catch (error) {
      if (error instanceof AppError && error.code === "rate_limited") return seeOther("/login", { next });
      throw error;
    }
    return seeOther("/login/check-email", { email: joined.email, next, joined: joined.org.name });
  } catch (error) {
    return errorResponse(error);
  }
}
