import * as z from "zod";

/**
 * One email address, as typed by a person: nothing that a mail system could read as a second
 * recipient or a header. Rejects CR/LF and other control characters, commas and semicolons,
 * quotes, angle brackets, several "@", and anything that Unicode normalisation would change
 * (e.g. a full-width "＠"). Lower-cased.
 */
const LOCAL = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;

export const emailSchema = z
  .string({ error: "Enter your email address." })
  .max(254, "That email address is too long.")
  .transform((value) => value.trim())
  .pipe(
    z
      .string()
      .min(1, "Enter your email address.")
      .refine((value) => value === value.normalize("NFKC") && /^[\x21-\x7e]+$/.test(value), "Enter a single, plain email address.")
      .transform((value) => value.toLowerCase())
      .refine((value) => {
        const parts = value.split("@");
        return parts.length === 2 && parts[0]!.length <= 64 && LOCAL.test(parts[0]!) && DOMAIN.test(parts[1]!);
      }, "Enter a single, plain email address."),
  );

/** A same-origin path to return to after sign-in; anything else becomes "/dashboard". */
export function safeNextPath(value: unknown): string {
  if (typeof value !== "string" || value.length > 512) return "/dashboard";
  if (!value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return "/dashboard";
  if (/[\u0000-\u001f\\]/.test(value)) return "/dashboard";
  return value;
}

export const signInRequestSchema = z.object({
  email: emailSchema,
  next: z.string().optional().transform(safeNextPath),
});

export const signInCodeSchema = z.object({
  email: emailSchema,
  code: z
    .string({ error: "Enter the 6-digit code from the email." })
    .transform((value) => value.replace(/\s+/g, ""))
    .pipe(z.string().regex(/^\d{6}$/, "Enter the 6-digit code from the email.")),
  next: z.string().optional().transform(safeNextPath),
});

export const confirmLinkSchema = z.object({
  email: emailSchema,
  token: z.string().regex(/^[0-9a-f]{64}$/, "This sign-in link is incomplete."),
  next: z.string().optional().transform(safeNextPath),
});
