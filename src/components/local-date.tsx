"use client";

import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

/**
 * A date or time in the viewer's locale and time zone. The server renders the UTC value (so the
 * HTML reads without JavaScript); the browser then shows it locally.
 */
export function LocalDate({ value, withTime = false }: { value: string | Date | null; withTime?: boolean }) {
  const iso = value instanceof Date ? value.toISOString() : value;
  const local = useSyncExternalStore(
    subscribe,
    () => (iso ? new Intl.DateTimeFormat(undefined, withTime ? { dateStyle: "medium", timeStyle: "short" } : { dateStyle: "medium", timeZone: iso.length === 10 || iso.endsWith("T00:00:00.000Z") ? "UTC" : undefined }).format(new Date(iso)) : ""),
    () => (iso ? (withTime ? `${iso.slice(0, 16).replace("T", " ")} UTC` : iso.slice(0, 10)) : ""),
  );
  if (!iso) return <span>—</span>;
  return <time dateTime={iso}>{local}</time>;
}
