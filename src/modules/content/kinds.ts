import type * as z from "zod";
import {
  faqSchema,
  FRAMEWORK_STATUSES,
  frameworkSchema,
  LABELS,
  sectionSchema,
  SUBPROCESSOR_STATUSES,
  subprocessorSchema,
  UPDATE_CATEGORIES,
  updateSchema,
  VISIBILITIES,
} from "./schema";

/**
 * The simple content types (one table each, no children): how their forms and tables look.
 * Client-safe. The server side (src/modules/content/server/crud.ts) stores them; controls,
 * documents, the disclosure policy and reviews have modules of their own.
 */
export type FieldSpec = {
  name: string;
  label: string;
  kind: "text" | "textarea" | "markdown" | "select" | "date" | "url";
  options?: readonly { value: string; label: string }[];
  /** A select whose options the page loads (e.g. the organisation's other subprocessors), with this blank first option. */
  choices?: { blank: string };
  hint?: string;
  required?: boolean;
  max?: number;
};

export type ColumnSpec = { key: string; label: string; format?: "date" | "label" | "visibility" | "status" };

export type KindSpec = {
  key: KindKey;
  singular: string;
  plural: string;
  description: string;
  schema: z.ZodType;
  fields: FieldSpec[];
  columns: ColumnSpec[];
  /** The field that names an item (table link text, import key). */
  titleField: string;
  /** Field and values offered as a filter on the list page. */
  filter?: { field: string; label: string; options: readonly { value: string; label: string }[] };
  ordered: boolean;
};

export type KindKey = "frameworks" | "subprocessors" | "faqs" | "updates" | "sections";

const options = <T extends string>(values: readonly T[], labels: Record<T, string>) => values.map((value) => ({ value, label: labels[value] }));
const visibilityField: FieldSpec = {
  name: "visibility",
  label: "Visibility",
  kind: "select",
  options: options(VISIBILITIES, LABELS.visibility),
  hint: "Public: on the trust page. NDA: listed there, shown only after an approved request. Private: this dashboard only.",
};

