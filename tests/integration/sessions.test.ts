// First: Next's request scope (AsyncLocalStorage) must exist before next/headers loads.
import { inRequestScope } from "../support/next-request";
import { describe, expect, it } from "vitest";
import { candorAdapter } from "@/modules/auth/server/adapter";
import { auth } from "@/modules/auth/server/config";
import { currentSession, sessionForToken } from "@/modules/auth/server/sessions";
import { requestSignIn, signInWithLink } from "@/modules/auth/server/sign-in";
import { db } from "@/server/db/client";
import { client } from "../support/requests";
import { lastSignInEmail } from "../support/mail";

const DAY = 24 * 60 * 60 * 1000;

async function signedIn(email: string) {
  await requestSignIn({ email, next: "/dashboard", ip: "198.51.100.9" });
  const result = await signInWithLink({ email, token: (await lastSignInEmail(email)).token, next: "/dashboard", client: client() });
  if (!result.ok) throw new Error("expected sign-in");
  return result.setCookie.split(";")[0]!.split("=")[1]!;
}

describe("sessions", () => {
  const adapter = candorAdapter(db);

  it("a valid cookie finds its session; a tampered one finds nothing", async () => {
    const token = await signedIn(`valid-${Date.now()}@example.com`);
    expect(await adapter.getSessionAndUser!(token)).toMatchObject({ session: { sessionToken: token } });
    const flipped = (token[0] === "a" ? "b" : "a") + token.slice(1);
    expect(await adapter.getSessionAndUser!(flipped)).toBeNull();
  });

  it("ends at its absolute lifetime however recently it was used", async () => {
    const email = `old-${Date.now()}@example.com`;
    const token = await signedIn(email);
    // The absolute lifetime is 30 days: at 29 the session still works, past 30 it is gone.
    await db.session.updateMany({ where: { user: { email } }, data: { createdAt: new Date(Date.now() - 29 * DAY), expires: new Date(Date.now() + DAY) } });
    expect(await adapter.getSessionAndUser!(token)).not.toBeNull();
    await db.session.updateMany({
      where: { user: { email } },
      data: { createdAt: new Date(Date.now() - 30 * DAY - 1000), expires: new Date(Date.now() + DAY) },
    });
    expect(await adapter.getSessionAndUser!(token)).toBeNull();
    expect(await db.session.count({ where: { user: { email } } })).toBe(0);
  });

  it("renewal never extends a session past its absolute lifetime", async () => {
    const email = `renew-${Date.now()}@example.com`;
    const token = await signedIn(email);
    const createdAt = new Date(Date.now() - 29.5 * DAY);
    await db.session.updateMany({ where: { user: { email } }, data: { createdAt } });
    const renewed = await adapter.updateSession!({ sessionToken: token, expires: new Date(Date.now() + DAY) });
    expect(renewed?.expires.getTime()).toBe(createdAt.getTime() + 30 * DAY);
  });

  it("signing out deletes the row, so the cookie is worth nothing afterwards", async () => {
    const token = await signedIn(`out-${Date.now()}@example.com`);
    await adapter.deleteSession!(token);
    expect(await adapter.getSessionAndUser!(token)).toBeNull();
  });

  describe("the dashboard's own read of the session (sessionForToken; Auth.js's rules, without auth())", () => {
    const MINUTE = 60 * 1000;

    it("answers what Auth.js's auth() answers for the same cookie: the person, the session row, the second factor's state", async () => {
      const email = `same-${Date.now()}@example.com`;
      const token = await signedIn(email);
      const cookie = `candor.session=${token}`;
      const ours = await inRequestScope({ cookie }, () => currentSession());
      const theirs = (await inRequestScope({ cookie }, () => auth())) as unknown as { returned: { user: { id: string; email: string; mfaEnabled: boolean }; sessionId: string; verifiedAt: Date } };
      const row = await db.session.findFirstOrThrow({ where: { user: { email } } });
      expect(ours).toEqual({
        returned: { user: { id: row.userId, email, name: null }, sessionId: row.id, mfaEnabled: false, verifiedAt: row.verifiedAt, mfaVerifiedAt: null, complete: true },
      });
      expect(theirs.returned).toMatchObject({ user: { id: row.userId, email, mfaEnabled: false }, sessionId: row.id });
      // No cookie, a tampered cookie, another name: nobody.
      expect(await inRequestScope({}, () => currentSession())).toEqual({ returned: null });
      expect(await inRequestScope({ cookie: `candor.session=${token.slice(0, -1)}x` }, () => currentSession())).toEqual({ returned: null });
      expect(await inRequestScope({ cookie: `other.session=${token}` }, () => currentSession())).toEqual({ returned: null });
    });

    it("past its idle deadline the session is deleted and answers nobody", async () => {
      const email = `idle-${Date.now()}@example.com`;
      const token = await signedIn(email);
      await db.session.updateMany({ where: { user: { email } }, data: { expires: new Date(Date.now() - 1000) } });
      expect(await sessionForToken(token)).toBeNull();
      expect(await db.session.count({ where: { user: { email } } })).toBe(0);
    });

    it("use pushes the idle deadline to 24 hours from now at most every 15 minutes, never past the 30-day lifetime", async () => {
      const email = `slide-${Date.now()}@example.com`;
      const token = await signedIn(email);
      const now = Date.now();
      const expiresOf = async () => (await db.session.findFirstOrThrow({ where: { user: { email } } })).expires.getTime();
      // Pushed 10 minutes ago (deadline = then + 24 h): not due, nothing written.
      await db.session.updateMany({ where: { user: { email } }, data: { expires: new Date(now - 10 * MINUTE + DAY) } });
      expect(await sessionForToken(token, now)).not.toBeNull();
      expect(await expiresOf()).toBe(now - 10 * MINUTE + DAY);
      // Pushed 16 minutes ago: due, the deadline is now + 24 h.
      await db.session.updateMany({ where: { user: { email } }, data: { expires: new Date(now - 16 * MINUTE + DAY) } });
      expect(await sessionForToken(token, now)).not.toBeNull();
      expect(await expiresOf()).toBe(now + DAY);
      // Near the absolute end: the push stops there.
      const createdAt = new Date(now - 29.5 * DAY);
      await db.session.updateMany({ where: { user: { email } }, data: { createdAt, expires: new Date(now - 16 * MINUTE + DAY) } });
      expect(await sessionForToken(token, now)).not.toBeNull();
      expect(await expiresOf()).toBe(createdAt.getTime() + 30 * DAY);
    });

    it("a session past its absolute lifetime answers nobody however recently it was used", async () => {
      const email = `abs-${Date.now()}@example.com`;
      const token = await signedIn(email);
      await db.session.updateMany({ where: { user: { email } }, data: { createdAt: new Date(Date.now() - 30 * DAY - 1000), expires: new Date(Date.now() + DAY) } });
      expect(await sessionForToken(token)).toBeNull();
      expect(await db.session.count({ where: { user: { email } } })).toBe(0);
    });
  });
});
