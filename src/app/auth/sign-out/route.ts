import type { NextRequest } from "next/server";
import { sessionCookieName } from "@/modules/auth/server/config";
import { seeOther } from "@/modules/auth/server/responses";
import { endSession } from "@/modules/auth/server/sessions";
import { errorResponse } from "@/server/http";
import { assertSameOrigin } from "@/server/request";

/** Sign out: the session row is deleted (the cookie alone is worth nothing after this). */
export async function POST(request: NextRequest) {
  try {
    assertSameOrigin(request.headers);
    const name = sessionCookieName();
    const token = request.cookies.get(name)?.value;
    if (token) await endSession(token);
    const response = seeOther("/login", { signed_out: "1" });
    response.cookies.set(name, "", { path: "/", httpOnly: true, sameSite: "lax", secure: name.startsWith("__Host-"), maxAge: 0 });
    return response;
  } catch (error) {
    return errorResponse(error);
  }
}