export const KINDS: Record<KindKey, KindSpec> = {
  frameworks: {
    key: "frameworks",
    singular: "framework",
    plural: "Frameworks & certifications",
    description: "SOC 2, ISO 27001, GDPR or your own: status, auditor and period. Past its end date a certification shows as expired.",
    schema: frameworkSchema,
    titleField: "name",
    ordered: true,
    filter: { field: "status", label: "Status", options: options(FRAMEWORK_STATUSES, LABELS.frameworkStatus) },
    fields: [
      { name: "name", label: "Name", kind: "text", required: true, max: 120, hint: "e.g. SOC 2 Type II" },
      { name: "status", label: "Status", kind: "select", options: options(FRAMEWORK_STATUSES, LABELS.frameworkStatus) },
      { name: "auditor", label: "Auditor or certification body", kind: "text", max: 120 },
      { name: "periodStart", label: "Period start", kind: "date" },
      { name: "periodEnd", label: "Period end", kind: "date" },
      { name: "inheritedFrom", label: "Inherited from (provider)", kind: "text", max: 120, hint: "For the status Inherited: who holds the certification, e.g. AWS. Shown as \"Inherited from AWS\"." },
      { name: "targetDate", label: "Target date", kind: "date", hint: "For In progress or Planned: when you aim to be certified. Shown as a target, never as a validity." },
      { name: "lastAuditedAt", label: "Last audit or review", kind: "date" },
      { name: "reportUrl", label: "Report link", kind: "url", hint: "An https link to the report, or to its entry in Documents." },
      { name: "note", label: "Note", kind: "markdown" },
      visibilityField,
    ],
    columns: [
      { key: "name", label: "Name" },
      { key: "status", label: "Status", format: "status" },
      { key: "auditor", label: "Auditor" },
      { key: "periodEnd", label: "Valid until", format: "date" },
      { key: "visibility", label: "Visibility", format: "visibility" },
    ],
  },
  subprocessors: {
    key: "subprocessors",
    singular: "subprocessor",
    plural: "Subprocessors",
    description: "Every third party that touches customer data. Removing one is a dated change, kept in the history.",
    schema: subprocessorSchema,
    titleField: "vendor",
    ordered: true,
    filter: { field: "status", label: "Status", options: options(SUBPROCESSOR_STATUSES, LABELS.subprocessorStatus) },
    fields: [
      { name: "vendor", label: "Vendor", kind: "text", required: true, max: 120 },
      { name: "website", label: "Website", kind: "url" },
      { name: "purpose", label: "Purpose", kind: "text", required: true, max: 300 },
      { name: "dataCategories", label: "Data categories", kind: "text", max: 500, hint: "e.g. Recipient email, message body" },
      { name: "location", label: "Location or region", kind: "text", required: true, max: 120 },
      { name: "transferMechanism", label: "Transfer mechanism", kind: "text", max: 120, hint: "e.g. EU SCCs, adequacy decision" },
      { name: "since", label: "In use since", kind: "date" },
      {
        name: "parent",
        label: "Behind (parent subprocessor)",
        kind: "select",
        choices: { blank: "None: it is not behind another subprocessor" },
        hint: "The subprocessor this one sits behind, e.g. the router that sends to it.",
      },
      { name: "dataRetention", label: "Data retention", kind: "text", max: 500, hint: "e.g. Deleted 30 days after the end of the contract" },
      { name: "status", label: "Status", kind: "select", options: options(SUBPROCESSOR_STATUSES, LABELS.subprocessorStatus) },
      {
        name: "effectiveDate",
        label: "Takes effect on",
        kind: "date",
        hint: "A new subprocessor, or a change of its purpose, data categories or location, takes effect no sooner than your notice period allows (Settings). Blank: today.",
      },
      {
        name: "urgent",
        label: "Urgent change",
        kind: "select",
        options: [
          { value: "no", label: "No" },
          { value: "yes", label: "Yes: sooner than the notice period" },
        ],
      },
      { name: "urgentReason", label: "Why it is urgent", kind: "textarea", max: 1000, hint: "Required for an urgent change; shown on the public page." },
      { name: "removedAt", label: "Removed on", kind: "date" },
      visibilityField,
    ],
    columns: [
      { key: "vendor", label: "Vendor" },
      { key: "purpose", label: "Purpose" },
      { key: "dataCategories", label: "Data" },
      { key: "location", label: "Region" },
      { key: "status", label: "Status", format: "status" },
      { key: "visibility", label: "Visibility", format: "visibility" },
    ],
  },
  faqs: {
    key: "faqs",
    singular: "FAQ",
    plural: "FAQs",
    description: "The questions security reviewers ask every time, answered once.",
    schema: faqSchema,
    titleField: "question",
    ordered: true,
    fields: [
      { name: "question", label: "Question", kind: "text", required: true, max: 300 },
      { name: "answer", label: "Answer", kind: "markdown", required: true },
      visibilityField,
    ],
    columns: [
      { key: "question", label: "Question" },
      { key: "visibility", label: "Visibility", format: "visibility" },
    ],
  },
  updates: {
    key: "updates",
    singular: "update",
    plural: "Updates",
    description: "News for subscribers: security notices, incidents, compliance milestones, subprocessor changes.",
    schema: updateSchema,
    titleField: "title",
    ordered: false,
    filter: { field: "category", label: "Category", options: options(UPDATE_CATEGORIES, LABELS.updateCategory) },
    fields: [
      { name: "title", label: "Title", kind: "text", required: true, max: 200 },
      { name: "category", label: "Category", kind: "select", options: options(UPDATE_CATEGORIES, LABELS.updateCategory) },
      { name: "publishedAt", label: "Date", kind: "date", required: true },
      { name: "body", label: "Body", kind: "markdown", required: true },
      visibilityField,
    ],
    columns: [
      { key: "title", label: "Title" },
      { key: "category", label: "Category", format: "label" },
      { key: "publishedAt", label: "Date", format: "date" },
      { key: "visibility", label: "Visibility", format: "visibility" },
    ],
  },
  sections: {
    key: "sections",
    singular: "section",
    plural: "Sections",
    description: "Free pages of your trust center: \"What we don't do\", an honesty policy, how to read the evidence.",
    schema: sectionSchema,
    titleField: "title",
    ordered: true,
    fields: [
      { name: "title", label: "Title", kind: "text", required: true, max: 200 },
      { name: "body", label: "Body", kind: "markdown", required: true },
      {
        name: "comparison",
        label: "Compares options",
        kind: "select",
        options: [
          { value: "false", label: "No" },
          { value: "true", label: "Yes: show its tables as a comparison" },
        ],
        hint: "For a section that compares options (plans, regions, deployment models): on a phone each row of its tables becomes a card that names every column.",
      },
      visibilityField,
    ],
    columns: [
      { key: "title", label: "Title" },
      { key: "visibility", label: "Visibility", format: "visibility" },
    ],
  },
};

export const KIND_KEYS = Object.keys(KINDS) as KindKey[];

export function isKind(value: string): value is KindKey {
  return Object.hasOwn(KINDS, value);
}

/**
 * The status a list shows: a certification whose period has ended shows as expired, whatever
 * was last saved (so a lapsed certificate is never presented as current).
 */
export function displayStatus(kind: KindKey, row: Record<string, unknown>, now = new Date()): string | undefined {
  const status = typeof row.status === "string" ? row.status : undefined;
  if (kind === "frameworks" && status === "CERTIFIED" && row.periodEnd instanceof Date && row.periodEnd.getTime() + 86_400_000 <= now.getTime()) return "EXPIRED";
  return status;
}

/** Labels for any enum value a table shows. */
export const VALUE_LABELS: Record<string, string> = {
  ...LABELS.visibility,
  ...LABELS.frameworkStatus,
  ...LABELS.subprocessorStatus,
  ...LABELS.updateCategory,
  ...LABELS.controlStatus,
  EXPIRED: "Expired",
};
