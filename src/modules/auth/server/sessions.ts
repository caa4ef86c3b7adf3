import "server-only";

import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { db } from "@/server/db/client";
import { sha256Hex } from "@/server/crypto";
import { safeNextPath } from "../schema";
import { auth, sessionCookieName } from "./config";

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

/** The session for this request, or null. Validated server-side (database row) on every request. */
export const currentSession = cache(async (): Promise<CurrentSession | null> => {
  const session = (await auth()) as
    | { user?: { id?: string; email?: string; name?: string | null; mfaEnabled?: boolean }; sessionId?: string; verifiedAt?: Date | string; mfaVerifiedAt?: Date | string | null }
    | null;
  const user = session?.user;
  if (!session || !user?.id || !user.email || !session.sessionId || !session.verifiedAt) return null;
  const mfaEnabled = Boolean(user.mfaEnabled);
  const mfaVerifiedAt = session.mfaVerifiedAt ? new Date(session.mfaVerifiedAt) : null;
  return {
    user: { id: user.id, email: user.email, name: user.name ?? null },
    sessionId: session.sessionId,
    mfaEnabled,
    verifiedAt: new Date(session.verifiedAt),
    mfaVerifiedAt,
    complete: !mfaEnabled || mfaVerifiedAt !== null,
  };
});

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
