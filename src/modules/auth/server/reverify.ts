import "server-only";

import { enqueueEmail } from "@/modules/email/server/outbox";
import { db } from "@/server/db/client";
import { consume } from "@/server/rate-limit";
import { AUTH_POLICY } from "../policy";
import type { CurrentSession } from "./sessions";
import { newEmailCode, spendEmailCode } from "./sign-in";

/**
 * "Verify it's you" before a sensitive act (ASVS 7.5.1): a fresh emailed code, which can never
 * sign anyone in, moves the session's `verifiedAt` to now. People with a second factor use that
 * instead (src/modules/mfa).
 */
export async function sendReverificationCode(session: CurrentSession) {
  await consume("reverify-send", AUTH_POLICY.requestsPerEmail, session.user.id, "Too many codes requested. Wait a little, then try again.");
  const { code, codeHash } = await newEmailCode();
  await db.$transaction(async (tx) => {
    await tx.signInCode.deleteMany({ where: { email: session.user.email, purpose: "reverify" } });
    await tx.signInCode.create({
      data: { email: session.user.email, purpose: "reverify", codeHash, expiresAt: new Date(Date.now() + AUTH_POLICY.signInTtlSeconds * 1000) },
    });
    await enqueueEmail(tx, { to: session.user.email, template: "verify-code", props: { code, expiresInMinutes: AUTH_POLICY.signInTtlSeconds / 60 } });
  });
}

export async function confirmReverification(session: CurrentSession, code: string) {
  await consume("reverify-check", AUTH_POLICY.codeChecksPerEmail, session.user.id, "Too many code attempts. Wait a little, then try again.");
  await spendEmailCode({ email: session.user.email, purpose: "reverify", code });
  await db.session.update({ where: { id: session.sessionId }, data: { verifiedAt: new Date() } });
}
