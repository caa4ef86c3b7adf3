import * as z from "zod";

/** A 6-digit authenticator code, or a recovery code (XXXXX-XXXXX). Spaces are ignored. */
export const secondFactorSchema = z.object({
  code: z
    .string({ error: "Enter the 6-digit code from your authenticator app, or a recovery code." })
    .transform((value) => value.replace(/\s+/g, "").toUpperCase())
    .pipe(z.string().regex(/^(\d{6}|[A-Z2-7]{5}-?[A-Z2-7]{5})$/, "Enter the 6-digit code from your authenticator app, or a recovery code.")),
});

export const totpCodeSchema = z.object({
  code: z
    .string({ error: "Enter the 6-digit code from your authenticator app." })
    .transform((value) => value.replace(/\s+/g, ""))
    .pipe(z.string().regex(/^\d{6}$/, "Enter the 6-digit code from your authenticator app.")),
});

export const RECOVERY_CODE_COUNT = 10;
