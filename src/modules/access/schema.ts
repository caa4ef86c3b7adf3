import * as z from "zod";
import { emailSchema } from "@/modules/auth/schema";
import { multilineText } from "@/lib/text";

/**
 * Prospect access (ADR 029): the inputs of the public request flow and of the dashboard's
 * "Access" area, one schema each, for the forms, the actions and the routes. Client-safe.
 * People who hold a grant are *grantees* here, never "viewers" (the VIEWER member role).
 */

/** Lifetimes (ADR 029). The verification mail's link, the access link, the grantee session. */
export const VERIFICATION_TTL_MINUTES = 30;
export const ACCESS_LINK_TTL_HOURS = 24;
export const SESSION_IDLE_MINUTES = 120;
export const SESSION_ABSOLUTE_HOURS = 12;
/** How long a grantee's session may go without touching lastSeenAt before it is written again. */
export const SESSION_TOUCH_SECONDS = 60;

/**
 * The public forms' own limits (rate-limiter-flexible on Postgres, src/server/rate-limit.ts), on
 * top of the organisation's hourly mail cap: per client address and per email address, per hour.
 * Per IP is generous enough for an office behind one address; per email keeps one inbox from
 * being flooded whoever sends.
 */
export const ACCESS_RATE_LIMITS = {
  requestsPerIp: { points: 20, windowSeconds: 3600 },
  requestsPerEmail: { points: 5, windowSeconds: 3600 },
  linksPerIp: { points: 20, windowSeconds: 3600 },
  linksPerEmail: { points: 3, windowSeconds: 3600 },
} as const;
/** The largest form body the public access routes read (the NDA text is not posted back). */
export const MAX_FORM_BYTES = 32 * 1024;

export const GRANT_DAYS = { min: 7, max: 365, default: 90 } as const;
export const MAIL_CAP = { min: 1, max: 10_000, default: 200 } as const;
export const MAX_SCOPE_ITEMS = 500;
export const MAX_RULES = 50;
export const MAX_RULE_DOMAINS = 500;
export const MAX_NDA_CHARS = 100_000;
export const PAGE_SIZE = 50;

export const NDA_MODES = ["NONE", "CLICK_THROUGH", "EXTERNAL"] as const;
export const IP_RECORDING = ["FULL", "TRUNCATED", "NONE"] as const;
export const RULE_MATCHES = ["DOMAINS", "FREE_MAIL", "DISPOSABLE", "ANY"] as const;
export const DECISIONS = ["APPROVE", "DENY", "REVIEW"] as const;
export const REQUEST_STATUSES = ["UNVERIFIED", "PENDING", "APPROVED", "DENIED", "EXPIRED"] as const;
/** How an owner or admin hears about requests that wait for review: each one, a daily digest, or not at all. */
export const MAIL_PREFERENCES = ["EACH", "DAILY", "NONE"] as const;
export type MailPreference = (typeof MAIL_PREFERENCES)[number];

export type RuleMatch = (typeof RULE_MATCHES)[number];
export type Decision = (typeof DECISIONS)[number];

const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

/** One line of text: trimmed, no control characters, within `max`. HTML is kept as text. */
const line = (label: string, max: number, min = 1) =>
  z
    .string({ error: `${label} must be text.` })
    .max(max * 4, `${label}: at most ${max} characters.`)
    .transform((value) => value.trim())
    .pipe(
      z
        .string()
        .min(min, `Enter ${label.toLowerCase()}.`)
        .max(max, `${label}: at most ${max} characters.`)
        .refine((value) => !CONTROL_CHARS.test(value), `${label} cannot contain control characters.`),
    );

