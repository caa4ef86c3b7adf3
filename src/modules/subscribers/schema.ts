import * as z from "zod";
import { LOCALES } from "@/lib/locales";
import { emailSchema } from "@/modules/auth/schema";
import { firstValue, pageNumber, searchText } from "@/server/query-params";

/**
 * Subscribers (issue 13, ADR 030): the inputs of the public subscription flow and of the
 * dashboard's Subscribers page, one schema each. Client-safe.
 */

export const SUBSCRIBER_TOPICS = ["SECURITY", "SUBPROCESSORS", "CERTIFICATIONS", "GENERAL"] as const;
export type SubscriberTopic = (typeof SUBSCRIBER_TOPICS)[number];

export const TOPIC_LABELS: Record<SubscriberTopic, string> = {
  SECURITY: "Security and incidents",
  SUBPROCESSORS: "Subprocessors",
  CERTIFICATIONS: "Certifications and documents",
  GENERAL: "General updates",
};

/** The public forms' checkbox values ("all" is every topic), as the trust page renders them. */
export const SUBSCRIBE_TOPIC_FIELDS: Record<string, SubscriberTopic> = {
  security: "SECURITY",
  subprocessors: "SUBPROCESSORS",
  certifications: "CERTIFICATIONS",
  general: "GENERAL",
};

/** The confirmation link's lifetime. */
export const CONFIRM_TTL_HOURS = 48;

/** Per client address and per email address, per hour (src/server/rate-limit.ts). */
export const SUBSCRIBE_RATE_LIMITS = {
  perIp: { points: 20, windowSeconds: 3600 },
  perEmail: { points: 3, windowSeconds: 3600 },
  /** Manage and unsubscribe posts, per client address. */
  linksPerIp: { points: 60, windowSeconds: 3600 },
} as const;

/** The largest form body the public subscription routes read. */
export const MAX_SUBSCRIBE_FORM_BYTES = 32 * 1024;

const topicsSchema = z
  .array(z.enum(SUBSCRIBER_TOPICS), { error: "Choose at least one topic." })
  .min(1, "Choose at least one topic.")
  .max(SUBSCRIBER_TOPICS.length)
  .transform((topics) => SUBSCRIBER_TOPICS.filter((t) => topics.includes(t)));

/** The form's checkbox values as topics: "all" (or every topic ticked) is all four; unknown values are refused. */
export function topicsFromForm(values: string[]): string[] {
  if (values.includes("all")) return [...SUBSCRIBER_TOPICS];
  return values.map((value) => SUBSCRIBE_TOPIC_FIELDS[value] ?? value);
}

/** `language`: the one the visitor's page was in (ADR 038); their mails are written in it. */
export const subscribeSchema = z.strictObject({ email: emailSchema, topics: topicsSchema, language: z.enum(LOCALES).optional() });
export const preferencesSchema = z.strictObject({ topics: topicsSchema });

export const DELIVERY_MODES = ["IMMEDIATE", "DAILY", "WEEKLY"] as const;
export type DeliveryMode = (typeof DELIVERY_MODES)[number];
export const DELIVERY_LABELS: Record<DeliveryMode, string> = { IMMEDIATE: "At once", DAILY: "Daily digest", WEEKLY: "Weekly digest" };

/** The column of NotificationSettings for each topic. */
export const MODE_FIELDS = { SECURITY: "securityMode", SUBPROCESSORS: "subprocessorsMode", CERTIFICATIONS: "certificationsMode", GENERAL: "generalMode" } as const satisfies Record<SubscriberTopic, string>;

export const deliveryModesSchema = z.strictObject({
  securityMode: z.enum(DELIVERY_MODES),
  subprocessorsMode: z.enum(DELIVERY_MODES),
  certificationsMode: z.enum(DELIVERY_MODES),
  generalMode: z.enum(DELIVERY_MODES),
  version: z.coerce.number().int().min(1).max(2_147_483_647),
});

export const removeSubscriberSchema = z.strictObject({ id: z.uuid() });

export const SUBSCRIBER_PAGE_SIZE = 50;
export const SUBSCRIBER_STATUSES = ["PENDING", "CONFIRMED", "UNSUBSCRIBED"] as const;

/** The dashboard list's URL parameters; one the URL gets wrong is dropped, never an error page. */
export const subscriberQuerySchema = z.object({
  q: searchText(254).catch(undefined),
  status: z.preprocess(firstValue, z.enum(SUBSCRIBER_STATUSES).optional()).catch(undefined),
  page: pageNumber.catch(1),
});
export type SubscriberQuery = z.infer<typeof subscriberQuerySchema>;
