import { IntlMessageFormat } from "intl-messageformat";
import type { Locale } from "@/lib/locales";
import { de } from "./messages/de";
import { en } from "./messages/en";
import { es } from "./messages/es";
import { fr } from "./messages/fr";
import { it } from "./messages/it";
import { nl } from "./messages/nl";

/**
 * The mails sent to prospects in their language (issue 15, ADR 038): the one they used when they
 * subscribed or asked for access, stored with them. Mails to members stay in English.
 */
export type MailKey = keyof typeof en;
export type MailCatalog = Record<MailKey, string>;
export type MailTranslate = (key: MailKey, values?: Record<string, string | number>) => string;

const CATALOGS: Record<Locale, MailCatalog> = { en, de, fr, nl, es, it };
const translators = new Map<Locale, MailTranslate>();

export function mailCatalogOf(locale: Locale): MailCatalog {
  return CATALOGS[locale];
}

export function mailTranslator(locale: Locale = "en"): MailTranslate {
  const known = translators.get(locale);
  if (known) return known;
  const formats = new Map<MailKey, IntlMessageFormat>();
  const t: MailTranslate = (key, values) => {
    let format = formats.get(key);
    if (!format) formats.set(key, (format = new IntlMessageFormat(CATALOGS[locale][key], locale)));
    return String(format.format(values));
  };
  translators.set(locale, t);
  return t;
}
