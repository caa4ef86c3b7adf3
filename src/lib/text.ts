import * as z from "zod";

/**
 * Multi-line text, normalised once, at the schema. Browsers submit a textarea's line breaks as
 * CRLF whatever the page loaded (HTML's form encoding), and files made on Windows carry CRLF or
 * a lone CR; stored as is, re-saving an untouched form would rewrite every line ending, show up
 * in the audit trail as an edit and be offered for publishing. Every multi-line field of every
 * module's schema is built here, so text is stored with "\n" only and an unchanged form stays
 * unchanged. The length limit counts the normalised text, as the textarea's own counter does.
 */
export const normalizeNewlines = (value: string) => value.replace(/\r\n?/g, "\n");

/** Control characters other than tab and line feed (a CR is gone by the time this is checked). */
const CONTROL_CHARS = /[\u0000-\u0008\u000b-\u001f\u007f]/;

export const multilineText = (label: string, max: number) =>
  z
    .string({ error: `${label} must be text.` })
    .transform(normalizeNewlines)
    .pipe(
      z
        .string()
        .max(max, `${label}: at most ${max.toLocaleString("en")} characters.`)
        .refine((value) => !CONTROL_CHARS.test(value), `${label} contains control characters.`),
    );
