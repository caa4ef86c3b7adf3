/**
 * The notice period's pure rules (ADR 031), client-safe: which subprocessor fields a notice is
 * about, and the earliest day a change may take effect.
 */
export const NOTICE_FIELDS = ["purpose", "dataCategories", "location"] as const;
export type NoticeField = (typeof NOTICE_FIELDS)[number];
export const NOTICE_FIELD_LABELS: Record<NoticeField, string> = { purpose: "Purpose", dataCategories: "Data categories", location: "Location" };

/** The earliest day a change may take effect: today plus the notice period (UTC calendar days). */
export function earliestEffectiveDay(todayIso: string, noticeDays: number): string {
  const [y, m, d] = todayIso.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + noticeDays)).toISOString().slice(0, 10);
}
