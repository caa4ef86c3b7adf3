import * as z from "zod";
import { emailSchema } from "@/modules/auth/schema";
import { LOCALES } from "@/lib/locales";
import { multilineText } from "@/lib/text";

/**
 * Slugs name a tenant's public address (`/t/{slug}`, `{slug}.{platform domain}`), so words the
 * platform uses for itself, or that invite impersonation, are reserved.
 */
export const RESERVED_SLUGS = new Set([
  "admin", "api", "app", "www", "t", "dashboard", "auth", "internal", "static", "dev",
  "login", "logout", "signin", "signup", "account", "accounts", "settings", "billing",
  "mail", "email", "smtp", "help", "support", "status", "docs", "blog", "assets", "cdn",
  "public", "schemas", "well-known", "security", "trust", "verify", "feed", "changelog",
  "candor", "root", "system", "new", "org", "orgs", "organization", "organisations", "mailbox",
  "health", "metrics", "ns1", "ns2", "ftp", "localhost", "test", "cname", "domains",
]);

export const SLUG_RULES = "3–40 characters: lowercase letters, digits and hyphens, starting and ending with a letter or digit.";

export const slugSchema = z
  .string({ error: "Choose an address." })
  .trim()
  .toLowerCase()
  .min(3, `The address is too short. ${SLUG_RULES}`)
  .max(40, `The address is too long. ${SLUG_RULES}`)
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, `Use only ${SLUG_RULES.replace("3–40 characters: ", "")}`)
  .refine((slug) => !RESERVED_SLUGS.has(slug), { message: "That address is reserved by Candor. Choose another." });

const nameSchema = z
  .string({ error: "Enter the organisation's name." })
  .trim()
  .min(1, "Enter the organisation's name.")
  .max(100, "Keep the name under 100 characters.")
  .refine((value) => !/[\u0000-\u001f\u007f]/.test(value), "The name cannot contain control characters.");

export const createOrganizationSchema = z.object({ name: nameSchema, slug: slugSchema });

export const MAX_OVERVIEW_LENGTH = 20_000;
export const MAX_LOGO_BYTES = 512 * 1024;
export const LOGO_TYPES = ["image/png", "image/jpeg", "image/webp"] as const;

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === null || (typeof value === "string" && value.trim() === "") ? undefined : value), schema.optional());

export const organizationSettingsSchema = z.object({
  name: nameSchema,
  overview: multilineText("Overview", MAX_OVERVIEW_LENGTH).default(""),
  brandColor: optional(
    z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^#[0-9a-f]{6}$/, "Use a hex colour such as #1f6feb."),
  ),
  securityContactEmail: optional(emailSchema),
  requireMfa: z.preprocess((value) => (value === "on" ? true : value === "off" ? false : value), z.boolean().optional()),
  /** Four-eyes publishing (ADR 022): every publication is a request that another owner or admin approves. */
  requirePublishApproval: z.preprocess((value) => (value === "on" ? true : value === "off" ? false : value), z.boolean().optional()),
  /** Days of notice before a new or changed subprocessor takes effect (0 = none; ADR 031). Absent: unchanged. */
  subprocessorNoticeDays: z.preprocess(
    (value) => (value === null || (typeof value === "string" && value.trim() === "") ? undefined : value),
    z.coerce
      .number({ error: "Notice period: a whole number of days." })
      .int("Notice period: a whole number of days.")
      .min(0, "Notice period: 0 (none) or more days.")
      .max(365, "Notice period: at most 365 days.")
      .optional(),
  ),
  /** The page's version and effective date (issue 15): blank clears, absent leaves as is. */
  pageVersion: z.preprocess(
    blankToNull,
    z
      .string()
      .trim()
      .max(40, "Page version: at most 40 characters.")
      .regex(/^[\p{L}\p{N}][\p{L}\p{N} ._+-]*$/u, "Page version: letters, digits, dots and hyphens, e.g. v1.4.2.")
      .nullable()
      .optional(),
  ),
  pageEffectiveDate: z.preprocess(blankToNull, z.iso.date({ error: "Effective date: a date (YYYY-MM-DD)." }).nullable().optional()),
  /** The public page's default language (ADR 038). Absent: unchanged. */
  language: z.enum(LOCALES, { error: "Language: English, Deutsch, Français, Nederlands, Español or Italiano." }).optional(),
  version: z.coerce.number().int().positive(),
});

function blankToNull(value: unknown) {
  return typeof value === "string" && value.trim() === "" ? null : value;
}

export type OrganizationSettingsInput = z.input<typeof organizationSettingsSchema>;
