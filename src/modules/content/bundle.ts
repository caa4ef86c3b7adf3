import * as z from "zod";
import { emailSchema } from "@/modules/auth/schema";
import { keepInPolicy, parseLegacyResponseTime } from "@/modules/content/response-time";
import { MAX_OVERVIEW_LENGTH, organizationSettingsSchema } from "@/modules/organizations/schema";
import {
  controlSchema,
  disclosureSchema,
  documentSchema,
  areaName,
  areaSchema,
  evidenceSchema,
  faqSchema,
  frameworkSchema,
  reviewItemSchema,
  reviewSchema,
  sectionSchema,
  subprocessorSchema,
  updateSchema,
} from "./schema";
import { LOCALES } from "@/lib/locales";
import { multilineText } from "@/lib/text";

/**
 * The export format: everything an organisation authors, in one JSON document that imports
 * again unchanged (tests/integration/import-export.test.ts proves the round trip). Its JSON
 * Schema is published at /schemas/candor-export-v1.json. Order in every array is the order shown.
 * Document files are not inside it: documents carry their metadata and each version's SHA-256.
 */
export const EXPORT_FORMAT = "candor.export.v1";

export const exportBundleSchema = z.object({
  format: z.literal(EXPORT_FORMAT, { error: `Not a Candor export (expected "format": "${EXPORT_FORMAT}").` }),
  exportedAt: z.string().optional(),
  organization: z
    .object({
      name: z.string().min(1).max(100),
      overview: multilineText("Overview", MAX_OVERVIEW_LENGTH).default(""),
      brandColor: z.string().regex(/^#[0-9a-f]{6}$/).nullable().optional(),
      securityContactEmail: emailSchema.nullable().optional(),
      // The page's version and effective date ("v1.4.2, effective 2026-04-01"), by the settings
      // form's own rules. Absent: the importing organisation keeps its own; null clears it.
      pageVersion: organizationSettingsSchema.shape.pageVersion,
      pageEffectiveDate: organizationSettingsSchema.shape.pageEffectiveDate,
      /** The public page's default language (ADR 038); absent from older exports: unchanged on import. */
      language: z.enum(LOCALES).optional(),
    })
    .optional(),
  // The exchange format keeps its words (candor.export.v1): `domains`, and a control's `domain`, are its areas.
  domains: z.array(areaSchema).default([]),
  controls: z.array(controlSchema.omit({ area: true }).extend({ domain: areaName, evidence: z.array(evidenceSchema).default([]) })).default([]),
  frameworks: z.array(frameworkSchema).default([]),
  subprocessors: z.array(subprocessorSchema).default([]),
  disclosure: z.preprocess(upgradeLegacyDisclosure, disclosureSchema.nullable()).default(null),
  faqs: z.array(faqSchema).default([]),
  updates: z.array(updateSchema).default([]),
  sections: z.array(sectionSchema).default([]),
  reviews: z.array(reviewSchema.extend({ items: z.array(reviewItemSchema).default([]) })).default([]),
  documents: z
    .array(
      documentSchema.extend({
        versions: z
          .array(z.object({ number: z.number().int().positive(), label: z.string().default(""), effectiveDate: z.string().nullable().default(null), fileName: z.string(), mimeType: z.string(), size: z.number().int(), sha256: z.string() }))
          .default([]),
      }),
    )
    .default([]),
});

/**
 * Exports made before the response time had a unit carry it as free text ("responseTime":
 * "1 business day"). It is read into a number and a unit; text that names no time is kept as the
 * policy's last line, so an old file imports without losing a word (as the migration did).
 */
function upgradeLegacyDisclosure(value: unknown) {
  if (!value || typeof value !== "object" || Array.isArray(value)) return value;
  const { responseTime, ...rest } = value as Record<string, unknown>;
  if (typeof responseTime !== "string" || rest.responseWithin !== undefined || !responseTime.trim()) return rest;
  const parsed = parseLegacyResponseTime(responseTime);
  if (parsed) return { ...rest, responseWithin: parsed.within, responseUnit: parsed.unit };
  return { ...rest, policy: keepInPolicy(typeof rest.policy === "string" ? rest.policy : "", responseTime.trim()) };
}

export type ExportBundle = z.output<typeof exportBundleSchema>;
export type ExportBundleInput = z.input<typeof exportBundleSchema>;
