import * as z from "zod";

/** At most this many requests are listed in one access digest; the rest are counted. */
export const ACCESS_DIGEST_MAX_LISTED = 50;

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
    orgName: z.string().min(1).max(200),
    url: z.url(),
    expiresInMinutes: z.number().int().positive(),
  }),
  /** A prospect's access link, for one tenant host: approved by a rule or a reviewer, or asked again. */
  "access-link": z.object({
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
  /**
   * Owners and admins who chose a daily digest: the verified requests that began waiting for review
   * since their last digest (ADR 029, addendum D). The requesters' words are shown as text.
   */
  "access-digest": z.object({
    orgName: z.string().min(1).max(200),
    requests: z
      .array(z.object({ email: z.string().min(3).max(254), fullName: z.string().max(200), company: z.string().max(200), verified: z.string().max(40) }))
      .min(1)
      .max(ACCESS_DIGEST_MAX_LISTED),
    /** Requests of the same window not listed (beyond ACCESS_DIGEST_MAX_LISTED). */
    more: z.number().int().min(0),
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
