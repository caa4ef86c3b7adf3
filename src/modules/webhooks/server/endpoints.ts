import "server-only";

import { randomUUID } from "node:crypto";
import * as z from "zod";
import { recordAudit } from "@/modules/audit/server/audit";
import { inTenant, versionedDelete, versionedUpdate } from "@/server/db/write";
import { AppError } from "@/server/errors";
import type { OrgContext } from "@/server/gate";
import { endpointInputSchema, endpointUpdateSchema, PING_EVENT, versionedIdSchema } from "../schema";
import { checkDestination } from "./destination";
import { enqueueDelivery } from "./emit";
import { newSecret, ROTATION_OVERLAP_MS, sealSecret } from "./secrets";

/**
 * An organisation's webhook endpoints (ADR 032): every change versioned and audited; the
 * destination checked before it is saved; the secret returned only by create and rotate.
 */
export const MAX_ENDPOINTS_PER_ORG = 20;
export const DELIVERY_LOG_LIMIT = 50;

const MISSING = "No such webhook endpoint.";
const uuid = z.uuid();
/** An id from a form or URL: anything that is not a UUID is simply not found. */
function idOf(value: unknown): string {
  const parsed = uuid.safeParse(value);
  if (!parsed.success) throw new AppError("not_found", MISSING);
  return parsed.data.toLowerCase();
}

const PUBLIC_FIELDS = {
  id: true,
  url: true,
  description: true,
  events: true,
  format: true,
  enabled: true,
  consecutiveFailures: true,
  disabledAt: true,
  disabledReason: true,
  previousSecretExpiresAt: true,
  version: true,
  createdAt: true,
} as const;

export type EndpointView = Awaited<ReturnType<typeof listEndpoints>>[number];

export async function listEndpoints({ ctx }: { ctx: OrgContext }) {
  return inTenant(ctx, (tx) => tx.webhookEndpoint.findMany({ where: { orgId: ctx.org.id }, orderBy: { createdAt: "asc" }, select: PUBLIC_FIELDS }), { readOnly: true });
}

export type DeliveryView = Awaited<ReturnType<typeof listDeliveries>>["deliveries"][number];

/** One endpoint and its latest delivery attempts, newest first, with each event's type. */
export async function listDeliveries({ ctx, endpointId }: { ctx: OrgContext; endpointId: unknown }) {
  const id = idOf(endpointId);
  return inTenant(
    ctx,
    async (tx) => {
      const endpoint = await tx.webhookEndpoint.findFirst({ where: { id, orgId: ctx.org.id }, select: PUBLIC_FIELDS });
      if (!endpoint) throw new AppError("not_found", MISSING);
      const deliveries = await tx.webhookDelivery.findMany({
        where: { orgId: ctx.org.id, endpointId: id },
        orderBy: { createdAt: "desc" },
        take: DELIVERY_LOG_LIMIT,
        select: { id: true, eventId: true, attempt: true, status: true, responseStatus: true, latencyMs: true, responseExcerpt: true, error: true, createdAt: true, event: { select: { type: true } } },
      });
      return { endpoint, deliveries };
    },
    { readOnly: true },
  );
}

/** One endpoint's delivery log by window (the REST API's pages), newest first, with its total. */
export async function pageDeliveries({ ctx, endpointId, window }: { ctx: OrgContext; endpointId: unknown; window: { limit: number; offset: number } }) {
  const id = idOf(endpointId);
  return inTenant(
    ctx,
    async (tx) => {
      const endpoint = await tx.webhookEndpoint.findFirst({ where: { id, orgId: ctx.org.id }, select: { id: true } });
      if (!endpoint) throw new AppError("not_found", MISSING);
      const where = { orgId: ctx.org.id, endpointId: id };
      const [rows, total] = await Promise.all([
        tx.webhookDelivery.findMany({
          where,
          orderBy: [{ createdAt: "desc" }, { id: "asc" }],
          skip: window.offset,
          take: window.limit,
          select: { id: true, eventId: true, attempt: true, status: true, responseStatus: true, latencyMs: true, responseExcerpt: true, error: true, createdAt: true, event: { select: { type: true } } },
        }),
        tx.webhookDelivery.count({ where }),
      ]);
      return { rows, total };
    },
    { readOnly: true },
  );
}

