import type * as z from "zod";
import type { KindKey } from "@/modules/content/kinds";
import {
  faqInputSchema, faqListQuerySchema, faqPageSchema, faqSchemaOut, sectionInputSchema, sectionListQuerySchema, sectionPageSchema, sectionSchemaOut,
  subprocessorInputSchema, subprocessorListQuerySchema, subprocessorPageSchema, subprocessorSchemaOut, updateInputSchema, updateListQuerySchema, updatePageSchema, updateSchemaOut,
} from "./schemas";

/**
 * The content kit's kinds as /api/v1 resources (client-safe): one generic handler set
 * (server/content-routes.ts) over the kit's functions, and one explicit OpenAPI entry per
 * resource (openapi.ts), each with its own schemas, operation ids and filter.
 */
export type ContentApi = {
  kind: KindKey;
  path: string;
  /** Operation ids: list<Plural>, create<Singular>, get…, replace…, delete…. */
  plural: string;
  singular: string;
  /** Human name in summaries. */
  noun: string;
  out: z.ZodObject;
  page: z.ZodType;
  input: z.ZodType;
  query: z.ZodObject;
  /** The query parameter that is the kit's filter (status, category), if any. */
  filter?: string;
  /** Subprocessors are never deleted (their removal is a dated change, ADR 031): no DELETE. */
  deletable: boolean;
};

export const CONTENT_APIS = {
  subprocessors: { kind: "subprocessors", path: "/subprocessors", plural: "Subprocessors", singular: "Subprocessor", noun: "subprocessor", out: subprocessorSchemaOut, page: subprocessorPageSchema, input: subprocessorInputSchema, query: subprocessorListQuerySchema, filter: "status", deletable: false },
  faqs: { kind: "faqs", path: "/faqs", plural: "Faqs", singular: "Faq", noun: "FAQ", out: faqSchemaOut, page: faqPageSchema, input: faqInputSchema, query: faqListQuerySchema, deletable: true },
  updates: { kind: "updates", path: "/updates", plural: "Updates", singular: "Update", noun: "update", out: updateSchemaOut, page: updatePageSchema, input: updateInputSchema, query: updateListQuerySchema, filter: "category", deletable: true },
  sections: { kind: "sections", path: "/sections", plural: "Sections", singular: "Section", noun: "section", out: sectionSchemaOut, page: sectionPageSchema, input: sectionInputSchema, query: sectionListQuerySchema, deletable: true },
} satisfies Record<string, ContentApi>;
