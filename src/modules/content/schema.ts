import * as z from "zod";
import { multilineText } from "@/lib/text";

/**
 * The shapes of everything an organisation authors, client-safe: one zod schema per input, used
 * by the forms, the server actions, import and export (and, later, the REST API and OpenAPI).
 * Database-level checks (uniqueness, tenancy) are added on the server.
 */

export const VISIBILITIES = ["PUBLIC", "NDA", "PRIVATE"] as const;
export const CONTROL_STATUSES = ["IMPLEMENTED", "IN_PROGRESS", "PLANNED", "NOT_APPLICABLE"] as const;
export const EVIDENCE_KINDS = ["CODE", "CONFIG", "TEST", "DOCUMENT", "REPORT", "URL"] as const;
export const FRAMEWORK_STATUSES = ["CERTIFIED", "ALIGNED", "IN_PROGRESS", "PLANNED", "NOT_PURSUED", "INHERITED"] as const;
export const SUBPROCESSOR_STATUSES = ["ACTIVE", "PLANNED", "REMOVED"] as const;
export const UPDATE_CATEGORIES = ["GENERAL", "SECURITY", "INCIDENT", "COMPLIANCE", "SUBPROCESSOR"] as const;
export const REVIEW_RESULTS = ["PASS", "PARTIAL", "FAIL", "NOT_APPLICABLE"] as const;
export const FINDING_RESOLUTIONS = ["NONE", "REMEDIATED", "ACCEPTED"] as const;
/** The built-in icons a control may carry on the public page (issue 15; drawn in publishing/render/icons.ts). */
export const CONTROL_ICONS = ["lock", "key", "shield", "server", "cloud", "users", "eye", "file", "bug", "database", "network", "clock", "alert", "check"] as const;
export type ControlIcon = (typeof CONTROL_ICONS)[number];
/** The unit of the disclosure policy's response time: "within 2 business days", "within 24 hours". */
export const RESPONSE_UNITS = ["HOURS", "BUSINESS_DAYS", "DAYS"] as const;
export const MAX_RESPONSE_WITHIN = 365;

export const LABELS = {
  visibility: { PUBLIC: "Public", NDA: "NDA", PRIVATE: "Private" },
  controlStatus: { IMPLEMENTED: "Implemented", IN_PROGRESS: "In progress", PLANNED: "Planned", NOT_APPLICABLE: "Not applicable" },
  evidenceKind: { CODE: "Code", CONFIG: "Config", TEST: "Test", DOCUMENT: "Document", REPORT: "Report", URL: "URL" },
  frameworkStatus: { CERTIFIED: "Certified", ALIGNED: "Aligned, not certified", IN_PROGRESS: "In progress", PLANNED: "Planned", NOT_PURSUED: "Not pursued", INHERITED: "Inherited from a provider" },
  subprocessorStatus: { ACTIVE: "Active", PLANNED: "Planned", REMOVED: "Removed" },
  updateCategory: { GENERAL: "General", SECURITY: "Security", INCIDENT: "Incident", COMPLIANCE: "Compliance", SUBPROCESSOR: "Subprocessor" },
  reviewResult: { PASS: "Pass", PARTIAL: "Partial", FAIL: "Fail", NOT_APPLICABLE: "N/A" },
  findingResolution: { NONE: "None", REMEDIATED: "Remediated", ACCEPTED: "Accepted as residual risk" },
  responseUnit: { HOURS: "hours", BUSINESS_DAYS: "business days", DAYS: "calendar days" },
} as const;

// --- building blocks -------------------------------------------------------------------------

const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Single-line text: trimmed, no control characters. */
export const line = (label: string, max = 200) =>
  z
    .string({ error: `${label} is required.` })
    .trim()
    .min(1, `${label} is required.`)
    .max(max, `${label}: at most ${max} characters.`)
    .refine((v) => !CONTROL_CHARS.test(v) && !/[\r\n]/.test(v), `${label} must be one line of text.`);

/** Single-line text that may be left empty (stored as ""): trimmed, no control characters or line breaks. */
export const blankableLine = (label: string, max: number) =>
  z.preprocess(
    (v) => v ?? "",
    z
      .string()
      .trim()
      .max(max, `${label}: at most ${max} characters.`)
      .refine((v) => !CONTROL_CHARS.test(v) && !/[\r\n]/.test(v), `${label} must be one line of text.`),
  );

