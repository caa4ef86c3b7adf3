import "server-only";

import { recordAudit } from "@/modules/audit/server/audit";
import { enqueueEmail } from "@/modules/email/server/outbox";
import type { Tx } from "@/server/db/client";
import { withTenant } from "@/server/db/tenant";
import { env } from "@/server/env";
import { AppError } from "@/server/errors";
import { PING_EVENT, WEBHOOK_EVENT_LABELS, type WebhookEventType } from "../schema";
import { checkDestination, send, type SendResult } from "./destination";
import { parseDeliveryKey, type DeliveryKey } from "./emit";
import { signatureHeaders } from "./secrets";

/**
 * One delivery attempt of one event to one endpoint (the `webhooks.deliver` job, ADR 032):
 * the destination is checked again (DNS rebinding), the message signed and POSTed, and the
 * attempt logged. A failure throws so pg-boss retries with backoff; after DISABLE_AFTER_FAILURES
 * failed attempts in a row (across events) the endpoint is disabled and owners and admins mailed.
 */
export const DISABLE_AFTER_FAILURES = 15;

export type DeliveryOutcome = "succeeded" | "failed" | "refused" | "skipped";

type Attempt = { status: "SUCCEEDED" | "FAILED" | "REFUSED"; result?: SendResult; error?: string };

export async function deliverWebhook({ deliveryKey, now = () => new Date() }: { deliveryKey: unknown; now?: () => Date }): Promise<{ outcome: DeliveryOutcome; disabled: boolean }> {
  const key = parseDeliveryKey(deliveryKey);
  if (!key) return { outcome: "skipped", disabled: false };
  const loaded = await load(key);
  if (!loaded) return { outcome: "skipped", disabled: false };
  const attempt = await attemptOnce(loaded, now());
  const disabled = await record(key, attempt, now());
  return { outcome: attempt.status === "SUCCEEDED" ? "succeeded" : attempt.status === "REFUSED" ? "refused" : "failed", disabled };
}

async function load(key: DeliveryKey) {
  return withTenant(
    { orgId: key.orgId },
    async (tx) => {
      const endpoint = await tx.webhookEndpoint.findFirst({ where: { id: key.endpointId, orgId: key.orgId } });
      const event = await tx.webhookEvent.findFirst({ where: { id: key.eventId, orgId: key.orgId } });
      const org = await tx.organization.findUnique({ where: { id: key.orgId }, select: { name: true, slug: true } });
      // A disabled or deleted endpoint gets nothing more; its queued retries end here.
      if (!endpoint?.enabled || !event || !org) return null;
      return { endpoint, event, org };
    },
    { readOnly: true },
  );
}

type Loaded = NonNullable<Awaited<ReturnType<typeof load>>>;

/** The request body: the Standard Webhooks envelope, or a Slack-compatible `{ text }`. */
export function webhookBody({ endpoint, event, org }: Pick<Loaded, "endpoint" | "event" | "org">): string {
  if (endpoint.format === "SLACK") return JSON.stringify({ text: slackText(event.type, event.payload, org.name) });
  return JSON.stringify({ type: event.type, timestamp: event.createdAt.toISOString(), data: event.payload });
}

function slackText(type: string, payload: unknown, orgName: string): string {
  const label = type === PING_EVENT ? "Test event from Candor" : (WEBHOOK_EVENT_LABELS[type as WebhookEventType] ?? type);
  const fields = payload && typeof payload === "object" ? Object.entries(payload as Record<string, unknown>) : [];
  const details = fields
    .filter(([, value]) => ["string", "number", "boolean"].includes(typeof value))
    .slice(0, 6)
    .map(([name, value]) => `${name}: ${String(value).slice(0, 200)}`)
    .join(", ");
  return `[${orgName}] ${label}${details ? ` (${details})` : ""}`;
}

