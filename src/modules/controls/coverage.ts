import { addDays, utcDay } from "@/lib/calendar-day";

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

type Reviewable = { lastReviewedAt: Date | null; reviewCadenceDays: number; createdAt: Date };

// Review dates are calendar days (src/lib/calendar-day.ts).

/**
 * When a control is next due for review: its cadence counted from its last review, or, if it was
 * never reviewed, from the day it was created. A control added today is not overdue today: it
 * gets a full cycle before its first review (issue 10, item 6). The SQL twin is REVIEW_DUE_SQL in
 * server/controls.ts.
 */
export function reviewDueAt(control: Reviewable): Date {
  const from = control.lastReviewedAt ?? utcDay(control.createdAt);
  return addDays(from, control.reviewCadenceDays);
}

export function needsReview(control: Reviewable, now = new Date()): boolean {
  return reviewDueAt(control) <= now;
}
