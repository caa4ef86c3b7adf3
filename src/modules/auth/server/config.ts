import "server-only";

import NextAuth from "next-auth";
import Resend from "next-auth/providers/resend";
import { db } from "@/server/db/client";
import { env } from "@/server/env";
import { randomToken } from "@/server/crypto";
import { log } from "@/server/log";
import { AUTH_POLICY } from "../policy";
import { candorAdapter } from "./adapter";

/**
 * Auth.js, configured for Candor. Auth.js verifies the emailed token, creates the user on first
 * sign-in, creates the database session and reads it back (`auth()`). Candor itself issues the
 * token and code (sign-in.ts: rate limits, outbox), and calls the callback only from a POST
 * (no mail scanner signs anyone in). No Auth.js HTTP route is exposed: /api/auth/* is 404.
 */
export const AUTH_BASE_PATH = "/api/auth";
export const EMAIL_PROVIDER_ID = "email";

export function sessionCookieName() {
  return isHttps() ? "__Host-candor.session" : "candor.session";
}

function isHttps() {
  return new URL(env().APP_URL).protocol === "https:";
}

export const { auth, handlers } = NextAuth(() => {
  const secure = isHttps();
  return {
    secret: env().AUTH_SECRET,
    trustHost: true,
    basePath: AUTH_BASE_PATH,
    // A refused link is an expected event, not a crash: Auth.js reports it here.
    logger: {
      error: (error) => log.warn({ authError: (error as { type?: string }).type ?? error.name }, "auth: request refused"),
      warn: (code) => log.warn({ code }, "auth: warning"),
      debug: () => {},
    },
    adapter: candorAdapter(db),
    session: {
      strategy: "database",
      maxAge: AUTH_POLICY.sessionIdleSeconds,
      updateAge: AUTH_POLICY.sessionRenewSeconds,
      // 256 bits from the CSPRNG (Auth.js's default is a UUID: 122 bits).
      generateSessionToken: () => randomToken(32),
    },
    providers: [
      Resend({
        id: EMAIL_PROVIDER_ID,
        maxAge: AUTH_POLICY.signInTtlSeconds,
        from: env().EMAIL_FROM,
        apiKey: "not-used",
        sendVerificationRequest() {
          throw new Error("Candor sends sign-in email itself: src/modules/auth/server/sign-in.ts");
        },
      }),
    ],
    pages: { signIn: "/login", error: "/login/error", verifyRequest: "/login/check-email" },
    cookies: {
      sessionToken: {
        name: sessionCookieName(),
        options: { httpOnly: true, sameSite: "lax", path: "/", secure },
      },
      callbackUrl: { name: secure ? "__Host-candor.callback-url" : "candor.callback-url", options: { httpOnly: true, sameSite: "lax", path: "/", secure } },
      csrfToken: { name: secure ? "__Host-candor.csrf" : "candor.csrf", options: { httpOnly: true, sameSite: "lax", path: "/", secure } },
    },
    callbacks: {
      // What server code sees as the session (src/modules/auth/server/sessions.ts): who, which
      // session row, and when it last proved the person (sign-in, code or second factor).
      session({ session, user }) {
        const row = session as unknown as { id: string; verifiedAt: Date; mfaVerifiedAt: Date | null };
        return {
          ...session,
          user: { id: user.id, email: user.email, name: user.name ?? null, mfaEnabled: Boolean((user as { mfaEnabled?: boolean }).mfaEnabled) },
          sessionId: row.id,
          verifiedAt: row.verifiedAt,
          mfaVerifiedAt: row.mfaVerifiedAt,
        };
      },
      redirect({ url, baseUrl }) {
        if (url.startsWith("/") && !url.startsWith("//")) return `${baseUrl}${url}`;
        try {
          if (new URL(url).origin === baseUrl) return url;
        } catch {
          // not a URL: fall through
        }
        return `${baseUrl}/dashboard`;
      },
    },
  };
});
