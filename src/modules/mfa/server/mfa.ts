import "server-only";

import { randomBytes } from "node:crypto";
import { hash as argon2Hash, verify as argon2Verify } from "@node-rs/argon2";
import { generateSecret, generateURI, verify as verifyTotp } from "otplib";
import QRCode from "qrcode";
import { ARGON2_OPTIONS } from "@/modules/auth/server/sign-in";
import type { CurrentSession, CurrentUser } from "@/modules/auth/server/sessions";
import { open, seal } from "@/server/crypto";
import { db } from "@/server/db/client";
import { env } from "@/server/env";
import { AppError } from "@/server/errors";
import { log } from "@/server/log";
import { consume } from "@/server/rate-limit";
import { RECOVERY_CODE_COUNT, secondFactorSchema, totpCodeSchema } from "../schema";

/**
 * TOTP second factors (RFC 6238, 30-second steps, one step of clock drift either way). The
 * secret is sealed with AES-256-GCM; a code, once accepted, cannot be replayed; recovery codes
 * are single-use and stored as Argon2id hashes; every check is rate-limited per person.
 */
const SEAL_PURPOSE = "totp-secret";
const ISSUER = "Candor";
const CHECKS = { points: 10, windowSeconds: 15 * 60 };
const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

export async function mfaStatus(userId: string) {
  // One query: the dashboard's layout asks this on every page.
  const [row] = await db.$queryRaw<{ exists: boolean; enabled: boolean; codes: number }[]>`
    SELECT m."userId" IS NOT NULL AS exists, m."enabledAt" IS NOT NULL AS enabled,
           (SELECT count(*)::int FROM "RecoveryCode" r WHERE r."userId" = ${userId}::uuid AND r."usedAt" IS NULL) AS codes
    FROM (SELECT 1) AS one LEFT JOIN "UserMfa" m ON m."userId" = ${userId}::uuid`;
  return { enabled: Boolean(row?.enabled), pending: Boolean(row?.exists && !row.enabled), recoveryCodesLeft: row?.codes ?? 0 };
}

/** Starts (or restarts) enrolment: a new secret, shown as a QR code and as text. */
export async function beginEnrollment(user: CurrentUser) {
  const existing = await db.userMfa.findUnique({ where: { userId: user.id }, select: { enabledAt: true } });
  if (existing?.enabledAt) throw new AppError("conflict", "A second factor is already set up. Turn it off first to set up a new one.");
  const secret = generateSecret();
  const secretSealed = seal(secret, env().AUTH_SECRET, SEAL_PURPOSE);
  await db.userMfa.upsert({ where: { userId: user.id }, create: { userId: user.id, secretSealed }, update: { secretSealed, enabledAt: null, lastTimeStep: null } });
}

/** The pending enrolment's QR code (rendered here, on the server) and secret, for the set-up page. */
export async function pendingEnrollment(user: CurrentUser) {
  const mfa = await db.userMfa.findUnique({ where: { userId: user.id } });
  if (!mfa || mfa.enabledAt) return null;
  const secret = open(mfa.secretSealed, env().AUTH_SECRET, SEAL_PURPOSE);
  const uri = generateURI({ issuer: ISSUER, label: user.email, secret });
  const qrDataUrl = await QRCode.toDataURL(uri, { errorCorrectionLevel: "M", margin: 1, width: 220 });
  return { secret: secret.replace(/(.{4})/g, "$1 ").trim(), qrDataUrl };
}

async function checkTotp(userId: string, code: string, options: { pending?: boolean } = {}) {
  const mfa = await db.userMfa.findUnique({ where: { userId } });
  if (!mfa || (options.pending ? mfa.enabledAt !== null : mfa.enabledAt === null)) return false;
  const secret = open(mfa.secretSealed, env().AUTH_SECRET, SEAL_PURPOSE);
  const result = await verifyTotp({
    secret,
    token: code,
    epochTolerance: 30,
    ...(mfa.lastTimeStep !== null ? { afterTimeStep: Number(mfa.lastTimeStep) } : {}),
  });
  if (!result.valid || !("timeStep" in result)) return false;
  const step = result.timeStep;
  // Replay guard: the step only moves forward, atomically.
  const moved = await db.userMfa.updateMany({
    where: { userId, OR: [{ lastTimeStep: null }, { lastTimeStep: { lt: step } }] },
    data: { lastTimeStep: step },
  });
  return moved.count === 1;
}

