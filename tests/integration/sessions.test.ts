import { describe, expect, it } from "vitest";
import { candorAdapter } from "@/modules/auth/server/adapter";
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
});
