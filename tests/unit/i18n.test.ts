import { gzipSync } from "node:zlib";
import { IntlMessageFormat } from "intl-messageformat";
import { describe, expect, it } from "vitest";
import { longDay } from "@/modules/publishing/render/format";
import { withLanguage } from "@/modules/publishing/render/languages";
import { renderTrustPage } from "@/modules/publishing/render/page";
import { benchView } from "../support/design-views";
import { pageMeta } from "../support/public-view";
import { catalogOf, LOCALES, negotiateLocale, translator, type Locale } from "@/modules/publishing/render/i18n";

/** The argument names an ICU message uses, nested plural/select options included. */
function argumentsOf(message: string, locale: Locale): string[] {
  const names = new Set<string>();
  type Node = { type: number; value?: unknown; options?: Record<string, { value: Node[] }>; children?: Node[] };
  const walk = (nodes: Node[]) => {
    for (const node of nodes) {
      // 1 argument, 2 number, 3 date, 4 time, 5 select, 6 plural (intl-messageformat's TYPE enum).
      if (node.type >= 1 && node.type <= 6 && typeof node.value === "string") names.add(node.value);
      for (const option of Object.values(node.options ?? {})) walk(option.value);
      if (node.children) walk(node.children);
    }
  };
  walk(new IntlMessageFormat(message, locale).getAst() as unknown as Node[]);
  return [...names].sort();
}

describe("the chrome's catalogs", () => {
  const english = catalogOf("en");

  it.each(LOCALES.filter((l) => l !== "en"))("%s has every English key, each parsing with the same arguments", (locale) => {
    const catalog = catalogOf(locale);
    expect(Object.keys(catalog).sort()).toEqual(Object.keys(english).sort());
    for (const key of Object.keys(english) as (keyof typeof english)[]) {
      expect({ key, args: argumentsOf(catalog[key], locale) }).toEqual({ key, args: argumentsOf(english[key], "en") });
    }
  });

  it("no translation is left in English by mistake", () => {
    // A word-for-word English message in another catalog is a missed translation ("Skip to content").
    for (const locale of LOCALES.filter((l) => l !== "en")) expect(catalogOf(locale)["nav.skip"]).not.toBe(english["nav.skip"]);
  });

  it.each([
    ["en", "Skip to content", "1 control", "2 controls", "1,000 controls"],
    ["de", "Zum Inhalt springen", "1 Kontrolle", "2 Kontrollen", "1.000 Kontrollen"],
    ["fr", "Aller au contenu", "1 contrôle", "2 contrôles", "1\u202f000 contrôles"],
    ["nl", "Naar de inhoud", "1 maatregel", "2 maatregelen", "1.000 maatregelen"],
    ["es", "Ir al contenido", "1 control", "2 controles", "1000 controles"],
    ["it", "Vai al contenuto", "1 controllo", "2 controlli", "1000 controlli"],
  ] as const)("%s: a label, plural one and other, a grouped number", (locale, skip, one, other, thousand) => {
    const t = translator(locale);
    expect(t("nav.skip")).toBe(skip);
    expect(t("controls.count", { count: 1 })).toBe(one);
    expect(t("controls.count", { count: 2 })).toBe(other);
    expect(t("controls.count", { count: 1000 })).toBe(thousand);
  });

  it.each([
    ["en", "Publication #12, published 1 April 2026."],
    ["de", "Veröffentlichung Nr. 12, veröffentlicht am 1. April 2026."],
    ["fr", "Publication n° 12, publiée le 1 avril 2026."],
    ["nl", "Publicatie nr. 12, gepubliceerd op 1 april 2026."],
    ["es", "Publicación n.º 12, publicada el 1 de abril de 2026."],
    ["it", "Pubblicazione n. 12, pubblicata il 1 aprile 2026."],
  ] as const)("%s: a date in the language's own form, inside its sentence", (locale, expected) => {
    expect(translator(locale)("footer.publication", { seq: "12", date: longDay(locale, "2026-04-01") })).toBe(expected);
  });

  it.each([
    ["de", 2, "BUSINESS_DAYS", "Wir antworten auf Meldungen innerhalb von 2 Werktagen."],
    ["fr", 1, "HOURS", "Nous répondons aux signalements sous 1 heure."],
    ["es", 5, "DAYS", "Respondemos a los informes en un plazo de 5 días."],
  ] as const)("%s: a plural nesting a select (%i %s)", (locale, count, unit, expected) => {
    expect(translator(locale)("disclosure.responseWithin", { count, unit })).toBe(expected);
  });

  it("French counts zero as singular (CLDR: 0 and 1 are 'one')", () => {
    expect(translator("fr")("controls.count", { count: 0 })).toBe("0 contrôle");
    expect(translator("de")("controls.count", { count: 0 })).toBe("0 Kontrollen");
  });
});

describe("negotiateLocale (Accept-Language)", () => {
  it.each([
    ["de-DE,de;q=0.9,en;q=0.8", "de"],
    ["de-CH", "de"],
    ["fr-CA, en;q=0.5", "fr"],
    ["en-US,en;q=0.9", "en"],
    ["ja, nl;q=0.7, en;q=0.3", "nl"], // the first language we have, by quality
    ["en;q=0.2, it", "it"], // quality beats order
    ["ES", "es"],
    ["de-CH, fr", "de"], // the first choice's language, not the exact match further down
    ["en-GB, de", "en"],
    ["ja, *;q=0.5, it;q=0.1", "it"], // a wildcard chooses nothing in particular
  ] as const)("%s → %s", (header, expected) => {
    expect(negotiateLocale(header)).toBe(expected);
  });

  it.each([[undefined], [""], ["ja"], ["*"], ["pt-BR, ja;q=0.5"], ["de;q=0"], [";;;,,,"], ["x".repeat(5_000)]])("%j asks for none of ours: the organisation's default answers", (header) => {
    expect(negotiateLocale(header)).toBe(null);
  });
});

describe("the budget holds in every language (issue 15: HTML ≤ 30 KB gzipped, 100 controls, 30 subprocessors)", () => {
  it.each(LOCALES)("%s, with its <html lang> and hreflang alternates", (locale) => {
    const meta = { ...pageMeta({ today: new Date("2026-12-01T00:00:00.000Z"), base: "/t/bench" }), locale, t: translator(locale) };
    const html = withLanguage(renderTrustPage(benchView(), meta), { locale, pageUrl: "https://bench.example", chosen: locale, canonicalOf: meta.canonicalUrl });
    expect(html).toContain(`<html lang="${locale}">`);
    expect(html).toContain('<link rel="alternate" hreflang="x-default" href="https://bench.example">');
    expect(gzipSync(html).length).toBeLessThanOrEqual(30 * 1024);
  });
});
