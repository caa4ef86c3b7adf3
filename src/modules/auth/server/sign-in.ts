import "server-only";

import { randomInt } from "node:crypto";
import { hash as argon2Hash, verify as argon2Verify } from "@node-rs/argon2";
import { NextRequest } from "next/server";
import { enqueueEmail } from "@/modules/email/server/outbox";
import { db } from "@/server/db/client";
import { env } from "@/server/env";
import { AppError } from "@/server/errors";
import { randomToken, sha256Hex } from "@/server/crypto";
import { log } from "@/server/log";
import { consume } from "@/server/rate-limit";
import { rateLimitSubject } from "@/server/request";
import { AUTH_POLICY } from "../policy";
import { safeNextPath } from "../schema";
import { AUTH_BASE_PATH, EMAIL_PROVIDER_ID, handlers, sessionCookieName } from "./config";

// OWASP's Argon2id baseline: m = 19 MiB, t = 2, p = 1 (the library's default algorithm is Argon2id).
export const ARGON2_OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

const TOO_MANY_REQUESTS = "Too many sign-in requests. Wait a little, then try again.";
const TOO_MANY_CODES = "Too many code attempts. Wait a little, then try again.";
export const CODE_USED_UP =
  "This code no longer works: it expired, was already used, or was entered wrongly too many times. Request a new sign-in email.";

/** The hash Auth.js stores for an emailed token (it hashes with the secret the same way). */
export function verificationTokenHash(token: string) {
  return sha256Hex(`${token}${env().AUTH_SECRET}`);
}

/**
 * Issues a sign-in link and a 6-digit code for `email` and queues the email, in one
 * transaction. Says nothing about whether an account exists (it may not, yet: the first
 * sign-in creates it), and does the same work either way. A new request cancels older ones.
 */
export async function requestSignIn(input: { email: string; next: string; ip: string | null }) {
  await consume("signin-ip", AUTH_POLICY.requestsPerIp, rateLimitSubject(input.ip), TOO_MANY_REQUESTS);
  await consume("signin-email", AUTH_POLICY.requestsPerEmail, input.email, TOO_MANY_REQUESTS);

  const token = randomToken(32);
  const { code, codeHash } = await newEmailCode();
  const expires = new Date(Date.now() + AUTH_POLICY.signInTtlSeconds * 1000);
  const url = new URL("/login/confirm", env().APP_URL);
  url.search = new URLSearchParams({ email: input.email, token, next: input.next }).toString();

  await db.$transaction(async (tx) => {
    await tx.verificationToken.deleteMany({ where: { identifier: input.email } });
    await tx.signInCode.deleteMany({ where: { email: input.email, purpose: "sign-in" } });
    await tx.verificationToken.create({ data: { identifier: input.email, token: verificationTokenHash(token), expires } });
    await tx.signInCode.create({ data: { email: input.email, codeHash, expiresAt: expires } });
    await enqueueEmail(tx, {
      to: input.email,
      template: "sign-in",
      props: { url: url.toString(), code, expiresInMinutes: AUTH_POLICY.signInTtlSeconds / 60 },
    });
  });
}

/** Whether an emailed link can still be used, without using it (the GET of the link page). */
export async function signInLinkState(input: { email: string; token: string }): Promise<"valid" | "invalid"> {
  const row = await db.verificationToken.findUnique({
    where: { identifier_token: { identifier: input.email, token: verificationTokenHash(input.token) } },
    select: { expires: true },
  });
  return row && row.expires > new Date() ? "valid" : "invalid";
}

type Client = { headers: Headers; ip: string | null; userAgent: string | null };

export type SignInResult =
  | { ok: true; location: string; setCookie: string }
  | { ok: false; reason: "link-invalid" };

/** Signs in with an emailed link: only ever from a POST (the button on /login/confirm). */
export async function signInWithLink(input: { email: string; token: string; next: string; client: Client }) {
  return completeSignIn(input);
}

/** Signs in with the 6-digit code from the sign-in email. */
export async function signInWithCode(input: { email: string; code: string; next: string; client: Client }): Promise<SignInResult> {
  await consume("code-ip", AUTH_POLICY.codeChecksPerIp, rateLimitSubject(input.client.ip), TOO_MANY_CODES);
  await consume("code-email", AUTH_POLICY.codeChecksPerEmail, input.email, TOO_MANY_CODES);
  await spendEmailCode({ email: input.email, purpose: "sign-in", code: input.code });

  // Hand Auth.js a fresh single-use token for the same email: the same path as a link from here on.
  const token = randomToken(32);
  await db.$transaction([
    db.verificationToken.deleteMany({ where: { identifier: input.email } }),
    db.verificationToken.create({
      data: { identifier: input.email, token: verificationTokenHash(token), expires: new Date(Date.now() + 60_000) },
    }),
  ]);
  return completeSignIn({ email: input.email, token, next: input.next, client: input.client });
}

