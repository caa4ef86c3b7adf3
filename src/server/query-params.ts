import * as z from "zod";

/**
 * The building blocks every query-string and route parameter is parsed with: list filters,
 * page numbers, ids, publication numbers. Anyone can type a URL, so each block says what it
 * accepts and nothing else reaches a query: no control character (PostgreSQL cannot even store
 * NUL, and answered with an error), nothing longer than a filter needs, no integer a database
 * column cannot hold, and for a repeated parameter (?q=a&q=b, which Next hands over as an
 * array) the first value only. The front server refuses control characters and malformed
 * UTF-8 in any URL before this (src/server/front.ts); these blocks hold on their own as well.
 */

/** The largest value of a PostgreSQL `integer` column: a larger number names no row. */
export const MAX_INT4 = 2_147_483_647;

const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

/** Whether a URL's decoded text holds a control character (what no filter, id or path contains). */
export function hasControlChars(value: string): boolean {
  return CONTROL_CHARS.test(value);
}

/** A repeated parameter's first value; anything else as given. */
export function firstValue(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}

/** Free text to search or filter by: trimmed, "" meaning none, at most `max` characters, one line. */
export const searchText = (max = 100) =>
  z.preprocess(
    (value) => {
      const first = firstValue(value);
      return typeof first === "string" ? first.trim() || undefined : first;
    },
    z
      .string()
      .max(max, `At most ${max} characters.`)
      .refine((text) => !hasControlChars(text), "Control characters are not allowed.")
      .optional(),
  );

/** A whole number from 1 to `max` written plainly in decimal (no sign, exponent, hex or spaces). */
export const positiveInt = (max = MAX_INT4) =>
  z.preprocess(
    firstValue,
    z
      .string()
      .regex(/^[1-9][0-9]{0,9}$/, "A whole number from 1 up.")
      .transform(Number)
      .pipe(z.number().max(max, `At most ${max}.`)),
  );

/** A page of a list: 1 to 10,000 (beyond is never a real page). */
export const pageNumber = positiveInt(10_000);

/** A publication's number in its organisation's chain (`?seq=N` of trust.json). */
export const publicationSeq = positiveInt();

/** A row's id in a URL (every Candor id is a UUID). */
export const uuidParam = z.preprocess(firstValue, z.uuid());

/** One of a closed set of words ("" and "all" meaning none). */
export const choice = <T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess((value) => {
    const first = firstValue(value);
    return first === "" || first === "all" ? undefined : first;
  }, z.enum(values).optional());
