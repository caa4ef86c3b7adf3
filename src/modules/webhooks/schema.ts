import * as z from "zod";

/**
 * Outbound webhooks (issue 13, ADR 032), client-safe: the event types an endpoint may subscribe
 * to and the zod schemas of the dashboard's inputs, shared by the form and the server.
 */
export const WEBHOOK_EVENT_TYPES = [
  "publication.created",
  "access_request.created",
  "access_request.decided",
  "grant.revoked",
  "subscriber.confirmed",
  "objection.created",
  "domain.verified",
  "domain.failed",
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** The "send test event" message: never emitted by the product, only sent to one endpoint on request. */
export const PING_EVENT = "webhook.ping";

export const WEBHOOK_EVENT_LABELS: Record<WebhookEventType, string> = {
  "publication.created": "A publication is made",
  "access_request.created": "A prospect asks for access (verified)",
  "access_request.decided": "An access request is approved or denied",
  "grant.revoked": "A prospect's access is revoked",
  "subscriber.confirmed": "A subscriber confirms their address",
  "objection.created": "An objection to a subprocessor change is filed",
  "domain.verified": "A custom domain passes its DNS check",
  "domain.failed": "A custom domain fails its DNS check",
};

export const WEBHOOK_FORMATS = ["STANDARD", "SLACK"] as const;

const url = z
  .string({ error: "Enter the endpoint's URL." })
  .trim()
  .min(1, "Enter the endpoint's URL.")
  .max(2000, "That URL is too long (at most 2,000 characters).");

/** Accepts a form's repeated checkbox values or an array; at least one known type, no repeats. */
const events = z
  .array(z.enum(WEBHOOK_EVENT_TYPES, { error: "Choose events from the list." }), { error: "Choose at least one event." })
  .min(1, "Choose at least one event.")
  .transform((list) => [...new Set(list)]);

export const endpointInputSchema = z.object({
  url,
  description: z.string().trim().max(500, "Keep the description under 500 characters.").default(""),
  events,
  format: z.enum(WEBHOOK_FORMATS, { error: "Choose a payload format." }).default("STANDARD"),
});
export type EndpointInput = z.input<typeof endpointInputSchema>;

export const endpointUpdateSchema = endpointInputSchema.extend({ version: z.coerce.number().int().min(1) });
export const versionedIdSchema = z.object({ id: z.uuid({ error: "No such endpoint." }), version: z.coerce.number().int().min(1) });