/**
 * Checks an emailed 6-digit code and consumes it. Each guess spends one of the code's attempts
 * before it is checked, so parallel guessing gets no more than `codeMaxAttempts` tries in all;
 * a correct code is claimed atomically, so it works once.
 */
export async function spendEmailCode(input: { email: string; purpose: "sign-in" | "reverify"; code: string }) {
  const [attempt] = await db.$queryRaw<{ id: string; codeHash: string; attempts: number }[]>`
    UPDATE "SignInCode" SET attempts = attempts + 1
    WHERE id = (SELECT id FROM "SignInCode" WHERE email = ${input.email} AND purpose = ${input.purpose} ORDER BY "createdAt" DESC LIMIT 1)
      AND attempts < ${AUTH_POLICY.codeMaxAttempts} AND "expiresAt" > now()
    RETURNING id, "codeHash", attempts`;
  if (!attempt) throw new AppError("gone", CODE_USED_UP);

  if (!(await argon2Verify(attempt.codeHash, input.code))) {
    const left = AUTH_POLICY.codeMaxAttempts - attempt.attempts;
    if (left <= 0) {
      await db.signInCode.deleteMany({ where: { id: attempt.id } });
      throw new AppError("gone", CODE_USED_UP);
    }
    throw new AppError("validation", "That code is not right.", {
      fieldErrors: { code: [`That code is not right. ${left} ${left === 1 ? "attempt" : "attempts"} left.`] },
    });
  }
  const claimed = await db.signInCode.deleteMany({ where: { id: attempt.id } });
  if (claimed.count !== 1) throw new AppError("gone", CODE_USED_UP);
}

/** A fresh 6-digit code from the CSPRNG, and its Argon2id hash. */
export async function newEmailCode() {
  const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
  return { code, codeHash: await argon2Hash(code, ARGON2_OPTIONS) };
}

/**
 * Runs Auth.js's email callback in-process (it is not reachable over HTTP), then: records the
 * device on the new session, ends the session this browser held before (a new token for every
 * sign-in), and caps the cookie's lifetime at the session's absolute end.
 */
async function completeSignIn(input: { email: string; token: string; next: string; client: Client }): Promise<SignInResult> {
  const appUrl = env().APP_URL;
  const callback = new URL(`${AUTH_BASE_PATH}/callback/${EMAIL_PROVIDER_ID}`, appUrl);
  callback.search = new URLSearchParams({
    token: input.token,
    email: input.email,
    callbackUrl: input.next,
  }).toString();
  const cookieHeader = input.client.headers.get("cookie") ?? "";
  // Auth.js derives its own origin from these headers; they name the app host, never the client's.
  const app = new URL(appUrl);
  const response = await handlers.GET(
    new NextRequest(callback, {
      headers: { cookie: cookieHeader, host: app.host, "x-forwarded-host": app.host, "x-forwarded-proto": app.protocol.replace(":", "") },
    }),
  );

  const name = sessionCookieName();
  const sessionCookie = response.headers.getSetCookie().find((cookie) => cookie.startsWith(`${name}=`));
  const rawToken = sessionCookie?.slice(name.length + 1).split(";")[0];
  if (!sessionCookie || !rawToken) {
    log.warn({ ip: input.client.ip }, "sign-in refused: link or code no longer valid");
    return { ok: false, reason: "link-invalid" };
  }

  const session = await db.session.update({
    where: { sessionToken: sha256Hex(rawToken) },
    data: { userAgent: input.client.userAgent, ipAddress: input.client.ip, verifiedAt: new Date() },
  });
  log.info({ userId: session.userId, sessionId: session.id, ip: input.client.ip }, "signed in");
  const previous = readCookie(cookieHeader, name);
  if (previous && previous !== rawToken) await db.session.deleteMany({ where: { sessionToken: sha256Hex(previous) } });

  const absoluteEnd = new Date(session.createdAt.getTime() + AUTH_POLICY.sessionAbsoluteSeconds * 1000);
  const setCookie = sessionCookie.replace(/;\s*Expires=[^;]*/i, "") + `; Expires=${absoluteEnd.toUTCString()}`;
  const location = response.headers.get("location") ?? new URL(input.next, appUrl).toString();
  return { ok: true, location: onAppOrigin(location), setCookie };
}

/**
 * Where to send the browser: the path Auth.js answered with, on the app's own origin. (Next.js
 * reports a loopback host as "localhost", so Auth.js's idea of the origin is not used.)
 */
function onAppOrigin(location: string) {
  const appUrl = env().APP_URL;
  const target = new URL(location, appUrl);
  return new URL(safeNextPath(target.pathname + target.search), appUrl).toString();
}

export function readCookie(header: string, name: string): string | undefined {
  for (const part of header.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return rest.join("=");
  }
  return undefined;
}
