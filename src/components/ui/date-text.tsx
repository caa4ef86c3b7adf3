"use client";

import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

type Precision = "day" | "minute" | "second";

/** The deterministic text: what the server renders, and what `utc` keeps in the browser too. */
export function utcText(iso: string, precision: Precision) {
  if (precision === "day") return iso.slice(0, 10);
  return `${iso.slice(0, precision === "second" ? 19 : 16).replace("T", " ")} UTC`;
}

function viewerText(iso: string, precision: Precision) {
  // A calendar day (a bare date, or UTC midnight) is shown as that day in every time zone.
  const calendarDay = iso.length === 10 || iso.endsWith("T00:00:00.000Z");
  const options: Intl.DateTimeFormatOptions =
    precision === "day"
      ? { dateStyle: "medium", timeZone: calendarDay ? "UTC" : undefined }
      : { dateStyle: "medium", timeStyle: precision === "second" ? "medium" : "short" };
  return new Intl.DateTimeFormat(undefined, options).format(new Date(iso));
}

/**
 * The one date formatter of the dashboard. The server renders the UTC value (so the HTML reads
 * without JavaScript, and hydration sees the same text: useSyncExternalStore's server snapshot);
 * the browser then shows it in the viewer's locale and time zone, unless `utc` keeps it in UTC
 * (the audit log, DNS checks: times compared across people and logs). `null` reads "—", or `empty`.
 */
export function DateText({ value, withTime = false, utc = false, empty = "—" }: { value: string | Date | null | undefined; withTime?: boolean | "seconds"; utc?: boolean; empty?: string }) {
  const iso = value instanceof Date ? value.toISOString() : (value ?? null);
  const precision: Precision = withTime === "seconds" ? "second" : withTime ? "minute" : "day";
  const text = useSyncExternalStore(
    subscribe,
    () => (iso ? (utc ? utcText(iso, precision) : viewerText(iso, precision)) : ""),
    () => (iso ? utcText(iso, precision) : ""),
  );
  if (!iso) return <span>{empty}</span>;
  return <time dateTime={iso}>{text}</time>;
}
