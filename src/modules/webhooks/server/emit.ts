import "server-only";

import { enqueueJob } from "@/modules/email/server/outbox";
import type { Prisma } from "@/generated/prisma/client";
import type { Tx } from "@/server/db/client";
import type { WebhookEventType } from "../schema";

export { WEBHOOK_EVENT_TYPES, type WebhookEventType } from "../schema";

export const DELIVER_QUEUE = "webhooks.deliver";

/** What a `webhooks.deliver` job carries: which organisation, endpoint and event. */
export type DeliveryKey = { orgId: string; endpointId: string; eventId: string };
export const deliveryKey = (key: DeliveryKey) => `${key.orgId}:${key.endpointId}:${key.eventId}`;
export function parseDeliveryKey(value: unknown): DeliveryKey | null {
  const match = typeof value === "string" ? /^([0-9a-f-]{36}):([0-9a-f-]{36}):([0-9a-f-]{36})$/.exec(value) : null;
  return match ? { orgId: match[1]!, endpointId: match[2]!, eventId: match[3]! } : null;
}

/**
 * The one event emitter (ADR 032). Call it inside the transaction of the change the event is
 * about, in the organisation's scope: the event row and one delivery job per enabled endpoint
 * subscribed to its type commit with the change, or not at all. `data` holds ids and the
 * fields a receiver needs, never secrets, and personal data only about the subject of the event.
 */
export async function emitEvent(tx: Tx, { orgId, type, data }: { orgId: string; type: WebhookEventType; data: Prisma.InputJsonObject }) {
  const endpoints = await tx.webhookEndpoint.findMany({ where: { orgId, enabled: true, events: { has: type } }, select: { id: true } });
  const event = await tx.webhookEvent.create({ data: { orgId, type, payload: data }, select: { id: true } });
  for (const endpoint of endpoints) await enqueueDelivery(tx, { orgId, endpointId: endpoint.id, eventId: event.id });
  return { eventId: event.id, endpoints: endpoints.length };
}

export async function enqueueDelivery(tx: Tx, key: DeliveryKey) {
  await enqueueJob(tx, DELIVER_QUEUE, { deliveryKey: deliveryKey(key) });
}
