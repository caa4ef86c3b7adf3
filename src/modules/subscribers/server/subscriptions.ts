import "server-only";

import * as z from "zod";
import { auditPublic, inPublicTenant, readSettings, type PublicAccessContext } from "@/modules/access/server/context";
import { visitorEvidence } from "@/modules/access/server/ip";
import { now } from "@/server/clock";
import type { Tx } from "@/server/db/client";
import { randomToken, sha256Hex } from "@/server/crypto";
import { AppError } from "@/server/errors";
import { CONFIRM_TTL_HOURS, preferencesSchema, subscribeSchema, type SubscriberTopic } from "../schema";
import { emitEvent } from "@/modules/webhooks/server/emit";

/**
 * The public side of a subscription (ADR 030): subscribe (double opt-in), confirm, change topics,
 * unsubscribe. Each runs in the organisation's scope with no person (the host was resolved to the
 * organisation first), so row-level security binds it as it binds members. The mails are the
 * callers' `deliver` callbacks, put in the outbox inside the same transaction.
 */
export type SubscribeDelivery = {
  /** A new confirmation link: the raw token (stored only as its SHA-256). */
  confirm: (tx: Tx, token: string, to: { email: string; topics: SubscriberTopic[] }) => Promise<unknown>;
  /** An address that is already confirmed: its manage link instead. */
  manage: (tx: Tx, subscriber: { id: string; email: string }) => Promise<unknown>;
};

export const USED_OR_EXPIRED = "This confirmation link was already used or has expired.";
export const EXPIRED = "This confirmation link has expired. Subscribe again on the trust center to get a new one.";
const HOUR_MS = 3_600_000;

/**
 * Creates or refreshes a PENDING subscriber with a new single-use 48-hour confirmation token, or
 * for a CONFIRMED address mails its manage link and changes nothing. The caller answers the same
 * in both cases (no enumeration). An unsubscribed address starts again at PENDING.
 */
export async function subscribe({ ctx, input, deliver }: { ctx: PublicAccessContext; input: unknown; deliver: SubscribeDelivery }) {
  const data = subscribeSchema.parse(input);
  const email = data.email.toLowerCase();
  return inPublicTenant(ctx, async (tx) => {
    const settings = await readSettings(tx, ctx.org.id);
    const existing = await tx.subscriber.findFirst({ where: { orgId: ctx.org.id, email }, select: { id: true, status: true } });
    if (existing?.status === "CONFIRMED") {
      await deliver.manage(tx, { id: existing.id, email });
      return { status: "CONFIRMED" as const };
    }
    const token = randomToken();
    const fields = {
      topics: data.topics,
      status: "PENDING" as const,
      confirmTokenHash: sha256Hex(token),
      confirmExpiresAt: new Date(now() + CONFIRM_TTL_HOURS * HOUR_MS),
      confirmedAt: null,
      unsubscribedAt: null,
      ...visitorEvidence(ctx.request, settings.ipRecording),
      host: ctx.host,
      language: data.language ?? "en",
    };
    await tx.subscriber.upsert({ where: { orgId_email: { orgId: ctx.org.id, email } }, create: { orgId: ctx.org.id, email, ...fields }, update: fields });
    await deliver.confirm(tx, token, { email, topics: data.topics });
    return { status: "PENDING" as const };
  });
}

const tokenSchema = z.string().regex(/^[0-9a-f]{64}$/);

