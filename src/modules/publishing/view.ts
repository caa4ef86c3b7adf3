import * as z from "zod";
import { LOCALES } from "@/lib/locales";
import { CONTROL_ICONS, CONTROL_STATUSES, EVIDENCE_KINDS, FINDING_RESOLUTIONS, FRAMEWORK_STATUSES, RESPONSE_UNITS, REVIEW_RESULTS, SUBPROCESSOR_STATUSES, UPDATE_CATEGORIES } from "@/modules/content/schema";

/**
 * The public view of an organisation: everything any public surface may show, and nothing
 * else. Produced only by the projection (server/projection.ts) and checked against this
 * schema, whose objects are strict: a field that is not listed here cannot reach the public,
 * even by accident. Its JSON Schema is published at /schemas/trust-v1.json.
 */
export const PUBLICATION_FORMAT = "candor.publication.v1";

const text = z.string();
const nullableText = z.string().nullable();
const date = z.iso.date().nullable();

export const publicViewSchema = z.strictObject({
  organization: z.strictObject({
    name: text,
    slug: text,
    overview: text,
    brandColor: nullableText,
    securityContactEmail: nullableText,
    logo: z.strictObject({ sha256: z.string().regex(/^[0-9a-f]{64}$/), mimeType: text }).nullable(),
    // Issue 15, each present only when set (so earlier publications read, and read the same):
    // the page's version and effective date, and the notice promised before a new subprocessor.
    pageVersion: text.optional(),
    pageEffectiveDate: z.iso.date().optional(),
    subprocessorNoticeDays: z.number().int().positive().optional(),
    // The page's default language (ADR 038), present only when it is not English.
    language: z.enum(LOCALES).exclude(["en"]).optional(),
  }),
  controls: z.strictObject({
    coverage: z.strictObject({
      total: z.number().int(),
      applicable: z.number().int(),
      IMPLEMENTED: z.number().int(),
      IN_PROGRESS: z.number().int(),
      PLANNED: z.number().int(),
      NOT_APPLICABLE: z.number().int(),
      percent: z.number().int().nullable(),
    }),
    domains: z.array(
      z.strictObject({
        name: text,
        controls: z.array(
          z.strictObject({
            ref: text,
            title: text,
            description: text,
            status: z.enum(CONTROL_STATUSES),
            reviewCadenceDays: z.number().int(),
            lastReviewedAt: date,
            // When the next review is due: the cadence from the last review, or from the day the
            // control was created. Absent only from publications made before it was added.
            reviewDueOn: z.iso.date().optional(),
            evidence: z.array(z.strictObject({ label: text, kind: z.enum(EVIDENCE_KINDS), target: text })),
            // Issue 15, present only when set: one of the built-in icons shown on the control's card.
            icon: z.enum(CONTROL_ICONS).optional(),
          }),
        ),
      }),
    ),
  }),
  frameworks: z.array(
    z.strictObject({
      name: text,
      status: z.enum(FRAMEWORK_STATUSES),
      auditor: nullableText,
      periodStart: date,
      periodEnd: date,
      reportUrl: nullableText,
      note: text,
      // Issue 15, present only when set: the provider an INHERITED certification is held by, the
      // date one in progress aims for (a target, never a validity), the last audit or review.
      inheritedFrom: text.optional(),
      targetDate: z.iso.date().optional(),
      lastAuditedAt: z.iso.date().optional(),
    }),
  ),
  subprocessors: z.array(
    z.strictObject({
      vendor: text,
      website: nullableText,
      purpose: text,
      dataCategories: text,
      location: text,
      transferMechanism: nullableText,
      since: date,
      status: z.enum(SUBPROCESSOR_STATUSES),
      effectiveDate: date,
      removedAt: date,
      // Issue 15, present only when set: the vendor of the public subprocessor this one sits
      // behind (a parent that is not public is never named), and how long the data is kept.
      parent: text.optional(),
      dataRetention: text.optional(),
    }),
  ),
  // Announced subprocessor changes that take effect after the publication (ADR 031): what, from
  // when, and why when urgent. Absent when there are none (so earlier publications are unchanged).
  upcomingChanges: z
    .array(
      z.strictObject({
        id: z.uuid(),
        vendor: text,
        kind: z.enum(["ADDED", "CHANGED"]),
        summary: text,
        effectiveOn: z.iso.date(),
        urgent: z.boolean(),
        reason: nullableText,
      }),
    )
    .optional(),
  documents: z.array(
    z.strictObject({
      id: z.uuid(),
      title: text,
      description: text,
      category: text,
      access: z.enum(["public", "nda"]),
      version: z.strictObject({
        number: z.number().int(),
        label: text,
        effectiveDate: date,
        // Only public documents carry their file's details.
        file: z.strictObject({ name: text, mimeType: text, size: z.number().int(), sha256: text }).nullable(),
      }),
    }),
  ),
  faqs: z.array(z.strictObject({ question: text, answer: text })),
  // `id` (issue 16): the feed names an entry by it. Optional: publications made before it lack it.
  updates: z.array(z.strictObject({ id: z.uuid().optional(), title: text, body: text, category: z.enum(UPDATE_CATEGORIES), publishedAt: z.iso.date() })),
  // `comparison` (issue 15), present only when set: the section compares options, and its tables
  // are shown as a comparison that stays readable on a phone.
  sections: z.array(z.strictObject({ title: text, body: text, comparison: z.literal(true).optional() })),
  reviews: z.array(
    z.strictObject({
      title: text,
      reviewedAt: z.iso.date(),
      template: text,
      summary: text,
      items: z.array(
        z.strictObject({
          area: text,
          ref: text,
          question: text,
          result: z.enum(REVIEW_RESULTS).nullable(),
          evidence: text,
          finding: text,
          resolution: z.enum(FINDING_RESOLUTIONS),
          remediationUrl: nullableText,
          rationale: text,
        }),
      ),
    }),
  ),
  disclosure: z
    .strictObject({
      policy: text,
      contacts: z.array(text),
      encryptionUrl: nullableText,
      acknowledgmentsUrl: nullableText,
      preferredLanguages: text,
      // "We respond to reports within {responseWithin} {responseUnit}" (both, or both null).
      responseWithin: z.number().int().nullable().optional(),
      responseUnit: z.enum(RESPONSE_UNITS).nullable().optional(),
      // Free text, only in publications made before the response time had a unit.
      responseTime: nullableText.optional(),
      safeHarbor: text,
      bugBounty: z.boolean(),
      bugBountyUrl: nullableText,
      expiresAt: date,
    })
    .nullable(),
});
export type PublicView = z.infer<typeof publicViewSchema>;

/** The signed document: what `canonical` holds, byte for byte (RFC 8785). */
export const publicationDocumentSchema = z.strictObject({
  format: z.literal(PUBLICATION_FORMAT),
  organization: z.strictObject({ slug: text }),
  seq: z.number().int().positive(),
  kind: z.enum(["publish", "unpublish"]),
  prevHash: z.string().regex(/^[0-9a-f]{64}$/).nullable(),
  publishedAt: z.iso.datetime(),
  view: publicViewSchema.nullable(),
});
export type PublicationDocument = z.infer<typeof publicationDocumentSchema>;
