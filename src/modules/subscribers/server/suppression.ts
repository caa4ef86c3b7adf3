import "server-only";

import { Webhook, WebhookVerificationError } from "standardwebhooks";
import * as z from "zod";
import { db } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { log } from "@/server/log";
import { readBodyUpTo } from "@/server/body";

/**
 * Resend's webhooks for bounces and complaints (issue 13). Resend signs with Svix, which is the
 * Standard Webhooks scheme under `svix-*` header names: the signature is checked with the
 * `standardwebhooks` verifier over the raw body (HMAC-SHA256 of "id.timestamp.body" under the
 * `whsec_` secret, timestamps within 5 minutes). Anything that does not verify is a 401 and nothing
 * is recorded. A hard bounce (email.bounced; Resend sends it for permanent rejections, and a
 * `bounce.type` other than "Permanent" is ignored) or a complaint (email.complained) puts the
 * address on the platform-wide suppression list: no organisation's mail reaches it again.
 */
export const WEBHOOK_MAX_BYTES = 64 * 1024;

export class WebhookBodyTooLarge extends Error {}

const eventSchema = z.object({
  type: z.string().max(100),
  data: z
    .object({
      to: z.union([z.array(z.string().max(320)).max(50), z.string().max(320)]).optional(),
      bounce: z.object({ type: z.string().max(50).optional() }).loose().optional(),
    })
    .loose(),
});
export type ResendEvent = z.infer<typeof eventSchema>;

/** The body as text, read no further than WEBHOOK_MAX_BYTES. */
export async function readWebhookBody(request: Request): Promise<string> {
  const body = await readBodyUpTo(request, WEBHOOK_MAX_BYTES);
  if (!body) throw new WebhookBodyTooLarge();
  return body.toString("utf8");
}

/** The verified event, or an `unauthenticated` AppError (no secret configured, a header missing, a bad or stale signature). */
export function verifyResendWebhook(body: string, headers: Headers, secret: string | undefined): ResendEvent {
  const id = headers.get("svix-id") ?? headers.get("webhook-id");
  const timestamp = headers.get("svix-timestamp") ?? headers.get("webhook-timestamp");
  const signature = headers.get("svix-signature") ?? headers.get("webhook-signature");
  if (!secret || !id || !timestamp || !signature) throw new AppError("unauthenticated", "The webhook signature is missing.");
  let payload: unknown;
  try {
    payload = new Webhook(secret).verify(body, { "webhook-id": id, "webhook-timestamp": timestamp, "webhook-signature": signature });
  } catch (error) {
    if (!(error instanceof WebhookVerificationError)) log.warn({ err: error }, "resend webhook: verification error");
    throw new AppError("unauthenticated", "The webhook signature does not verify.");
  }
  const parsed = eventSchema.safeParse(payload);
  if (!parsed.success) throw new AppError("bad_request", "The webhook event is not one we can read.");
  return parsed.data;
}

/** Which addresses an event suppresses, and why; none for any other event. */
export function suppressionsOf(event: ResendEvent): { emails: string[]; reason: "BOUNCE" | "COMPLAINT" } | null {
  const to = event.data.to === undefined ? [] : Array.isArray(event.data.to) ? event.data.to : [event.data.to];
  const emails = [...new Set(to.map((email) => email.trim().toLowerCase()).filter((email) => z.email().safeParse(email).success))];
  if (emails.length === 0) return null;
  if (event.type === "email.complained") return { emails, reason: "COMPLAINT" };
  if (event.type === "email.bounced") {
    const kind = event.data.bounce?.type;
    return kind === undefined || kind === "Permanent" ? { emails, reason: "BOUNCE" } : null;
  }
  return null;
}

/** Records the event's suppressions (an address already suppressed stays as it was); the number added. */
export async function recordSuppressions(event: ResendEvent, providerEventId: string | null = null): Promise<number> {
  const found = suppressionsOf(event);
  if (!found) return 0;
  const added = await db.$executeRaw`
    INSERT INTO "EmailSuppression" ("id", "email", "reason", "providerEventId", "createdAt")
    SELECT gen_random_uuid(), e, ${found.reason}::"SuppressionReason", ${providerEventId?.slice(0, 200) ?? null}, now() FROM unnest(${found.emails}::text[]) AS e
    ON CONFLICT ("email") DO NOTHING`;
  log.info({ reason: found.reason, added, type: event.type }, "email addresses suppressed");
  return added;
}
