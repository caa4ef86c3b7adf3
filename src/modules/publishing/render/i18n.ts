import { IntlMessageFormat } from "intl-messageformat";
import Negotiator from "negotiator";
import { de } from "./messages/de";
import { en } from "./messages/en";
import { es } from "./messages/es";
import { fr } from "./messages/fr";
import { it } from "./messages/it";
import { nl } from "./messages/nl";

/** The languages the public page's chrome is written in (tenant content stays as authored). */
export const LOCALES = ["en", "de", "fr", "nl", "es", "it"] as const;
export type Locale = (typeof LOCALES)[number];
/** Each language by its own name (the dashboard's select, the page's language links). */
export const LOCALE_NAMES: Record<Locale, string> = { en: "English", de: "Deutsch", fr: "Français", nl: "Nederlands", es: "Español", it: "Italiano" };

export type MessageKey = keyof typeof en;
/** A catalog for one language: every key, an ICU message each. */
export type Catalog = Record<MessageKey, string>;
export type MessageValues = Record<string, string | number | Date>;
export type Translate = (key: MessageKey, values?: MessageValues) => string;

const CATALOGS: Record<Locale, Catalog> = { en, de, fr, nl, es, it };

export function isLocale(value: string): value is Locale {
  return (LOCALES as readonly string[]).includes(value);
}

const translators = new Map<Locale, Translate>();

/** The chrome of one language. */
export function translator(locale: Locale): Translate {
  const known = translators.get(locale);
  if (known) return known;
  const catalog = CATALOGS[locale];
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

/** Every language's catalog (tests compare them with English). */
export function catalogOf(locale: Locale): Catalog {
  return CATALOGS[locale];
}

const negotiated = new Map<string, Locale | null>();

/**
 * The language a visitor's Accept-Language asks for among LOCALES (negotiator: q-values, then
 * specificity, so "de-CH, en;q=0.8" is German), or null when it names none of them (no header,
 * "ja", "*" alone): then the organisation's default language answers. Memoised per header value,
 * like the edge's encodings: browsers send a handful of distinct values.
 */
export function negotiateLocale(header: string | undefined | null): Locale | null {
  if (!header) return null;
  const known = negotiated.get(header);
  if (known !== undefined) return known;
  const chosen = header.length > 1_024 ? null : pick(header);
  if (negotiated.size > 1_000) negotiated.clear();
  negotiated.set(header, chosen);
  return chosen;
}

function pick(header: string): Locale | null {
  // A wildcard means "anything": no particular language was asked for, so it chooses none.
  const named = header
    .split(",")
    .filter((part) => part.split(";")[0]!.trim() !== "*")
    .join(",");
  if (!named.trim()) return null;
  const found = new Negotiator({ headers: { "accept-language": named } }).language([...LOCALES]);
  return found && isLocale(found) ? found : null;
}