export async function createEndpoint({ ctx, input }: { ctx: OrgContext; input: unknown }) {
  const data = endpointInputSchema.parse(input);
  const { url } = await checkDestination(data.url);
  const id = randomUUID();
  const secret = newSecret();
  const endpoint = await inTenant(ctx, async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`webhooks:${ctx.org.id}`}, 0))`;
    const count = await tx.webhookEndpoint.count({ where: { orgId: ctx.org.id } });
    if (count >= MAX_ENDPOINTS_PER_ORG) throw new AppError("conflict", `An organisation can have ${MAX_ENDPOINTS_PER_ORG} webhook endpoints. Delete one first.`);
    const created = await tx.webhookEndpoint.create({
      data: { id, orgId: ctx.org.id, url: url.toString(), description: data.description, events: data.events, format: data.format, secretSealed: sealSecret(id, secret), createdById: ctx.user.id },
      select: PUBLIC_FIELDS,
    });
    await recordAudit(tx, ctx, { action: "webhook.create", targetType: "webhook", targetId: id, after: { url: created.url, events: created.events, format: created.format } });
    return created;
  });
  return { endpoint, secret };
}

export async function updateEndpoint({ ctx, id, input }: { ctx: OrgContext; id: unknown; input: unknown }) {
  const key = { id: idOf(id), orgId: ctx.org.id };
  const data = endpointUpdateSchema.parse(input);
  const { url } = await checkDestination(data.url);
  return inTenant(ctx, async (tx) => {
    const after = { url: url.toString(), description: data.description, events: data.events, format: data.format };
    const { before, version } = await versionedUpdate({ model: tx.webhookEndpoint, key, version: data.version, missing: MISSING }, after);
    await recordAudit(tx, ctx, { action: "webhook.update", targetType: "webhook", targetId: key.id, before: { url: before.url, events: before.events, format: before.format }, after });
    return { version };
  });
}

/** Enable or disable by hand. Enabling starts the failure count again. */
export async function setEndpointEnabled({ ctx, input, enabled }: { ctx: OrgContext; input: unknown; enabled: boolean }) {
  const { id, version } = versionedIdSchema.parse(input);
  const key = { id: idOf(id), orgId: ctx.org.id };
  return inTenant(ctx, async (tx) => {
    const changes = enabled ? { enabled: true, consecutiveFailures: 0, disabledAt: null, disabledReason: null } : { enabled: false, disabledAt: new Date(), disabledReason: "Disabled by a member." };
    await versionedUpdate({ model: tx.webhookEndpoint, key, version, missing: MISSING }, changes);
    await recordAudit(tx, ctx, { action: enabled ? "webhook.enable" : "webhook.disable", targetType: "webhook", targetId: key.id, after: { enabled } });
  });
}

/** A new secret; the old one keeps signing beside it for 24 hours so receivers can switch over. */
export async function rotateSecret({ ctx, input, now = new Date() }: { ctx: OrgContext; input: unknown; now?: Date }) {
  const { id, version } = versionedIdSchema.parse(input);
  const key = { id: idOf(id), orgId: ctx.org.id };
  const secret = newSecret();
  await inTenant(ctx, async (tx) => {
    await versionedUpdate({ model: tx.webhookEndpoint, key, version, missing: MISSING }, (before: { secretSealed: string }) => ({
      secretSealed: sealSecret(key.id, secret),
      previousSecretSealed: before.secretSealed,
      previousSecretExpiresAt: new Date(now.getTime() + ROTATION_OVERLAP_MS),
    }));
    await recordAudit(tx, ctx, { action: "webhook.rotate_secret", targetType: "webhook", targetId: key.id });
  });
  return { secret };
}

export async function deleteEndpoint({ ctx, input }: { ctx: OrgContext; input: unknown }) {
  const { id, version } = versionedIdSchema.parse(input);
  const key = { id: idOf(id), orgId: ctx.org.id };
  return inTenant(ctx, async (tx) => {
    const before = await versionedDelete({ model: tx.webhookEndpoint, key, version, missing: MISSING });
    await recordAudit(tx, ctx, { action: "webhook.delete", targetType: "webhook", targetId: key.id, before: { url: before.url, events: before.events } });
    return before;
  });
}

/** "Send test event": a ping event for this endpoint alone, queued like any other. */
export async function sendTestEvent({ ctx, id }: { ctx: OrgContext; id: unknown }) {
  const endpointId = idOf(id);
  return inTenant(ctx, async (tx) => {
    const endpoint = await tx.webhookEndpoint.findFirst({ where: { id: endpointId, orgId: ctx.org.id }, select: { enabled: true } });
    if (!endpoint) throw new AppError("not_found", MISSING);
    if (!endpoint.enabled) throw new AppError("conflict", "This endpoint is disabled. Enable it to send a test event.");
    const event = await tx.webhookEvent.create({ data: { orgId: ctx.org.id, type: PING_EVENT, payload: { endpointId, message: "A test event from Candor." } }, select: { id: true } });
    await enqueueDelivery(tx, { orgId: ctx.org.id, endpointId, eventId: event.id });
    await recordAudit(tx, ctx, { action: "webhook.test", targetType: "webhook", targetId: endpointId, after: { eventId: event.id } });
    return { eventId: event.id };
  });
}

/** Sends a past event to the endpoint again: the same message, so the same webhook-id. */
export async function redeliverEvent({ ctx, endpointId, eventId }: { ctx: OrgContext; endpointId: unknown; eventId: unknown }) {
  const key = { orgId: ctx.org.id, endpointId: idOf(endpointId), eventId: idOf(eventId) };
  return inTenant(ctx, async (tx) => {
    const endpoint = await tx.webhookEndpoint.findFirst({ where: { id: key.endpointId, orgId: key.orgId }, select: { enabled: true } });
    const event = await tx.webhookEvent.findFirst({ where: { id: key.eventId, orgId: key.orgId }, select: { id: true } });
    if (!endpoint || !event) throw new AppError("not_found", "No such webhook endpoint or event.");
    if (!endpoint.enabled) throw new AppError("conflict", "This endpoint is disabled. Enable it to redeliver.");
    await enqueueDelivery(tx, key);
    await recordAudit(tx, ctx, { action: "webhook.redeliver", targetType: "webhook", targetId: key.endpointId, after: { eventId: key.eventId } });
  });
}
