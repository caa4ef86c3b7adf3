import "server-only";

import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { db } from "@/server/db/client";
import { sha256Hex } from "@/server/crypto";
import { safeNextPath } from "../schema";
import { auth, sessionCookieName } from "./config";

export type CurrentUser = { id: string; email: string; name: string | null };

/** The signed-in user for this request, or null. Validated server-side on every request. */
export const currentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = await auth();
  const user = session?.user as Partial<CurrentUser> | undefined;
  if (!user?.id || !user.email) return null;
  return { id: user.id, email: user.email, name: user.name ?? null };
});

/** For pages behind sign-in: the user, or a redirect to /login that comes back to this page. */
export async function requireUser(): Promise<CurrentUser> {
  const user = await currentUser();
  if (!user) redirect(await signInUrl());
  return user;
}

export async function signInUrl() {
  const next = safeNextPath((await headers()).get("x-candor-path"));
  return `/login?${new URLSearchParams({ next })}`;
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