/** The confirmation (a POST, never a GET): single use by a conditional update; expired → 410 with the way on, used or unknown → 410. */
export async function confirmSubscription({ ctx, token }: { ctx: PublicAccessContext; token: unknown }) {
  const parsed = tokenSchema.safeParse(token);
  if (!parsed.success) throw new AppError("gone", USED_OR_EXPIRED);
  const hash = sha256Hex(parsed.data);
  return inPublicTenant(ctx, async (tx) => {
    const row = await tx.subscriber.findFirst({ where: { orgId: ctx.org.id, confirmTokenHash: hash, status: "PENDING" }, select: { id: true, email: true, topics: true, confirmExpiresAt: true } });
    if (!row) throw new AppError("gone", USED_OR_EXPIRED);
    const at = new Date(now());
    if (!row.confirmExpiresAt || row.confirmExpiresAt <= at) throw new AppError("gone", EXPIRED);
    const claimed = await tx.subscriber.updateMany({
      where: { id: row.id, orgId: ctx.org.id, confirmTokenHash: hash, status: "PENDING", confirmExpiresAt: { gt: at } },
      data: { status: "CONFIRMED", confirmedAt: at, confirmTokenHash: null, confirmExpiresAt: null },
    });
    if (claimed.count === 0) throw new AppError("gone", USED_OR_EXPIRED);
    const settings = await readSettings(tx, ctx.org.id);
    await auditPublic(tx, ctx, settings, { action: "subscriber.confirmed", targetType: "subscriber", targetId: row.id, after: { email: row.email, topics: row.topics } });
    await emitEvent(tx, { orgId: ctx.org.id, type: "subscriber.confirmed", data: { subscriberId: row.id, email: row.email, topics: row.topics } });
    return { id: row.id, email: row.email, topics: row.topics };
  });
}

const SUBSCRIBER_VIEW = { id: true, email: true, topics: true, status: true } as const;

/** The subscriber a signed link names, in this organisation; not_found otherwise (another organisation's id included). */
export async function subscriberOf({ ctx, subscriberId }: { ctx: PublicAccessContext; subscriberId: string }) {
  const row = await inPublicTenant(ctx, (tx) => tx.subscriber.findFirst({ where: { id: subscriberId, orgId: ctx.org.id }, select: SUBSCRIBER_VIEW }));
  if (!row) throw new AppError("not_found", "No such subscription.");
  return row;
}

/** New topics for a confirmed subscriber (an unsubscribed one subscribes again from the trust page). */
export async function savePreferences({ ctx, subscriberId, input }: { ctx: PublicAccessContext; subscriberId: string; input: unknown }) {
  const data = preferencesSchema.parse(input);
  return inPublicTenant(ctx, async (tx) => {
    const before = await tx.subscriber.findFirst({ where: { id: subscriberId, orgId: ctx.org.id }, select: SUBSCRIBER_VIEW });
    if (!before) throw new AppError("not_found", "No such subscription.");
    if (before.status !== "CONFIRMED") throw new AppError("conflict", "This address is not subscribed. Subscribe again on the trust center.");
    await tx.subscriber.updateMany({ where: { id: subscriberId, orgId: ctx.org.id, status: "CONFIRMED" }, data: { topics: data.topics } });
    const settings = await readSettings(tx, ctx.org.id);
    await auditPublic(tx, ctx, settings, { action: "subscriber.preferences", targetType: "subscriber", targetId: subscriberId, before: { topics: before.topics }, after: { topics: data.topics } });
    return { ...before, topics: data.topics };
  });
}

/** Unsubscribes; idempotent (a second one-click POST changes nothing and records nothing). */
export async function unsubscribe({ ctx, subscriberId }: { ctx: PublicAccessContext; subscriberId: string }) {
  return inPublicTenant(ctx, async (tx) => {
    const row = await tx.subscriber.findFirst({ where: { id: subscriberId, orgId: ctx.org.id }, select: SUBSCRIBER_VIEW });
    if (!row) throw new AppError("not_found", "No such subscription.");
    if (row.status === "UNSUBSCRIBED") return row;
    const at = new Date(now());
    await tx.subscriber.updateMany({ where: { id: subscriberId, orgId: ctx.org.id }, data: { status: "UNSUBSCRIBED", unsubscribedAt: at, confirmTokenHash: null, confirmExpiresAt: null } });
    const settings = await readSettings(tx, ctx.org.id);
    await auditPublic(tx, ctx, settings, { action: "subscriber.unsubscribed", targetType: "subscriber", targetId: subscriberId, before: { status: row.status } });
    return { ...row, status: "UNSUBSCRIBED" as const };
  });
}