/** Optional single-line text: "" and null become undefined. */
export const optionalLine = (label: string, max = 200) => z.preprocess(blankToUndefined, line(label, max).optional());

/**
 * Markdown: rendered sanitized (no raw HTML), so any text is safe to store; only the size is
 * limited. Line endings are normalised (multilineText in ./text.ts).
 */
export const markdown = (label: string, max = 20_000) => multilineText(label, max).default("");

const ANY_CONTROL_CHAR = /[\u0000-\u001f\u007f]/;
const WEB_SCHEMES = new Set(["http", "https"]);

/**
 * The scheme a browser would read in `value` (lower-case), or null if it reads none. The URL
 * parser (WHATWG) first strips leading and trailing C0 controls and spaces and removes every tab
 * and newline, so "java\tscript:", " JavaScript:" and "\u0000javascript:" are all javascript:.
 * Checking the text as typed, not as parsed, let such spellings through.
 */
export function urlScheme(value: string): string | null {
  const parsed = value.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, "").replace(/[\t\n\r]/g, "");
  return /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(parsed)?.[1]?.toLowerCase() ?? null;
}

/**
 * Whether every scheme a browser could read in `value` is http(s), or there is none: as typed,
 * and after HTML character references are decoded ("javascript&colon;", "jav&#x09;ascript:"),
 * in case the text is ever put into markup by something that does not escape "&".
 */
export function webOrNoScheme(value: string): boolean {
  return [urlScheme(value), urlScheme(decodeCharacterReferences(value))].every((scheme) => scheme === null || WEB_SCHEMES.has(scheme));
}

const NAMED_REFERENCES: Record<string, string> = { colon: ":", tab: "\t", newline: "\n", sol: "/", period: "." };

