import * as z from "zod";
import { LOCALES } from "@/lib/locales";

/** At most this many alerts are listed in one digest; the rest are counted. */
export const ALERT_DIGEST_MAX_LISTED = 50;

const ALERT_KIND = z.enum(["ACCESS_REQUEST", "OBJECTION", "DOMAIN_FAILURE", "EXPIRY", "REVIEW_DUE"]);

/** At most this many lines of a change are listed in a subscriber's mail; the rest are counted. */
export const NOTICE_MAX_LINES = 50;
/** At most this many publications are listed in one subscriber digest; the rest are counted. */
export const NOTICE_DIGEST_MAX_LISTED = 30;

/**
 * Every email Candor sends, with the props it needs. The web tier only enqueues
 * (server/outbox.ts); the worker renders (server/render.tsx) and delivers (server/deliver.ts).
 */
export const emailTemplates = {
  "sign-in": z.object({
    url: z.url(),
    code: z.string().regex(/^\d{6}$/),
    expiresInMinutes: z.number().int().positive(),
  }),
  invitation: z.object({
    orgName: z.string().min(1).max(100),
    inviterEmail: z.string().min(3).max(254),
    role: z.string().min(1).max(20),
    url: z.url(),
    expiresInDays: z.number().int().positive(),
  }),
  "review-reminder": z.object({
    orgName: z.string().min(1).max(100),
    url: z.url(),
    controls: z.array(z.object({ ref: z.string(), title: z.string(), dueOn: z.string() })).min(1).max(500),
  }),
  "domain-alert": z.object({
    orgName: z.string().min(1).max(100),
    hostname: z.string().min(1).max(253),
    kind: z.enum(["failing", "suspended", "restored", "lost"]),
    detail: z.string().max(500),
    url: z.url(),
  }),
  "publication-request": z.object({
    orgName: z.string().min(1).max(100),
    kind: z.enum(["requested", "approved", "rejected", "superseded"]),
    /** Who asked (requested) or who decided (the others). */
    actorEmail: z.string().min(3).max(254),
    /** The requester's note, or the reason for a rejection. */
    detail: z.string().max(1000),
    seq: z.number().int().positive().nullable(),
    url: z.url(),
  }),
  /** A reviewer's decision on a prospect's access request (ADR 029): the access link, or the reason. */
  "access-decision": z.object({
    /** The prospect's language (ADR 038); absent: English. */
    locale: z.enum(LOCALES).optional(),
    orgName: z.string().min(1).max(100),
    kind: z.enum(["approved", "denied"]),
    /** The reviewer's reason (denied); "" when none is given. */
    detail: z.string().max(1000),
    /** The single-use access link (approved) or the trust center (denied). */
    url: z.url(),
    /** When the grant ends (approved), as an ISO date. */
    expiresOn: z.string().max(30).nullable(),
    linkExpiresInHours: z.number().int().positive().nullable(),
  }),
  /** A prospect confirms their address (ADR 029): the link opens a page with a confirm button. */
  "access-verify": z.object({
    /** The prospect's language (ADR 038); absent: English. */
    locale: z.enum(LOCALES).optional(),
    orgName: z.string().min(1).max(200),
    url: z.url(),
    expiresInMinutes: z.number().int().positive(),
  }),
  /** A prospect's access link, for one tenant host: approved by a rule or a reviewer, or asked again. */
  "access-link": z.object({
    /** The prospect's language (ADR 038); absent: English. */
    locale: z.enum(LOCALES).optional(),
    orgName: z.string().min(1).max(200),
    url: z.url(),
    expiresInHours: z.number().int().positive(),
  }),
  /** Owners and admins: a verified request waits for review. The requester's words are shown as text. */
  "access-review": z.object({
    orgName: z.string().min(1).max(200),
    requesterEmail: z.string().min(3).max(254),
    fullName: z.string().max(200),
    company: z.string().max(200),
    reason: z.string().max(2000),
    url: z.url(),
  }),
  /** One alert to one member who chose mail for its kind (ADR 033). Subject and lines are shown as text. */
  alert: z.object({
    orgName: z.string().min(1).max(200),
    kind: ALERT_KIND,
    subject: z.string().min(1).max(300),
    lines: z.array(z.string().max(1000)).max(20),
    url: z.url(),
    settingsUrl: z.url(),
  }),
  /** A member's daily digest: the alerts of every kind they chose to get this way since their last digest (ADR 033). */
  "alert-digest": z.object({
    orgName: z.string().min(1).max(200),
    alerts: z
      .array(z.object({ kind: ALERT_KIND, subject: z.string().min(1).max(300), lines: z.array(z.string().max(1000)).max(20), at: z.string().max(40), url: z.url() }))
      .min(1)
      .max(ALERT_DIGEST_MAX_LISTED),
    /** Alerts of the same digest not listed (beyond ALERT_DIGEST_MAX_LISTED). */
    more: z.number().int().min(0),
    /** The organisation's dashboard. */
    url: z.url(),
    settingsUrl: z.url(),
  }),
  /** A subscriber's notice of one publication (issue 13): the change in words, the page, its verification. */
  "publication-notice": z.object({
    /** The prospect's language (ADR 038); absent: English. */
    locale: z.enum(LOCALES).optional(),
    orgName: z.string().min(1).max(200),
    seq: z.number().int().positive(),
    lines: z.array(z.string().max(1000)).min(1).max(NOTICE_MAX_LINES),
    /** Lines of the same change not listed (beyond NOTICE_MAX_LINES). */
    more: z.number().int().min(0),
    pageUrl: z.url(),
    verifyUrl: z.url(),
    unsubscribeUrl: z.url(),
    manageUrl: z.url(),
  }),
  /** A subscriber's daily or weekly digest of the publications they were not told of at once. */
  "publication-digest": z.object({
    /** The prospect's language (ADR 038); absent: English. */
    locale: z.enum(LOCALES).optional(),
    orgName: z.string().min(1).max(200),
    period: z.enum(["daily", "weekly"]),
    notices: z
      .array(z.object({ seq: z.number().int().positive(), publishedOn: z.string().max(40), lines: z.array(z.string().max(1000)).min(1).max(NOTICE_MAX_LINES) }))
      .min(1)
      .max(NOTICE_DIGEST_MAX_LISTED),
    more: z.number().int().min(0),
    pageUrl: z.url(),
    verifyUrl: z.url(),
    unsubscribeUrl: z.url(),
    manageUrl: z.url(),
  }),
  /** A subscriber confirms their address (ADR 030): the link opens a page with a confirm button. */
  "subscriber-confirm": z.object({
    /** The prospect's language (ADR 038); absent: English. */
    locale: z.enum(LOCALES).optional(),
    orgName: z.string().min(1).max(200),
    url: z.url(),
    topics: z.array(z.string().max(60)).min(1).max(4),
    expiresInHours: z.number().int().positive(),
  }),
  /** An already confirmed address subscribed again: its manage link instead of a new confirmation. */
  "subscriber-manage": z.object({
    /** The prospect's language (ADR 038); absent: English. */
    locale: z.enum(LOCALES).optional(),
    orgName: z.string().min(1).max(200),
    url: z.url(),
    unsubscribeUrl: z.url(),
  }),
  /** An objector confirms their address (ADR 031): the link opens a page with a confirm button. */
  "objection-verify": z.object({
    /** The objector's language (ADR 038); absent: English. */
    locale: z.enum(LOCALES).optional(),
    orgName: z.string().min(1).max(200),
    vendor: z.string().min(1).max(120),
    url: z.url(),
    expiresInMinutes: z.number().int().positive(),
  }),
  /** Owners and admins: a verified objection to a subprocessor change. The objector's words are text. */
  "objection-filed": z.object({
    orgName: z.string().min(1).max(200),
    vendor: z.string().min(1).max(120),
    summary: z.string().max(2000),
    effectiveOn: z.string().max(10),
    objectorEmail: z.string().min(3).max(254),
    company: z.string().max(200),
    reason: z.string().max(2000),
    reference: z.string().max(20),
    url: z.url(),
  }),
  /** The objector's receipt, with the reference to quote. */
  "objection-receipt": z.object({
    /** The objector's language (ADR 038); absent: English. */
    locale: z.enum(LOCALES).optional(),
    orgName: z.string().min(1).max(200),
    vendor: z.string().min(1).max(120),
    summary: z.string().max(2000),
    effectiveOn: z.string().max(10),
    reference: z.string().max(20),
    /** The trust center the objection was filed on. */
    url: z.url(),
  }),
  /** Owners and admins: a webhook endpoint was disabled after repeated failed deliveries (ADR 032). */
  "webhook-disabled": z.object({
    orgName: z.string().min(1).max(100),
    endpointUrl: z.string().min(1).max(2000),
    failures: z.number().int().positive(),
    reason: z.string().max(500),
    url: z.url(),
  }),
  "verify-code": z.object({
    code: z.string().regex(/^\d{6}$/),
    expiresInMinutes: z.number().int().positive(),
  }),
} as const;

