import * as z from "zod";
import { firstValue, positiveInt, searchText } from "@/server/query-params";

/** Filters of the audit page and its export; every field optional, all from the URL. */
export const auditFilterSchema = z.object({
  actor: searchText(254),
  action: searchText(100).pipe(z.string().regex(/^[a-z0-9.*_-]*$/, "Actions look like members.invite").optional()),
  from: z.preprocess(firstValue, z.iso.date().optional().or(z.literal("").transform(() => undefined))),
  to: z.preprocess(firstValue, z.iso.date().optional().or(z.literal("").transform(() => undefined))),
  // Pages by an event's sequence number (an integer column).
  before: positiveInt().optional(),
});
export type AuditFilter = z.infer<typeof auditFilterSchema>;

export const AUDIT_PAGE_SIZE = 50;
export const AUDIT_EXPORT_LIMIT = 50_000;
