import { escapeHtml, html, safe, type SafeHtml } from "./html";
import type { Locale, Translate } from "./i18n";

/**
 * Dates and numbers on the public surfaces, in the page's language (issue 15): Intl formatters,
 * one per language and style, kept. A day is an ISO date shown in UTC, inside a
 * <time datetime> that keeps the machine-readable value.
 */
export type Chrome = { locale: Locale; t: Translate };

/** British English for "en": "1 April 2026", as the page has always read. */
export const intlLocale = (locale: Locale) => (locale === "en" ? "en-GB" : locale);

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: Locale, style: "day" | "minute") {
  const key = `${locale}:${style}`;
  let f = formatters.get(key);
  if (!f) {
    const options: Intl.DateTimeFormatOptions =
      style === "day" ? { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" } : { day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "UTC" };
    formatters.set(key, (f = new Intl.DateTimeFormat(intlLocale(locale), options)));
  }
  return f;
}

/** "1 April 2026" for "2026-04-01". */
export function longDay(locale: Locale, iso: string): string {
  return formatter(locale, "day").format(new Date(`${iso.slice(0, 10)}T00:00:00.000Z`));
}

/** "1 December 2026, 10:00" (UTC) for an instant. */
export function longMinute(locale: Locale, at: Date): string {
  return formatter(locale, "minute").format(at);
}

/** A day as <time>: the reader's words, the machine's value. Nothing for no date. */
export function dayTime(locale: Locale, iso: string | null | undefined): SafeHtml | "" {
  return iso ? html`<time datetime="${iso}">${longDay(locale, iso)}</time>` : "";
}

export function formatNumber(locale: Locale, n: number): string {
  return new Intl.NumberFormat(intlLocale(locale)).format(n);
}

/**
 * A message whose arguments include markup of ours (a <time>, a link): the message is formatted
 * with a marker in each such place, escaped as text, then each marker replaced by its markup. So
 * a translation may move "{date}" anywhere in its sentence and nothing it says is taken as HTML.
 */
export function tHtml(t: Translate, key: Parameters<Translate>[0], values: Record<string, string | number>, parts: Record<string, SafeHtml | "">): SafeHtml {
  const names = Object.keys(parts);
  const marks = Object.fromEntries(names.map((name, i) => [name, `\u0001${i}\u0001`]));
  let out = escapeHtml(t(key, { ...values, ...marks }));
  names.forEach((name, i) => {
    out = out.replace(`\u0001${i}\u0001`, String(parts[name]));
  });
  return safe(out);
}
