import { IntlMessageFormat } from "intl-messageformat";
import { en } from "./messages/en";

/** The languages the public page's chrome is written in (tenant content stays as authored). */
export const LOCALES = ["en", "de", "fr", "nl", "es", "it"] as const;
export type Locale = (typeof LOCALES)[number];

export type MessageKey = keyof typeof en;
/** A catalog for one language: every key, an ICU message each. */
export type Catalog = Record<MessageKey, string>;
export type MessageValues = Record<string, string | number | Date>;
export type Translate = (key: MessageKey, values?: MessageValues) => string;

const CATALOGS: Partial<Record<Locale, Catalog>> = { en };

export function isLocale(value: string): value is Locale {
  return (LOCALES as readonly string[]).includes(value);
}

const translators = new Map<Locale, Translate>();

/** The chrome of one language; a language without its catalog yet falls back to English. */
export function translator(locale: Locale): Translate {
  const known = translators.get(locale);
  if (known) return known;
  const catalog = CATALOGS[locale] ?? en;
  const formats = new Map<MessageKey, IntlMessageFormat>();
  const t: Translate = (key, values) => {
    let format = formats.get(key);
    if (!format) {
      format = new IntlMessageFormat(catalog[key], locale);
      formats.set(key, format);
    }
    return String(format.format(values));
  };
  translators.set(locale, t);
  return t;
}