function decodeCharacterReferences(value: string): string {
  return value
    .replace(/&#x([0-9a-f]+);?/gi, (_, hex: string) => String.fromCodePoint(Math.min(parseInt(hex, 16), 0x10ffff)))
    .replace(/&#([0-9]+);?/g, (_, decimal: string) => String.fromCodePoint(Math.min(Number(decimal), 0x10ffff)))
    .replace(/&([a-z]+);/gi, (reference: string, name: string) => NAMED_REFERENCES[name.toLowerCase()] ?? reference);
}

/** A link a visitor may follow: http(s) only (never javascript:, data:, …), no control characters. */
export const httpUrl = (label: string) =>
  z
    .string()
    .trim()
    .max(2_000, `${label}: at most 2,000 characters.`)
    .refine((v) => !ANY_CONTROL_CHAR.test(v), `${label} cannot contain control characters (tabs, line breaks, …).`)
    .refine((v) => WEB_SCHEMES.has(urlScheme(v) ?? "") && webOrNoScheme(v), `${label} must be an http(s) URL.`)
    .pipe(z.url({ protocol: /^https?$/, error: `${label} must be an http(s) URL.` }));
export const optionalUrl = (label: string) => z.preprocess(blankToUndefined, httpUrl(label).optional());

/** A calendar date, YYYY-MM-DD (stored as a DATE, shown as is). */
export const isoDate = (label: string) => z.iso.date({ error: `${label} must be a date (YYYY-MM-DD).` });
export const optionalDate = (label: string) => z.preprocess(blankToUndefined, isoDate(label).optional());

const boolish = z.preprocess((v) => (v === "on" || v === "true" ? true : v === "false" || v === "" || v === undefined ? false : v), z.boolean());

function blankToUndefined(value: unknown) {
  return value === null || (typeof value === "string" && value.trim() === "") ? undefined : value;
}

export const visibility = z.enum(VISIBILITIES, { error: "Choose Public, NDA or Private." });

// --- content types ---------------------------------------------------------------------------

export const controlRefSchema = z
  .string({ error: "Reference is required." })
  .trim()
  .min(1, "Reference is required.")
  .max(32, "Reference: at most 32 characters.")
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "Reference: letters, digits, dots, hyphens and underscores, e.g. AC-01.");

/** A control area's name (the group a control belongs to; never a custom domain). */
export const areaName = line("Area", 80);
export const areaSchema = z.object({ name: areaName });

export const controlSchema = z.object({
  ref: controlRefSchema,
  area: areaName,
  title: line("Title", 200),
  description: markdown("Description"),
  status: z.enum(CONTROL_STATUSES, { error: "Choose a status." }),
  visibility: visibility.default("PUBLIC"),
  ownerEmail: z.preprocess(blankToUndefined, z.email({ error: "Owner must be a member's email." }).optional()),
  reviewCadenceDays: z.coerce.number({ error: "Review cadence: a number of days." }).int().min(1).max(3650).default(365),
  lastReviewedAt: optionalDate("Last reviewed"),
  // Issue 15: an icon from the built-in set for the public card; blank for none.
  icon: z.preprocess((v) => (v === "" || v === null ? undefined : v), z.enum(CONTROL_ICONS, { error: "Choose an icon from the list." }).optional()),
});
export type ControlInput = z.input<typeof controlSchema>;

export const evidenceSchema = z.object({
  label: line("Label", 200),
  kind: z.enum(EVIDENCE_KINDS, { error: "Choose a kind." }),
  // A file path, a description or a link: free text, but whatever a browser would read as a URL
  // must be http(s) (checked on the text as a browser parses it: see urlScheme()).
  target: line("Target", 1_000)
    .refine((v) => !v.includes("\t"), "Target must be one line of text.")
    .refine(webOrNoScheme, "Target: a path, a description or an http(s) link; no other URL schemes."),
  visibility: visibility.default("PUBLIC"),
});

export const frameworkSchema = z
  .object({
    name: line("Name", 120),
    status: z.enum(FRAMEWORK_STATUSES, { error: "Choose a status." }),
    auditor: optionalLine("Auditor or body", 120),
    periodStart: optionalDate("Period start"),
    periodEnd: optionalDate("Period end"),
    reportUrl: optionalUrl("Report link"),
    note: markdown("Note", 5_000),
    visibility: visibility.default("PUBLIC"),
    // Issue 15: who holds an inherited certification, the date one in progress aims for, and the
    // last audit or review. Optional, not defaulted (an unchanged import parses to the same item).
    inheritedFrom: optionalLine("Provider", 120),
    targetDate: optionalDate("Target date"),
    lastAuditedAt: optionalDate("Last audit or review"),
  })
  .refine((f) => !f.periodStart || !f.periodEnd || f.periodStart <= f.periodEnd, { path: ["periodEnd"], message: "The period ends before it starts." })
  .refine((f) => f.status !== "INHERITED" || f.inheritedFrom, { path: ["inheritedFrom"], message: "An inherited certification names the provider that holds it." })
  .refine((f) => f.status === "INHERITED" || !f.inheritedFrom, { path: ["inheritedFrom"], message: "Only an inherited certification names a provider: choose the status Inherited, or leave the provider blank." });

export const subprocessorSchema = z
  .object({
    vendor: line("Vendor", 120),
    website: optionalUrl("Website"),
    purpose: line("Purpose", 300),
    dataCategories: blankableLine("Data categories", 500),
    location: line("Location or region", 120),
    transferMechanism: optionalLine("Transfer mechanism", 120),
    since: optionalDate("Since"),
    status: z.enum(SUBPROCESSOR_STATUSES).default("ACTIVE"),
    effectiveDate: optionalDate("Effective date"),
    removedAt: optionalDate("Removed on"),
    visibility: visibility.default("PUBLIC"),
    // Issue 15: the subprocessor this one sits behind (a router and the providers behind it), by
    // its vendor name in the same organisation; and how long it keeps the data.
    parent: optionalLine("Parent", 120),
    dataRetention: blankableLine("Data retention", 500),
    // The notice period (ADR 031): a change that takes effect sooner is refused unless urgent,
    // with a reason the public page shows. Not columns of the subprocessor: they go with the change.
    // Optional, not defaulted: an import of an unchanged file must parse to the same item as the
    // row it came from (no added keys), or re-importing it would count as an update.
    urgent: z.preprocess((v) => (v === "yes" ? true : v === "no" ? false : v), boolish).optional(),
    urgentReason: multilineText("Reason for urgency", 1000).optional(),
  })
  .refine((s) => !s.urgent || (s.urgentReason ?? "").trim().length > 0, { path: ["urgentReason"], message: "An urgent change needs a reason: it is shown on the public page." })
  .refine((s) => s.status !== "REMOVED" || s.removedAt, { path: ["removedAt"], message: "Removing a subprocessor is dated: give the date." })
  .refine((s) => s.status !== "PLANNED" || s.effectiveDate, { path: ["effectiveDate"], message: "A planned subprocessor needs the date it takes effect." });

export const disclosureSchema = z.object({
  policy: markdown("Policy", 50_000),
  contacts: z
    .array(
      z
        .string()
        .trim()
        .refine((c) => !ANY_CONTROL_CHAR.test(c) && (/^mailto:[^\s@]+@[^\s@]+$/.test(c) || /^https:\/\/\S+$/.test(c)), "Contacts are mailto: or https: URIs."),
    )
    .max(10)
    .default([]),
  encryptionUrl: optionalUrl("Encryption key"),
  acknowledgmentsUrl: optionalUrl("Acknowledgments"),
  preferredLanguages: z.preprocess((v) => v ?? "en", z.string().trim().max(100).regex(/^[a-zA-Z-]{2,}(\s*,\s*[a-zA-Z-]{2,})*$/, "Languages as codes, e.g. en, de.")),
  // "We respond to reports within {responseWithin} {responseUnit}": a number and a unit, so that
  // every valid value reads as a sentence. No number: the page says nothing about it.
  responseWithin: z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: "Response time: a whole number." })
      .int("Response time: a whole number.")
      .min(1, "Response time: at least 1.")
      .max(MAX_RESPONSE_WITHIN, `Response time: at most ${MAX_RESPONSE_WITHIN}.`)
      .optional(),
  ),
  responseUnit: z.preprocess(blankToUndefined, z.enum(RESPONSE_UNITS, { error: "Choose hours, business days or calendar days." }).optional()),
  safeHarbor: markdown("Safe harbour", 20_000),
  bugBounty: boolish.default(false),
  bugBountyUrl: optionalUrl("Bug bounty link"),
  expiresAt: optionalDate("security.txt expiry"),
}).refine((d) => d.responseWithin === undefined || d.responseUnit !== undefined, { path: ["responseUnit"], message: "Choose hours, business days or calendar days." });

