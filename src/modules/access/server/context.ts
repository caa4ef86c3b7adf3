import "server-only";

import { recordAudit, type AuditInput } from "@/modules/audit/server/audit";
import { now } from "@/server/clock";
import { db, type Tx } from "@/server/db/client";
import { withTenant } from "@/server/db/tenant";
import { AppError } from "@/server/errors";
import type { RequestInfo } from "@/server/gate";
import { recordedIp } from "./ip";
import { GRANT_DAYS, MAIL_CAP } from "../schema";

/**
 * The acting context of the public side: no member, an organisation resolved from the tenant
 * host (by the edge's routing, then `publicAccessContext`), the host itself (links and sessions
 * are bound to it) and the request's client details. Tenant-host routes build one per request.
 */
export type PublicAccessContext = { org: { id: string; slug: string }; host: string; request: RequestInfo };

const HOST = /^[a-z0-9.:-]{1,300}$/;

export function normalizeHost(host: string): string {
  const value = host.trim().toLowerCase().replace(/\.$/, "");
  if (!HOST.test(value)) throw new AppError("bad_request", "Unrecognised host.");
  return value;
}

/** The context for a tenant host serving `slug`, or null when no organisation has that slug. */
export async function publicAccessContext(input: { slug: string; host: string; request: RequestInfo }): Promise<PublicAccessContext | null> {
  const [row] = await db.$queryRaw<{ id: string | null }[]>`SELECT candor_public_org_id(${input.slug}) AS id`;
  if (!row?.id) return null;
  return { org: { id: row.id, slug: input.slug }, host: normalizeHost(input.host), request: input.request };
}

/** One unit of work for the organisation, with no person: row-level security as for members. */
export function inPublicTenant<T>(ctx: PublicAccessContext, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return withTenant({ orgId: ctx.org.id }, fn);
}

export type AccessSettingsView = {
  id: string | null;
  ndaMode: "NONE" | "CLICK_THROUGH" | "EXTERNAL";
  ipRecording: "FULL" | "TRUNCATED" | "NONE";
  defaultGrantDays: number;
  mailCapPerHour: number;
  version: number;
  rulesVersion: number;
};

export const DEFAULT_SETTINGS: AccessSettingsView = {
  id: null,
  ndaMode: "NONE",
  ipRecording: "TRUNCATED",
  defaultGrantDays: GRANT_DAYS.default,
  mailCapPerHour: MAIL_CAP.default,
  version: 1,
  rulesVersion: 1,
};

/** The organisation's settings, or the defaults until someone saves them. */
export async function readSettings(tx: Tx, orgId: string): Promise<AccessSettingsView> {
  const row = await tx.accessSettings.findFirst({ where: { orgId } });
  return row ? { ...row } : DEFAULT_SETTINGS;
}

/** The settings row, made with the defaults if there is none yet (two writers: one row). */
export async function ensureSettings(tx: Tx, orgId: string) {
  await tx.accessSettings.createMany({ data: [{ orgId }], skipDuplicates: true });
  return tx.accessSettings.findFirstOrThrow({ where: { orgId } });
}

/** The public side's audit actor: nobody signed in, the client as the organisation records it. */
export function publicActor(ctx: PublicAccessContext, settings: Pick<AccessSettingsView, "ipRecording">) {
  return { org: ctx.org, user: null, request: { ip: recordedIp(ctx.request.ip, settings.ipRecording), userAgent: ctx.request.userAgent?.slice(0, 500) ?? null } };
}

export function auditPublic(tx: Tx, ctx: PublicAccessContext, settings: Pick<AccessSettingsView, "ipRecording">, input: AuditInput) {
  return recordAudit(tx, publicActor(ctx, settings), input);
}

const HOUR_MS = 3_600_000;

/**
 * The per-organisation cap on outgoing prospect mail: verification mails (one per request) and
 * access-link mails (one per link) in the last hour. Counted from the rows themselves under a
 * per-organisation lock, so every instance agrees and a refused request stores nothing.
 */
export const MAIL_CAP_REACHED = "This trust center has sent too many emails in the last hour. Try again later.";

export async function takeMailSlot(tx: Tx, orgId: string, cap: number, at = now()) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`access-mail:${orgId}`}, 0))`;
  const since = new Date(at - HOUR_MS);
  const requests = await tx.accessRequest.aggregate({ where: { orgId, createdAt: { gt: since } }, _count: true, _min: { createdAt: true } });
  const links = await tx.granteeLinkToken.aggregate({ where: { orgId, createdAt: { gt: since } }, _count: true, _min: { createdAt: true } });
  if (requests._count + links._count < cap) return;
  const oldest = Math.min(requests._min.createdAt?.getTime() ?? at, links._min.createdAt?.getTime() ?? at);
  throw new AppError("rate_limited", MAIL_CAP_REACHED, {
    retryAfterSeconds: Math.max(1, Math.ceil((oldest + HOUR_MS - at) / 1000)),
  });
}
