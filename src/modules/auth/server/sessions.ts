import "server-only";

import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { db } from "@/server/db/client";
import { sha256Hex } from "@/server/crypto";
import { safeNextPath } from "../schema";
import { AUTH_POLICY } from "../policy";
import { readAsSession } from "@/server/db/tenant";
import { MEMBERSHIPS_SQL, rememberMemberships, type MembershipRow } from "@/server/memberships";
import { candorAdapter, SESSION_BY_SETTING, sessionFromRow, type SessionRow } from "./adapter";
import { sessionCookieName } from "./config";

export type CurrentUser = { id: string; email: string; name: string | null };

/** The session behind a request: who, and when they last proved it was them. */
export type CurrentSession = {
  user: CurrentUser;
  sessionId: string;
  mfaEnabled: boolean;
  verifiedAt: Date;
  mfaVerifiedAt: Date | null;
  /** Signed in, and past the second factor if they have one. */
  complete: boolean;
};

/**
 * The session for this request, or null. Validated server-side (database row) on every request.
 *
 * Read directly, by the rules Auth.js's own session action applies to a database session
 * (@auth/core lib/actions/session.js; config.ts holds the same policy): the row the cookie's
 * hash names, with its person (sessionFromRow: gone past the absolute lifetime); past its
 * idle deadline it is deleted; when its deadline was last pushed more than
 * AUTH_POLICY.sessionRenewSeconds ago it is pushed again (capped at the absolute lifetime by the
 * adapter). Calling Auth.js's `auth()` here built a Request and a Response and a CSRF token
 * (a WebCrypto digest) for every page: ~5% of the web process's time on the dashboard bench
 * (issue 10, item 4.4). Auth.js still handles sign-in and sign-out (src/app/api/auth).
 * tests/integration/sessions.test.ts compares the two reads.
 */
export const currentSession = cache(async (): Promise<CurrentSession | null> => {
  const token = (await cookies()).get(sessionCookieName())?.value;
  return token ? sessionForToken(token) : null;
});

/** The session a session cookie's value names, as currentSession() answers (exported for tests). */
export async function sessionForToken(token: string, now = Date.now()): Promise<CurrentSession | null> {
  // The session and, in the same round trip, its person's memberships (the gate's next read; ADR 042).
  const [sessions = [], memberRows = []] = await readAsSession(sha256Hex(token), SESSION_BY_SETTING, MEMBERSHIPS_SQL);
  const found = await sessionFromRow(db, sessions[0] as SessionRow | undefined);
  if (!found) return null;
  const { session, user } = found;
  if (session.expires.getTime() < now) {
    await endSession(token);
    return null;
  }
  if (session.expires.getTime() - AUTH_POLICY.sessionIdleSeconds * 1000 + AUTH_POLICY.sessionRenewSeconds * 1000 <= now) {
    await candorAdapter(db).updateSession!({ sessionToken: token, expires: new Date(now + AUTH_POLICY.sessionIdleSeconds * 1000) });
  }
  const mfaEnabled = Boolean(user.mfaEnabled);
  await rememberMemberships(user.id, memberRows as MembershipRow[]);
  return {
    user: { id: user.id, email: user.email, name: user.name ?? null },
    sessionId: session.id,
    mfaEnabled,
    verifiedAt: session.verifiedAt,
    mfaVerifiedAt: session.mfaVerifiedAt,
    complete: !mfaEnabled || session.mfaVerifiedAt !== null,
  };
}

/** The signed-in user, once past their second factor; otherwise null. */
export const currentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = await currentSession();
  return session?.complete ? session.user : null;
});

/**
 * For pages behind sign-in: the user, or a redirect: to /login (coming back here) when signed
 * out, to the second-factor step when that is still owed.
 */
export async function requireUser(): Promise<CurrentUser> {
  return (await requireSession()).user;
}

/** As requireUser, with the rest of the session (whether the person has a second factor, when they last proved it). */
export async function requireSession(): Promise<CurrentSession> {
  const session = await currentSession();
  if (!session) redirect(await signInUrl());
  if (!session.complete) redirect(`/login/mfa?${new URLSearchParams({ next: await currentPath() })}`);
  return session;
}

async function currentPath() {
  return safeNextPath((await headers()).get("x-candor-path"));
}

export async function signInUrl() {
  return `/login?${new URLSearchParams({ next: await currentPath() })}`;
}

async function currentSessionHash() {
  const raw = (await cookies()).get(sessionCookieName())?.value;
  return raw ? sha256Hex(raw) : undefined;
}

export async function listSessions(userId: string) {
  const current = await currentSessionHash();
  const rows = await db.session.findMany({
    where: { userId, expires: { gt: new Date() } },
    orderBy: { createdAt: "desc" },
    select: { id: true, sessionToken: true, createdAt: true, expires: true, userAgent: true, ipAddress: true },
  });
  return rows.map(({ sessionToken, ...row }) => ({ ...row, current: sessionToken === current }));
}

/** Ends every session of the user except the one making the request. */
export async function revokeOtherSessions(userId: string) {
  const current = await currentSessionHash();
  const result = await db.session.deleteMany({ where: { userId, ...(current ? { NOT: { sessionToken: current } } : {}) } });
  return result.count;
}

export async function endSession(rawToken: string) {
  await db.session.deleteMany({ where: { sessionToken: sha256Hex(rawToken) } });
}
