/**
 * The languages Candor's public chrome is written in (issue 15, ADR 038): the page's labels,
 * statuses, dates and numbers, and the mails sent to prospects. Tenant-authored text is never
 * translated: it stays in the language it was written in. Client-safe, no dependencies: the
 * dashboard's select, the publication schema and the renderers share this one list.
 */
export const LOCALES = ["en", "de", "fr", "nl", "es", "it"] as const;
export type Locale = (typeof LOCALES)[number];

/** Each language by its own name. */
export const LOCALE_NAMES: Record<Locale, string> = { en: "English", de: "Deutsch", fr: "Français", nl: "Nederlands", es: "Español", it: "Italiano" };

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/** A stored value (a column with a CHECK, a published document) read back: English when absent or unknown. */
export function localeOr(value: unknown, fallback: Locale = "en"): Locale {
  return isLocale(value) ? value : fallback;
}
