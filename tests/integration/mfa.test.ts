import { generate } from "otplib";
import { describe, expect, it, vi } from "vitest";
import { beginEnrollment, confirmEnrollment, disableMfa, mfaStatus, pendingEnrollment, verifySecondFactor } from "@/modules/mfa/server/mfa";
import type { CurrentSession } from "@/modules/auth/server/sessions";
import { randomToken } from "@/server/crypto";
import { db } from "@/server/db/client";
import { env } from "@/server/env";
import { open } from "@/server/crypto";
import { authorize } from "@/server/gate";
import { updateOrganizationSettings, getOrganizationSettings } from "@/modules/organizations/server/organizations";
import { actorFor, addMember, createOrg, createUser } from "../support/factories";

async function sessionFor(user: { id: string; email: string; name: string | null }): Promise<CurrentSession> {
  const row = await db.session.create({ data: { sessionToken: randomToken(), userId: user.id, expires: new Date(Date.now() + 3600_000) } });
  return { user, sessionId: row.id, mfaEnabled: false, verifiedAt: row.verifiedAt, mfaVerifiedAt: null, complete: true };
}

async function secretOf(userId: string) {
  const mfa = await db.userMfa.findUniqueOrThrow({ where: { userId } });
  return open(mfa.secretSealed, env().AUTH_SECRET, "totp-secret");
}

const codeAt = (secret: string, offsetSteps = 0) => generate({ secret, epoch: Math.floor(Date.now() / 1000) + offsetSteps * 30 });
const STEP_MS = 30_000;

/**
 * Enrolled with the current code. A code is accepted one 30-second step either side of the
 * server's clock, so the current one stays good however slow the machine is between reading
 * and checking it; codes used later are taken one step ahead (offset 1), which is always
 * newer than this one, as the replay guard requires. (The previous step's code, used here
 * before, was refused whenever a step ended between reading and checking.)
 */
async function enrolled() {
  const user = await createUser("mfa");
  const session = await sessionFor(user);
  await beginEnrollment(user);
  const secret = await secretOf(user.id);
  const recovery = await confirmEnrollment(session, { code: await codeAt(secret) });
  return { user, session, secret, recovery };
}

describe("TOTP second factor", () => {
  it("enrolment stores the secret sealed, shows a QR code, and needs a correct first code", async () => {
    const user = await createUser("enrol");
    const session = await sessionFor(user);
    await beginEnrollment(user);
    const row = await db.userMfa.findUniqueOrThrow({ where: { userId: user.id } });
    const secret = await secretOf(user.id);
    expect(row.secretSealed).not.toContain(secret);
    expect((await pendingEnrollment(user))?.qrDataUrl).toMatch(/^data:image\/png;base64,/);
    await expect(confirmEnrollment(session, { code: "000000" === (await codeAt(secret)) ? "111111" : "000000" })).rejects.toMatchObject({ code: "validation" });
    expect((await mfaStatus(user.id)).enabled).toBe(false);
    const codes = await confirmEnrollment(session, { code: await codeAt(secret) });
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[A-Z2-7]{5}-[A-Z2-7]{5}$/);
    const stored = await db.recoveryCode.findMany({ where: { userId: user.id } });
    expect(stored.every((r) => r.codeHash.startsWith("$argon2id$") && !codes.some((c) => r.codeHash.includes(c)))).toBe(true);
    expect(await mfaStatus(user.id)).toEqual({ enabled: true, pending: false, recoveryCodesLeft: 10 });
  });

  it("a code read just before its 30-second step ends is still accepted after it", async () => {
    const user = await createUser("boundary");
    const session = await sessionFor(user);
    await beginEnrollment(user);
    const secret = await secretOf(user.id);
    const stepEnds = (Math.floor(Date.now() / STEP_MS) + 1) * STEP_MS;
    vi.useFakeTimers({ toFake: ["Date"], now: stepEnds - 200 });
    try {
      const code = await codeAt(secret);
      vi.setSystemTime(stepEnds + 1_500); // a slow machine, or a slow person
      await expect(confirmEnrollment(session, { code })).resolves.toHaveLength(10);
    } finally {
      vi.useRealTimers();
    }
  });

  it("a code works once: replaying it is refused", async () => {
    const { session, secret } = await enrolled();
    const code = await codeAt(secret, 1);
    await verifySecondFactor(session, { code });
    await expect(verifySecondFactor(session, { code })).rejects.toMatchObject({ code: "validation" });
  });

  it("a recovery code works once", async () => {
    const { session, recovery } = await enrolled();
    await verifySecondFactor(session, { code: recovery[3]!.toLowerCase() });
    await expect(verifySecondFactor(session, { code: recovery[3]! })).rejects.toMatchObject({ code: "validation" });
    expect((await mfaStatus(session.user.id)).recoveryCodesLeft).toBe(9);
  });

  it("checks are rate-limited per person", async () => {
    const { session } = await enrolled();
    const outcomes: string[] = [];
    for (let i = 0; i < 12; i++) outcomes.push(await verifySecondFactor(session, { code: "000001" }).then(() => "ok", (e) => e.code));
    expect(outcomes.slice(0, 9).every((o) => o === "validation")).toBe(true);
    expect(outcomes.at(-1)).toBe("rate_limited");
  });

  it("turning it off needs a current code", async () => {
    const { session, secret } = await enrolled();
    await expect(disableMfa(session, { code: "123" })).rejects.toBeTruthy();
    expect((await mfaStatus(session.user.id)).enabled).toBe(true);
    await disableMfa(session, { code: await codeAt(secret, 1) });
    expect(await mfaStatus(session.user.id)).toEqual({ enabled: false, pending: false, recoveryCodesLeft: 0 });
  });
});

describe("organisations that require a second factor", () => {
  it("stop members without one at the gate, and let members with one through", async () => {
    const { org, ctx } = await createOrg();
    const member = await addMember(org.id, "EDITOR");
    const { version } = await getOrganizationSettings({ ctx });
    await expect(updateOrganizationSettings({ ctx, input: { name: org.name, requireMfa: true, version }, logo: { kind: "keep" } })).rejects.toMatchObject({
      details: { fieldErrors: { requireMfa: [expect.stringContaining("your own")] } },
    });
    await updateOrganizationSettings({ ctx: { ...ctx, mfaEnabled: true }, input: { name: org.name, requireMfa: true, version }, logo: { kind: "keep" } });
    await expect(authorize({ actor: actorFor(member), slug: org.slug, action: "org.read" })).rejects.toMatchObject({ code: "mfa_enrollment_required" });
    await expect(authorize({ actor: actorFor(member, { mfaEnabled: true }), slug: org.slug, action: "org.read" })).resolves.toMatchObject({ role: "EDITOR" });
  });

  it("a session that still owes its second factor gets nothing", async () => {
    const { org, owner } = await createOrg();
    await expect(authorize({ actor: { ...actorFor(owner, { mfaEnabled: true }), complete: false, mfaVerifiedAt: null }, slug: org.slug, action: "org.read" })).rejects.toMatchObject({
      code: "second_factor_required",
    });
  });
});