async function attemptOnce(loaded: Loaded, at: Date): Promise<Attempt> {
  let destination;
  try {
    destination = await checkDestination(loaded.endpoint.url);
  } catch (error) {
    if (error instanceof AppError) return { status: "REFUSED", error: error.message.slice(0, 500) };
    throw error;
  }
  const body = webhookBody(loaded);
  const headers = signatureHeaders(loaded.endpoint, { id: loaded.event.id, body, at });
  try {
    const result = await send(destination, headers, body);
    if (result.status >= 200 && result.status < 300) return { status: "SUCCEEDED", result };
    const error = result.status >= 300 && result.status < 400 ? `Answered ${result.status}: redirects are not followed.` : `Answered ${result.status}.`;
    return { status: "FAILED", result, error };
  } catch (error) {
    const message = error instanceof Error && error.name === "TimeoutError" ? "No answer within 10 seconds." : `Could not connect: ${error instanceof Error ? error.message : String(error)}`;
    return { status: "FAILED", error: message.slice(0, 500) };
  }
}

/** Logs the attempt and keeps the endpoint's failure count; true when this attempt disabled it. */
async function record(key: DeliveryKey, attempt: Attempt, at: Date): Promise<boolean> {
  return withTenant({ orgId: key.orgId }, async (tx) => {
    const previous = await tx.webhookDelivery.count({ where: { orgId: key.orgId, endpointId: key.endpointId, eventId: key.eventId } });
    await tx.webhookDelivery.create({
      data: {
        orgId: key.orgId,
        endpointId: key.endpointId,
        eventId: key.eventId,
        attempt: previous + 1,
        status: attempt.status,
        responseStatus: attempt.result?.status ?? null,
        latencyMs: attempt.result?.latencyMs ?? null,
        responseExcerpt: attempt.result?.excerpt ?? null,
        error: attempt.error ?? null,
        createdAt: at,
      },
    });
    const where = { id: key.endpointId, orgId: key.orgId };
    if (attempt.status === "SUCCEEDED") {
      await tx.webhookEndpoint.updateMany({ where, data: { consecutiveFailures: 0 } });
      return false;
    }
    await tx.webhookEndpoint.updateMany({ where: { ...where, enabled: true }, data: { consecutiveFailures: { increment: 1 } } });
    const endpoint = await tx.webhookEndpoint.findFirst({ where, select: { consecutiveFailures: true, enabled: true, url: true } });
    if (!endpoint?.enabled || endpoint.consecutiveFailures < DISABLE_AFTER_FAILURES) return false;
    const reason = `Disabled after ${endpoint.consecutiveFailures} failed deliveries in a row. Last: ${attempt.error ?? "failed"}`.slice(0, 500);
    await tx.webhookEndpoint.updateMany({ where, data: { enabled: false, disabledAt: at, disabledReason: reason, version: { increment: 1 } } });
    await recordAudit(tx, { user: null, org: { id: key.orgId }, request: { ip: null, userAgent: null } }, {
      action: "webhook.auto_disable",
      targetType: "webhook",
      targetId: key.endpointId,
      before: { enabled: true },
      after: { enabled: false, consecutiveFailures: endpoint.consecutiveFailures },
    });
    await mailAdmins(tx, key.orgId, { endpointUrl: endpoint.url, failures: endpoint.consecutiveFailures, reason });
    return true;
  });
}

async function mailAdmins(tx: Tx, orgId: string, detail: { endpointUrl: string; failures: number; reason: string }) {
  const org = await tx.organization.findUniqueOrThrow({ where: { id: orgId }, select: { name: true, slug: true } });
  const admins = await tx.member.findMany({ where: { orgId, role: { in: ["OWNER", "ADMIN"] } }, select: { user: { select: { email: true } } } });
  const url = new URL(`/dashboard/${org.slug}/webhooks`, env().APP_URL).toString();
  for (const admin of admins) {
    await enqueueEmail(tx, {
      to: admin.user.email,
      template: "webhook-disabled",
      props: { orgName: org.name.slice(0, 100), endpointUrl: detail.endpointUrl.slice(0, 2000), failures: detail.failures, reason: detail.reason, url },
    });
  }
}
