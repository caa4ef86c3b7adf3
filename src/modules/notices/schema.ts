import * as z from "zod";
import { emailSchema } from "@/modules/auth/schema";
import { multilineText } from "@/lib/text";

/**
 * Subprocessor change notices and objections (ADR 031): the inputs of the public objection form
 * and of the dashboard's register, one schema each. Client-safe.
 */
/** The objection's verification link lives as long as an access request's. */
export const OBJECTION_TTL_MINUTES = 30;
export const MAX_OBJECTION_FORM_BYTES = 16 * 1024;
export const OBJECTION_RATE_LIMITS = {
  perIp: { points: 20, windowSeconds: 3600 },
  perEmail: { points: 5, windowSeconds: 3600 },
} as const;

export const OBJECTION_STATUSES = ["UNVERIFIED", "OPEN", "RESOLVED", "WITHDRAWN"] as const;
export type ObjectionStatus = (typeof OBJECTION_STATUSES)[number];
export const REGISTER_STATUSES = ["OPEN", "RESOLVED", "WITHDRAWN"] as const;
export const STATUS_LABELS: Record<ObjectionStatus, string> = { UNVERIFIED: "Unverified", OPEN: "Open", RESOLVED: "Resolved", WITHDRAWN: "Withdrawn" };

const oneLine = (label: string, max: number) =>
  z
    .string({ error: `${label}: required.` })
    .trim()
    .min(1, `${label}: required.`)
    .max(max, `${label}: at most ${max} characters.`)
    .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), `${label}: no control characters.`);

/** The objection form's lengths (the public page words its messages from them). */
export const OBJECTION_LIMITS = { company: 200, reason: 2000 } as const;

export const objectionSchema = z.strictObject({
  changeId: z.uuid({ error: "Unknown change." }),
  email: emailSchema,
  company: oneLine("Company", OBJECTION_LIMITS.company),
  reason: multilineText("Reason", OBJECTION_LIMITS.reason).refine((v) => v.trim().length > 0, "Reason: tell the organisation why you object."),
});
export type ObjectionInput = z.input<typeof objectionSchema>;

export const objectionTokenSchema = z.string().regex(/^[0-9a-f]{64}$/);

export const decideObjectionSchema = z.strictObject({
  id: z.uuid({ error: "Unknown objection." }),
  status: z.enum(["RESOLVED", "WITHDRAWN"], { error: "Choose resolved or withdrawn." }),
  note: multilineText("Note", 2000).refine((v) => v.trim().length > 0, "Note: say how it was settled."),
  version: z.coerce.number({ error: "Missing version: reload the page." }).int().positive(),
});

/** A short reference people can quote: the first 8 hex digits of the objection's id. */
export const objectionReference = (id: string) => `OBJ-${id.slice(0, 8).toUpperCase()}`;

/** The register's tab, from `?status=open|resolved|withdrawn`; anything else is the open tab (a URL's junk is never an error). */
export const registerQuerySchema = z.object({
  status: z
    .string()
    .optional()
    .transform((v) => (REGISTER_STATUSES as readonly string[]).includes((v ?? "").toUpperCase()) ? ((v ?? "").toUpperCase() as (typeof REGISTER_STATUSES)[number]) : "OPEN"),
});
export type RegisterQuery = z.output<typeof registerQuerySchema>;
