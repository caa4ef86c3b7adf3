import type { Locale } from "@/lib/locales";
import { translator, type MessageKey, type Translate } from "@/modules/publishing/render/i18n";

/**
 * The language of a prospect's page on a tenant host (issue 15, ADR 038): the one the request
 * names (`?lang=`, else the best of Accept-Language among ours), else the organisation's default,
 * else English: the same rule as the trust page and as the language stored for the prospect's
 * mails, so that the page, its error pages and the mails agree.
 *
 * A form's POST is answered by the same rule: the browser sends the same Accept-Language with the
 * POST as with the GET that showed the form, and a language named by `?lang=` (which a POST would
 * not repeat) is kept in the form's action (`keepLang`). Re-negotiating rather than posting a
 * hidden field means that the answers given before the body is read (403 cross-site, 413, 429)
 * are in the form's language too, and that no posted value can choose the language of a page
 * another request rendered.
 */
export type Chrome = { locale: Locale; t: Translate; named: Locale | null };

export type LanguageOfRequest = { locale?: Locale | null; named?: Locale | null };

export function chromeOf(request: LanguageOfRequest, org?: { language?: Locale } | null): Chrome {
  const locale = request.locale ?? org?.language ?? "en";
  return { locale, t: translator(locale), named: request.named ?? null };
}

/** One of our paths, with the language a visitor named by `?lang=` kept (a form's action, a link on). */
export function keepLang(c: Chrome, path: string) {
  if (!c.named) return path;
  return `${path}${path.includes("?") ? "&" : "?"}lang=${c.named}`;
}

/**
 * What a field of a prospect's form is, for its messages in the page's language. The shared zod
 * schemas (one per input, also serving the API and OpenAPI) say *that* a field is wrong; which
 * sentence to show follows from the value the visitor sent: empty, too long, or otherwise not
 * acceptable. `value` is what was posted; `fixed` always says the same thing.
 */
export type FieldRule =
  | { kind: "email" }
  | { kind: "text"; label: MessageKey; max: number; required: MessageKey }
  | { kind: "fixed"; key: MessageKey }
  | { kind: "choice"; none: MessageKey; unknown: MessageKey };

export type PostedValue = string | string[];

export function fieldMessage(t: Translate, rule: FieldRule, value: PostedValue = ""): string {
  const text = Array.isArray(value) ? value.join("") : value;
  switch (rule.kind) {
    case "fixed":
      return t(rule.key);
    case "choice":
      return t(Array.isArray(value) && value.length > 0 ? rule.unknown : rule.none);
    case "email":
      if (!text.trim()) return t("prospect.error.emailRequired");
      return t(text.length > 254 ? "prospect.error.emailTooLong" : "prospect.error.emailInvalid");
    case "text":
      if (!text.trim()) return t(rule.required);
      if (text.replace(/\r\n?/g, "\n").trim().length > rule.max) return t("prospect.error.tooLong", { field: t(rule.label), max: rule.max });
      return t("prospect.error.controlChars", { field: t(rule.label) });
  }
}

/**
 * The page's messages for the fields a schema (or a domain check) found wrong: `wrong` is keyed by
 * field path ("scope.items" counts as "scope"); a field without a rule keeps no message of its own
 * (the alert above the form still says that something needs attention).
 */
export function localizedErrors(t: Translate, wrong: Record<string, unknown>, rules: Record<string, FieldRule>, values: Record<string, PostedValue>) {
  const out: Record<string, string[]> = {};
  for (const path of Object.keys(wrong)) {
    const name = path.split(".")[0]!;
    const rule = rules[name];
    if (rule && !out[name]) out[name] = [fieldMessage(t, rule, values[name])];
  }
  return out;
}