/** An NDA item as the published view names it: "document:<id>" (the view lists NDA documents by id). */
export const ITEM_KEY = /^(document|evidence):[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** All NDA items, or chosen ones. */
export const scopeSchema = z.union([
  z.strictObject({ all: z.literal(true) }),
  z.strictObject({
    items: z
      .array(z.string().regex(ITEM_KEY, "Unknown item."), { error: "Choose the items you need." })
      .min(1, "Choose at least one item, or all of them.")
      .max(MAX_SCOPE_ITEMS, `At most ${MAX_SCOPE_ITEMS} items.`)
      .transform((items) => [...new Set(items)].sort()),
  }),
]);
export type Scope = z.infer<typeof scopeSchema>;

/** The request form's lengths (the public page words its messages from them, render/chrome.ts). */
export const REQUEST_LIMITS = { fullName: 200, company: 200, reason: 2000 } as const;

export const submitRequestSchema = z.strictObject({
  email: emailSchema,
  fullName: line("Full name", REQUEST_LIMITS.fullName),
  company: line("Company", REQUEST_LIMITS.company),
  reason: multilineText("Reason", REQUEST_LIMITS.reason).default(""),
  scope: scopeSchema.default({ all: true }),
  /** Click-through NDA: the version shown, and the box ticked. */
  nda: z.strictObject({ versionId: z.uuid({ error: "Unknown NDA version." }), accepted: z.literal(true, { error: "Tick “I agree” to accept the NDA." }) }).optional(),
});
export type SubmitRequestInput = z.input<typeof submitRequestSchema>;

/** A raw token as mailed (randomToken(): 64 hex characters). Anything else is no token. */
export const tokenSchema = z.string({ error: "This link is not valid." }).regex(/^[0-9a-f]{64}$/, "This link is not valid.");

export const requestNewLinkSchema = z.strictObject({ email: emailSchema });
export const acceptNdaSchema = z.strictObject({ versionId: z.uuid({ error: "Unknown NDA version." }), accepted: z.literal(true, { error: "Tick “I agree” to accept the NDA." }) });

const id = (what: string) => z.uuid({ error: `No such ${what}.` });
const grantDays = z.coerce
  .number({ error: "Enter a number of days." })
  .int("Enter a whole number of days.")
  .min(GRANT_DAYS.min, `At least ${GRANT_DAYS.min} days.`)
  .max(GRANT_DAYS.max, `At most ${GRANT_DAYS.max} days.`);

export const listRequestsSchema = z.strictObject({
  status: z.enum(REQUEST_STATUSES).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});
export const approveSchema = z.strictObject({
  requestId: id("request"),
  scope: scopeSchema.optional(),
  days: grantDays.optional(),
  /** "Signed outside Candor": the signed NDA, uploaded as a private document of the organisation. */
  externalNdaDocumentId: id("document").optional(),
});
export const denySchema = z.strictObject({ requestId: id("request"), reason: multilineText("Reason", 1000).pipe(z.string().trim().min(1, "Say why.")) });
export const listGrantsSchema = z.strictObject({ active: z.boolean().default(true), page: z.coerce.number().int().min(1).max(10_000).default(1) });
export const extendGrantSchema = z.strictObject({ grantId: id("grant"), days: grantDays, version: z.number().int().min(1) });
export const revokeGrantSchema = z.strictObject({ grantId: id("grant"), version: z.number().int().min(1) });

export const settingsSchema = z.strictObject({
  ndaMode: z.enum(NDA_MODES),
  ipRecording: z.enum(IP_RECORDING),
  defaultGrantDays: grantDays,
  mailCapPerHour: z.coerce.number().int().min(MAIL_CAP.min).max(MAIL_CAP.max),
  version: z.number().int().min(0),
});

/** A member's own choice; there is no member id: one changes only one's own (ADR 029, addendum D). */
export const mailPreferenceSchema = z.strictObject({ accessRequestMail: z.enum(MAIL_PREFERENCES, { error: "Choose each request, a daily digest or never." }) });

/** An email domain a rule lists: lower-cased, no "@", no trailing dot. */
export const ruleDomainSchema = z
  .string()
  .max(253)
  .transform((value) => value.trim().toLowerCase().replace(/^@/, "").replace(/\.$/, ""))
  .pipe(z.string().regex(/^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/, "Enter a domain such as example.com."));

export const ruleSchema = z.discriminatedUnion("match", [
  z.strictObject({ match: z.literal("DOMAINS"), domains: z.array(ruleDomainSchema).min(1, "List at least one domain.").max(MAX_RULE_DOMAINS), decision: z.enum(DECISIONS) }),
  z.strictObject({ match: z.enum(["FREE_MAIL", "DISPOSABLE", "ANY"]), decision: z.enum(DECISIONS) }),
]);
export type RuleInput = z.infer<typeof ruleSchema>;
export const saveRulesSchema = z.strictObject({ rules: z.array(ruleSchema).max(MAX_RULES, `At most ${MAX_RULES} rules.`), version: z.number().int().min(0) });

export const publishNdaSchema = z.strictObject({
  markdown: multilineText("NDA text", MAX_NDA_CHARS).pipe(z.string().refine((value) => value.trim().length > 0, "Write the NDA's text.")),
  requireReacceptance: z.boolean().default(false),
});

export const listDownloadsSchema = z.strictObject({
  grantId: id("grant").optional(),
  documentId: id("document").optional(),
  email: z.string().max(254).transform((value) => value.trim().toLowerCase()).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});

/** What the download route records (watermarking is built elsewhere). */
export const recordDownloadSchema = z.strictObject({
  documentId: z.uuid(),
  versionId: z.uuid(),
  documentTitle: z.string().min(1).max(300),
  watermarkId: z.string().min(1).max(100),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
