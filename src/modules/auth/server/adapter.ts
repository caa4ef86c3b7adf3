import "server-only";

import { PrismaAdapter } from "@auth/prisma-adapter";
import type { Adapter, AdapterSession } from "next-auth/adapters";
import { Prisma, type Session } from "@/generated/prisma/client";
import type { Db } from "@/server/db/client";
import type { ConstantSql } from "@/server/db/tenant";
import { sha256Hex } from "@/server/crypto";
import { AUTH_POLICY } from "../policy";

/**
 * Auth.js's Prisma adapter with Candor's session rules:
 * - the database keeps SHA-256(session token), never the cookie value, so reading the
 *   Session table does not let anyone sign in;
 * - a session older than the absolute lifetime is gone, however recently it was used, and
 *   renewal never pushes `expires` past that lifetime;
 * - using a sign-in link also ends the code sent with it (they are one request).
 */
const absoluteEnd = (createdAt: Date) => new Date(createdAt.getTime() + AUTH_POLICY.sessionAbsoluteSeconds * 1000);

/**
 * The session a cookie value names, with its person and whether they have a second factor, in
 * one query (every signed-in request asks); a session past its absolute lifetime is deleted and
 * not returned. Auth.js reads it through the adapter (getSessionAndUser); the dashboard's
 * per-request read (sessions.ts) calls it directly.
 */
export async function findSessionAndUser(db: Db, sessionToken: string) {
  const hashed = sha256Hex(sessionToken);
  const [row] = await db.$queryRaw<SessionRow[]>`${Prisma.raw(SESSION_READ)} WHERE s."sessionToken" = ${hashed}`;
  return sessionFromRow(db, row);
}

/** A session row with its person, as SESSION_READ gives it. */
export type SessionRow = Session & { email: string; name: string | null; emailVerified: Date | null; image: string | null; userCreatedAt: Date; userUpdatedAt: Date; mfaEnabled: boolean };

/** The session row, its person and whether they have a second factor; the caller adds which row. */
const SESSION_READ = `SELECT s.id, s."sessionToken", s."userId", s.expires, s."createdAt", s."verifiedAt", s."userAgent", s."ipAddress", s."mfaVerifiedAt",
           u.email, u.name, u."emailVerified", u.image, u."createdAt" AS "userCreatedAt", u."updatedAt" AS "userUpdatedAt",
           m."enabledAt" IS NOT NULL AS "mfaEnabled"
    FROM "Session" s JOIN "User" u ON u.id = s."userId" LEFT JOIN "UserMfa" m ON m."userId" = u.id`;

/** The same read for readAsSession (src/server/db/tenant.ts): the row its message names. Constant text. */
export const SESSION_BY_SETTING = `${SESSION_READ} WHERE s."sessionToken" = current_setting('app.session_token')` as ConstantSql;

/** The session and its person from a row; a session past its absolute lifetime is deleted, and none. */
export async function sessionFromRow(db: Db, row: SessionRow | undefined) {
  if (!row) return null;
  if (absoluteEnd(row.createdAt) <= new Date()) {
    await db.session.deleteMany({ where: { sessionToken: row.sessionToken } });
    return null;
  }
  const { email, name, emailVerified, image, userCreatedAt, userUpdatedAt, mfaEnabled, ...session } = row;
  return { user: { id: session.userId, email, name, emailVerified, image, createdAt: userCreatedAt, updatedAt: userUpdatedAt, mfaEnabled }, session };
}

export function candorAdapter(db: Db): Adapter {
  const base = PrismaAdapter(db);
  const withRawToken = <T extends AdapterSession>(session: T, sessionToken: string): T => ({ ...session, sessionToken });

  return {
    ...base,
    async createSession(session) {
      const created = await base.createSession!({ ...session, sessionToken: sha256Hex(session.sessionToken) });
      return withRawToken(created, session.sessionToken);
    },
    async getSessionAndUser(sessionToken) {
      const found = await findSessionAndUser(db, sessionToken);
      return found && { user: found.user, session: withRawToken(found.session, sessionToken) };
    },
    async updateSession(session) {
      const hashed = sha256Hex(session.sessionToken);
      const row = await db.session.findUnique({ where: { sessionToken: hashed }, select: { createdAt: true } });
      if (!row) return null;
      const limit = absoluteEnd(row.createdAt);
      const expires = session.expires && session.expires > limit ? limit : session.expires;
      const updated = await db.session.update({ where: { sessionToken: hashed }, data: { expires } });
      return withRawToken(updated, session.sessionToken);
    },
    async deleteSession(sessionToken) {
      await db.session.deleteMany({ where: { sessionToken: sha256Hex(sessionToken) } });
    },
    async useVerificationToken(params) {
      const used = await base.useVerificationToken!(params);
      if (used) await db.signInCode.deleteMany({ where: { email: used.identifier, purpose: "sign-in" } });
      return used;
    },
  };
}
