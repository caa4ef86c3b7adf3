import { describe, expect, it } from "vitest";
import type * as z from "zod";
import { exportBundleSchema } from "@/modules/content/bundle";
import {
  controlSchema,
  disclosureSchema,
  documentSchema,
  areaSchema,
  evidenceSchema,
  faqSchema,
  frameworkSchema,
  reviewItemSchema,
  reviewSchema,
  sectionSchema,
  subprocessorSchema,
  updateSchema,
} from "@/modules/content/schema";
import { organizationSettingsSchema } from "@/modules/organizations/schema";

/**
 * Browsers post a textarea's line breaks as CRLF. Every schema either stores "\n" only or refuses
 * a line break; no field anywhere keeps a CR (item 3 of issue 10: saving an untouched form must
 * change nothing).
 */
const CRLF = "First line\r\nSecond line\rThird line";
const LF = "First line\nSecond line\nThird line";

// A valid input for each schema, so that only the field under test can make it fail.
const SCHEMAS: [string, z.ZodObject, Record<string, unknown>][] = [
  ["control", controlSchema, { ref: "AC-01", area: "Access Control", title: "MFA", status: "IMPLEMENTED" }],
  ["evidence", evidenceSchema, { label: "Cookie flags", kind: "CODE", target: "src/auth.ts" }],
  ["framework", frameworkSchema, { name: "SOC 2", status: "CERTIFIED" }],
  ["subprocessor", subprocessorSchema, { vendor: "Mailer", purpose: "Email", location: "EU" }],
  ["disclosure", disclosureSchema, {}],
  ["document", documentSchema, { title: "Policy" }],
  ["faq", faqSchema, { question: "Do you encrypt?", answer: "Yes." }],
  ["update", updateSchema, { title: "News", body: "Text", publishedAt: "2026-01-01" }],
  ["section", sectionSchema, { title: "About", body: "Text" }],
  ["review item", reviewItemSchema, { area: "Auth", question: "MFA?" }],
  ["review", reviewSchema, { title: "Annual review", reviewedAt: "2026-01-01" }],
  ["domain", areaSchema, { name: "Access Control" }],
  ["organisation settings", organizationSettingsSchema, { name: "Acme", version: 1 }],
];

describe("line endings are normalised once, at the schema", () => {
  it.each(SCHEMAS)("%s: the valid base input parses", (_name, schema, base) => {
    expect(schema.safeParse(base).success).toBe(true);
  });

  for (const [name, schema, base] of SCHEMAS) {
    it.each(Object.keys(schema.shape))(`${name}.%s never stores a carriage return`, (field) => {
      const result = schema.safeParse({ ...base, [field]: CRLF });
      if (result.success) expect(JSON.stringify(result.data)).not.toContain("\\r");
      else expect(result.error.issues.map((issue) => issue.path[0])).toContain(field);
    });
  }

  it.each([
    ["control", "description", controlSchema],
    ["framework", "note", frameworkSchema],
    ["disclosure", "policy", disclosureSchema],
    ["disclosure", "safeHarbor", disclosureSchema],
    ["document", "description", documentSchema],
    ["faq", "answer", faqSchema],
    ["update", "body", updateSchema],
    ["section", "body", sectionSchema],
    ["review item", "evidence", reviewItemSchema],
    ["review item", "finding", reviewItemSchema],
    ["review item", "rationale", reviewItemSchema],
    ["review", "summary", reviewSchema],
    ["organisation settings", "overview", organizationSettingsSchema],
  ] as const)("%s.%s keeps its lines, with \\n between them", (name, field, schema) => {
    const base = SCHEMAS.find(([n]) => n === name)![2];
    expect((schema.parse({ ...base, [field]: CRLF }) as Record<string, unknown>)[field]).toBe(LF);
  });

  it("the import bundle's overview too", () => {
    const bundle = exportBundleSchema.parse({ format: "candor.export.v1", organization: { name: "Acme", overview: CRLF } });
    expect(bundle.organization?.overview).toBe(LF);
  });

  it("the length limit counts the text as typed, not its CRLF form", () => {
    const lines = (n: number) => Array.from({ length: n }, () => "x").join("\r\n");
    // 10,000 one-character lines: 29,998 characters posted, 19,999 typed; the limit is 20,000.
    expect(lines(10_000)).toHaveLength(29_998);
    expect(organizationSettingsSchema.safeParse({ name: "Acme", version: 1, overview: lines(10_000) }).success).toBe(true);
    expect(organizationSettingsSchema.safeParse({ name: "Acme", version: 1, overview: lines(10_001) }).success).toBe(false);
  });

  it("other control characters are still refused", () => {
    expect(faqSchema.safeParse({ question: "Q?", answer: "bell\u0007" }).success).toBe(false);
    expect(organizationSettingsSchema.safeParse({ name: "Acme", version: 1, overview: "nul\u0000" }).success).toBe(false);
  });
});
