import * as z from "zod";
import { CONTROL_STATUSES, VISIBILITIES } from "@/modules/content/schema";

/** The control list's URL parameters: search, filters, sort and page. */
export const CONTROL_SORTS = ["position", "ref", "title", "status", "domain", "lastReviewed", "updated"] as const;
export const CONTROL_PAGE_SIZE = 50;

const optionalEnum = <T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess((v) => (v === "" || v === "all" ? undefined : v), z.enum(values).optional());

export const controlQuerySchema = z.object({
  q: z.preprocess((v) => (typeof v === "string" ? v.trim() : v), z.string().max(100).optional()).catch(undefined),
  status: optionalEnum(CONTROL_STATUSES).catch(undefined),
  visibility: optionalEnum(VISIBILITIES).catch(undefined),
  domain: z.preprocess((v) => (v === "" ? undefined : v), z.uuid().optional()).catch(undefined),
  review: z.preprocess((v) => (v === "" ? undefined : v), z.enum(["due"]).optional()).catch(undefined),
  sort: z.enum(CONTROL_SORTS).catch("position"),
  dir: z.enum(["asc", "desc"]).catch("asc"),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});
export type ControlQuery = z.infer<typeof controlQuerySchema>;
