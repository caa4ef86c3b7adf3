/**
 * Coverage, computed one way everywhere (dashboard, public page, exports):
 * implemented ÷ (all − not applicable), with the count per status.
 */
export type StatusCounts = { IMPLEMENTED: number; IN_PROGRESS: number; PLANNED: number; NOT_APPLICABLE: number };

export function coverage(counts: StatusCounts) {
  const total = counts.IMPLEMENTED + counts.IN_PROGRESS + counts.PLANNED + counts.NOT_APPLICABLE;
  const applicable = total - counts.NOT_APPLICABLE;
  return { total, applicable, ...counts, percent: applicable === 0 ? null : Math.round((counts.IMPLEMENTED / applicable) * 100) };
}

/** A control is due for review when it never was reviewed, or its last review is older than its cadence. */
export function reviewDueAt(control: { lastReviewedAt: Date | null; reviewCadenceDays: number }): Date | null {
  if (!control.lastReviewedAt) return null;
  return new Date(control.lastReviewedAt.getTime() + control.reviewCadenceDays * 86_400_000);
}

export function needsReview(control: { lastReviewedAt: Date | null; reviewCadenceDays: number }, now = new Date()): boolean {
  const due = reviewDueAt(control);
  return due === null || due <= now;
}