function newRecoveryCode() {
  const bytes = randomBytes(10);
  const chars = [...bytes].map((byte) => BASE32[byte % 32]).join("");
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

async function replaceRecoveryCodes(userId: string) {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  const hashes = await Promise.all(codes.map((code) => argon2Hash(code.replace("-", ""), ARGON2_OPTIONS)));
  await db.$transaction([
    db.recoveryCode.deleteMany({ where: { userId } }),
    db.recoveryCode.createMany({ data: hashes.map((codeHash) => ({ userId, codeHash })) }),
  ]);
  return codes;
}

/** Confirms enrolment with a first code; returns recovery codes, shown once. */
export async function confirmEnrollment(session: CurrentSession, input: unknown) {
  const { code } = totpCodeSchema.parse(input);
  await consume("mfa-check", CHECKS, session.user.id, "Too many attempts. Wait a little, then try again.");
  if (!(await checkTotp(session.user.id, code, { pending: true }))) {
    throw new AppError("validation", "That code is not right.", { fieldErrors: { code: ["That code is not right. Check the time on your phone, and that you scanned the newest QR code."] } });
  }
  const now = new Date();
  await db.userMfa.update({ where: { userId: session.user.id }, data: { enabledAt: now } });
  await db.session.update({ where: { id: session.sessionId }, data: { mfaVerifiedAt: now, verifiedAt: now } });
  log.info({ userId: session.user.id }, "mfa: enabled");
  return replaceRecoveryCodes(session.user.id);
}

/**
 * The second step of sign-in, and "verify it's you" for people with a second factor: an
 * authenticator code or an unused recovery code.
 */
export async function verifySecondFactor(session: Pick<CurrentSession, "user" | "sessionId">, input: unknown) {
  const { code } = secondFactorSchema.parse(input);
  await consume("mfa-check", CHECKS, session.user.id, "Too many attempts. Wait a little, then try again.");
  const ok = /^\d{6}$/.test(code) ? await checkTotp(session.user.id, code) : await spendRecoveryCode(session.user.id, code.replace("-", ""));
  if (!ok) throw new AppError("validation", "That code is not right.", { fieldErrors: { code: ["That code is not right, or was already used."] } });
  const now = new Date();
  await db.session.update({ where: { id: session.sessionId }, data: { mfaVerifiedAt: now, verifiedAt: now } });
}

async function spendRecoveryCode(userId: string, code: string) {
  const unused = await db.recoveryCode.findMany({ where: { userId, usedAt: null }, select: { id: true, codeHash: true } });
  for (const candidate of unused) {
    if (await argon2Verify(candidate.codeHash, code)) {
      const claimed = await db.recoveryCode.updateMany({ where: { id: candidate.id, usedAt: null }, data: { usedAt: new Date() } });
      if (claimed.count === 1) log.warn({ userId }, "mfa: recovery code used");
      return claimed.count === 1;
    }
  }
  return false;
}

/** Turns the second factor off; needs a current code (authenticator or recovery). */
export async function disableMfa(session: CurrentSession, input: unknown) {
  await verifySecondFactor(session, input);
  await db.$transaction([
    db.recoveryCode.deleteMany({ where: { userId: session.user.id } }),
    db.userMfa.deleteMany({ where: { userId: session.user.id } }),
    db.session.update({ where: { id: session.sessionId }, data: { mfaVerifiedAt: null } }),
  ]);
  log.warn({ userId: session.user.id }, "mfa: disabled");
}

/** New recovery codes (the old ones stop working); needs a current authenticator code. */
export async function regenerateRecoveryCodes(session: CurrentSession, input: unknown) {
  const { code } = totpCodeSchema.parse(input);
  await consume("mfa-check", CHECKS, session.user.id, "Too many attempts. Wait a little, then try again.");
  if (!(await checkTotp(session.user.id, code))) throw new AppError("validation", "That code is not right.", { fieldErrors: { code: ["That code is not right."] } });
  return replaceRecoveryCodes(session.user.id);
}