export type EmailTemplate = keyof typeof emailTemplates;
export type EmailProps<T extends EmailTemplate> = z.infer<(typeof emailTemplates)[T]>;
export type EmailMessage = { [T in EmailTemplate]: { to: string; template: T; props: EmailProps<T> } }[EmailTemplate];

/** The purpose label under which outbox payloads are sealed (src/server/crypto.ts). */
export const OUTBOX_SEAL_PURPOSE = "outbox-payload";
export const EMAIL_QUEUE = "email.deliver";
/** Deliveries of up to EMAIL_BATCH_SIZE outbox messages in one job (Resend's batch API takes 100). */
export const EMAIL_BATCH_QUEUE = "email.deliver-batch";
export const EMAIL_BATCH_SIZE = 100;

/**
 * Extra headers a message carries, derived from its props when it is rendered: a subscriber's mail
 * offers one-click unsubscribe (RFC 8058). Mail clients POST "List-Unsubscribe=One-Click" to the URL.
 */
export function headersFor(message: Pick<EmailMessage, "template" | "props">): Record<string, string> | undefined {
  if (message.template !== "publication-notice" && message.template !== "publication-digest") return undefined;
  const { unsubscribeUrl } = message.props as { unsubscribeUrl: string };
  return { "List-Unsubscribe": `<${unsubscribeUrl}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" };
}
