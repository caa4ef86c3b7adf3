import * as z from "zod";
import { line } from "@/modules/content/schema";
import { API_SCOPE_NAMES } from "@/modules/permissions/api-scopes";

/** How long a key may live, in days, when it expires at all. */
export const API_KEY_EXPIRY_DAYS = { min: 1, max: 730 } as const;

/** The dashboard's "new API key" form (ADR 035). */
export const createApiKeySchema = z.object({
  name: line("Name", 80),
  scopes: z
    .array(z.enum(API_SCOPE_NAMES, { error: "Unknown scope." }), { error: "Choose at least one scope." })
    .min(1, "Choose at least one scope.")
    .max(API_SCOPE_NAMES.length)
    .transform((scopes) => [...new Set(scopes)].sort()),
  // Days from now; empty: the key does not expire.
  expiresInDays: z.preprocess(
    (v) => (v === "" || v === null ? undefined : v),
    z.coerce.number({ error: "Expiry: a number of days." }).int("Expiry: a whole number of days.").min(API_KEY_EXPIRY_DAYS.min).max(API_KEY_EXPIRY_DAYS.max, `Expiry: at most ${API_KEY_EXPIRY_DAYS.max} days.`).optional(),
  ),
});
export type CreateApiKeyInput = z.input<typeof createApiKeySchema>;
