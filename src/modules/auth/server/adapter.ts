import "server-only";

import { PrismaAdapter } from "@auth/prisma-adapter";
import type { Adapter, AdapterSession } from "next-auth/adapters";
import type { Db } from "@/server/db/client";
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
export function candorAdapter(db: Db): Adapter {
  const base = PrismaAdapter(db);
  const absoluteEnd = (createdAt: Date) => new Date(createdAt.getTime() + AUTH_POLICY.sessionAbsoluteSeconds * 1000);
  const withRawToken = <T extends AdapterSession>(session: T, sessionToken: string): T => ({ ...session, sessionToken });

  return {
    ...base,
    async createSession(session) {
      const created = await base.createSession!({ ...session, sessionToken: sha256Hex(session.sessionToken) });
      return withRawToken(created, session.sessionToken);
    },
    async getSessionAndUser(sessionToken) {
      const hashed = sha256Hex(sessionToken);
      const row = await db.session.findUnique({
        where: { sessionToken: hashed },
        include: { user: { include: { mfa: { select: { enabledAt: true } } } } },
      });
      if (!row) return null;
      if (absoluteEnd(row.createdAt) <= new Date()) {
        await db.session.deleteMany({ where: { sessionToken: hashed } });
        return null;
      }
      const { user: withMfa, ...session } = row;
      const { mfa, ...user } = withMfa;
      return { user: { ...user, mfaEnabled: Boolean(mfa?.enabledAt) }, session: withRawToken(session, sessionToken) };
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
