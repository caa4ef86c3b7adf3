import { IntlMessageFormat } from "intl-messageformat";
import Negotiator from "negotiator";
import { isLocale, type Locale } from "@/lib/locales";
import { de } from "./messages/de";
import { en } from "./messages/en";
import { es } from "./messages/es";
import { fr } from "./messages/fr";
import { it } from "./messages/it";
import { nl } from "./messages/nl";

export { isLocale, LOCALE_NAMES, LOCALES, type Locale } from "@/lib/locales";

export type MessageKey = keyof typeof en;
/** A catalog for one language: every key, an ICU message each. */
export type Catalog = Record<MessageKey, string>;
export type MessageValues = Record<string, string | number | Date>;
export type Translate = (key: MessageKey, values?: MessageValues) => string;

const CATALOGS: Record<Locale, Catalog> = { en, de, fr, nl, es, it };

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
 * The language a visitor's Accept-Language asks for among LOCALES, or null when it names none of
 * them (no header, "ja", "*" alone): then the organisation's default language answers. The header
 * is parsed by negotiator (q-values; q=0 refused), then RFC 4647 lookup in order of preference:
 * the first language whose primary subtag is one of ours wins, so "de-CH, fr" is German (a plain
 * specificity match would prefer the exact "fr"), the same first-choice rule Caddy's file
 * selection follows (deploy/caddy/site.caddy). Memoised per header value, like the edge's
 * encodings: browsers send a handful of distinct values.
 */
export function negotiateLocale(header: string | undefined | null): Locale | null {
  if (!header) return null;
  const known = negotiated.get(header);
  if (known !== undefined) return known;
  const chosen = header.length > 1_024 ? null : lookup(header);
  if (negotiated.size > 1_000) negotiated.clear();
  negotiated.set(header, chosen);
  return chosen;
}

function lookup(header: string): Locale | null {
  for (const tag of new Negotiator({ headers: { "accept-language": header } }).languages()) {
    const primary = tag.split("-")[0]!.toLowerCase();
    if (isLocale(primary)) return primary;
  }
  return null;
}
