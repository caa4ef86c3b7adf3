/**
 * Calendar days. A date without a time ("2026-03-29": a review date, an expiry, an effective
 * date) is stored as that day's UTC midnight and read back with the UTC calendar, so it is the
 * same day for everyone, whatever the server's or the reader's time zone, and across DST changes.
 * Never build one with `new Date(y, m, d)` or read one with getDate(): those use the local zone.
 */
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
export const DAY_MS = 86_400_000;

/** "2026-03-29" → 2026-03-29T00:00:00.000Z. A string that is not a real calendar day throws. */
export function dayStart(iso: string): Date {
  const match = ISO_DAY.exec(iso);
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
  if (!date || isoDay(date) !== iso) throw new RangeError(`Not a calendar day: ${JSON.stringify(iso)}`);
  return date;
}

/** For optional form fields: no day (undefined, null, "") is null. */
export function dayStartOrNull(iso: string | null | undefined): Date | null {
  return iso ? dayStart(iso) : null;
}

/** The calendar day of a stored date (or of an instant, in UTC): "2026-03-29". */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The UTC day an instant falls on, as its midnight. */
export function utcDay(instant: Date): Date {
  return new Date(Math.floor(instant.getTime() / DAY_MS) * DAY_MS);
}

/** `days` whole days after a stored day (no DST: UTC days are all 24 hours). */
export function addDays(day: Date, days: number): Date {
  return new Date(day.getTime() + days * DAY_MS);
}
