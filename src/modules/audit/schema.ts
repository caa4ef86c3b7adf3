import * as z from "zod";

/** Filters of the audit page and its export; every field optional, all from the URL. */
export const auditFilterSchema = z.object({
  actor: z.string().trim().max(254).optional().transform((v) => v || undefined),
  action: z
    .string()
    .trim()
    .max(100)
    .regex(/^[a-z0-9.*_-]*$/, "Actions look like members.invite")
    .optional()
    .transform((v) => v || undefined),
  from: z.iso.date().optional().or(z.literal("").transform(() => undefined)),
  to: z.iso.date().optional().or(z.literal("").transform(() => undefined)),
  before: z.coerce.number().int().positive().optional(),
});
export type AuditFilter = z.infer<typeof auditFilterSchema>;

export const AUDIT_PAGE_SIZE = 50;
export const AUDIT_EXPORT_LIMIT = 50_000;
