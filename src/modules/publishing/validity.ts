import { dayStart as calendarDay, isoDay } from "@/lib/calendar-day";
import type { PublicView } from "./view";

type PublicControl = PublicView["controls"]["domains"][number]["controls"][number];

/**
 * When a rendering of a publication stops being what a render would give. The page shows
 * "Needs review" once a control's review falls due and "Expired" once a certification's period
 * has ended, both judged by the UTC day; security.txt exists (and the page links it) only in the
 * year before its Expires. Nothing else on any surface depends on the date (dates are shown as absolute dates,
 * never "3 days ago"), so between two such boundaries the bytes do not change, and a rendering
 * can be stored with the span it is valid for (ADR 025).
 */
const DAY = 86_400_000;

export const dayStart = (ms: number) => Math.floor(ms / DAY) * DAY;
export { isoDay };
const midnight = (iso: string) => calendarDay(iso).getTime();

/**
 * When a published control's review is due (YYYY-MM-DD). Publications made before the view
 * carried `reviewDueOn` know it only from a last review; without one, null: due at once.
 */
export function reviewDueOn(control: PublicControl): string | null {
  if (control.reviewDueOn) return control.reviewDueOn;
  if (!control.lastReviewedAt) return null;
  return isoDay(new Date(midnight(control.lastReviewedAt) + control.reviewCadenceDays * DAY));
}

/** Every instant (a UTC midnight) at which the page's output changes, ascending. */
export function pageBoundaries(view: PublicView): number[] {
  const boundaries = new Set<number>();
  for (const domain of view.controls.domains) {
    for (const control of domain.controls) {
      // Shown as "Needs review" from the day it falls due (reviewDueOn()).
      const due = control.status === "NOT_APPLICABLE" ? null : reviewDueOn(control);
      if (due) boundaries.add(midnight(due));
    }
  }
  // A certification is shown as expired from the day after its period ends.
  for (const framework of view.frameworks) if (framework.status === "CERTIFIED" && framework.periodEnd) boundaries.add(midnight(framework.periodEnd) + DAY);
  // The page links security.txt only while the file is served (securityTxtExpires()).
  const policy = view.disclosure;
  if (policy && policy.contacts.length > 0 && policy.expiresAt) {
    boundaries.add(midnight(policy.expiresAt) - 366 * DAY);
    boundaries.add(midnight(policy.expiresAt));
  }
  return [...boundaries].filter(Number.isFinite).sort((a, b) => a - b);
}

export type Validity = { validFrom: Date; validUntil: Date | null; today: Date };

/**
 * The span around `at` in which the page renders the same: from the last boundary at or before
 * that day (or the day of publication), until the next one (null: none, it lasts until the next
 * publication). `today` is the day to render with.
 */
export function pageValidity(view: PublicView, publishedAt: Date, at: number): Validity {
  const today = dayStart(at);
  const boundaries = pageBoundaries(view);
  const previous = boundaries.filter((b) => b <= today).at(-1);
  const next = boundaries.find((b) => b > today);
  return { validFrom: new Date(Math.max(previous ?? -Infinity, dayStart(publishedAt.getTime()))), validUntil: next === undefined ? null : new Date(next), today: new Date(today) };
}

/** security.txt is served from a year (366 days) before its Expires until then; null: never. */
export function securityTxtValidity(view: PublicView): Validity | null {
  const policy = view.disclosure;
  if (!policy || policy.contacts.length === 0 || !policy.expiresAt) return null;
  const expires = midnight(policy.expiresAt);
  return { validFrom: new Date(expires - 366 * DAY), validUntil: new Date(expires), today: new Date(dayStart(expires - 366 * DAY)) };
}