export const documentSchema = z.object({
  title: line("Title", 200),
  description: markdown("Description", 5_000),
  category: blankableLine("Category", 80),
  visibility: visibility.default("NDA"),
});

/** What describes one upload of a document's file (its version); parsed from the same input as the document's fields on create. */
export const documentVersionSchema = z.object({
  label: optionalLine("Label", 120),
  effectiveDate: optionalDate("Effective date"),
});

export const faqSchema = z.object({
  question: line("Question", 300),
  answer: markdown("Answer", 10_000).pipe(z.string().min(1, "Answer is required.")),
  visibility: visibility.default("PUBLIC"),
});

export const updateSchema = z.object({
  title: line("Title", 200),
  body: markdown("Body", 20_000).pipe(z.string().min(1, "Body is required.")),
  category: z.enum(UPDATE_CATEGORIES).default("GENERAL"),
  publishedAt: isoDate("Published on"),
  visibility: visibility.default("PUBLIC"),
});

export const sectionSchema = z.object({
  title: line("Title", 200),
  body: markdown("Body", 50_000).pipe(z.string().min(1, "Body is required.")),
  visibility: visibility.default("PUBLIC"),
  // Issue 15: the section compares options (its tables become comparison cards on a phone).
  comparison: z.preprocess((v) => (v === undefined || v === null || v === "" || v === "false" ? false : v === "true" ? true : v), z.boolean({ error: "Choose yes or no." })).default(false),
});

export const reviewItemSchema = z
  .object({
    area: line("Area", 120),
    ref: blankableLine("Reference", 40),
    question: line("Question", 1_000),
    result: z.preprocess(blankToUndefined, z.enum(REVIEW_RESULTS).optional()),
    evidence: markdown("Evidence", 5_000),
    finding: markdown("Finding", 5_000),
    resolution: z.enum(FINDING_RESOLUTIONS).default("NONE"),
    remediationUrl: optionalUrl("Remediation link"),
    rationale: markdown("Rationale", 5_000),
  })
  .refine((i) => i.resolution !== "REMEDIATED" || i.remediationUrl, { path: ["remediationUrl"], message: "A remediated finding links to its fix." })
  .refine((i) => i.resolution !== "ACCEPTED" || i.rationale.trim(), { path: ["rationale"], message: "Accepting a residual risk needs the rationale." });

export const reviewSchema = z.object({
  title: line("Title", 200),
  reviewedAt: isoDate("Review date"),
  template: z.preprocess((v) => v ?? "custom", blankableLine("Template", 40)),
  summary: markdown("Summary", 20_000),
  visibility: visibility.default("PUBLIC"),
});
