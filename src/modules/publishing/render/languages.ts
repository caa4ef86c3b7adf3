import { LOCALES, type Locale } from "@/lib/locales";
import { escapeHtml } from "./html";

/**
 * The language of a rendered public page, in its markup (ADR 038): `<html lang>` names the
 * language its chrome is in, and the head lists every language's address (`hreflang`) with the
 * negotiated one as `x-default`. Applied by the artifact renderer (artifacts.ts) to every HTML
 * surface, so the page's templates need not know the addresses of the other languages.
 */
export function languageLinks(pageUrl: string) {
  const links = LOCALES.map((l) => `<link rel="alternate" hreflang="${l}" href="${escapeHtml(languageUrl(pageUrl, l))}">`);
  links.push(`<link rel="alternate" hreflang="x-default" href="${escapeHtml(pageUrl)}">`);
  return links.join("\n");
}

/**
 * A path to a prospect page (access, subscribe, objections) from a rendering made for a language
 * asked for by name (`page@de`, served for `?lang=de` and for a German browser alike): the
 * language goes along, so the page it opens and a form's POST answer in it whatever the browser
 * says (src/modules/access/render/chrome.ts). Unchanged from the default-language rendering, and
 * from the rendering of the organisation's default language asked for by name (`page@en` on an
 * English trust center, which every English browser gets): those links name no language, so the
 * common case keeps plain addresses; a visitor who picks the default against their browser's
 * language by ?lang= is then answered on the next page in their browser's language.
 */
export function withNamedLanguage(path: string, named: Locale | null | undefined) {
  return named ? `${path}${path.includes("?") ? "&" : "?"}lang=${named}` : path;
}

/** The address that shows a surface in one language whatever the browser asks for: `?lang=de`. */
export function languageUrl(url: string, locale: Locale) {
  return `${url}?lang=${locale}`;
}

/**
 * Sets `<html lang>` and adds the alternates before `</head>` (the first of each: the document's
 * own, since the templates put tenant text only in the body). `canonicalOf`: the page's canonical
 * link, which a language's rendering (`chosen`) drops. Its bytes answer two addresses, `?lang=xx`
 * and the bare address when Accept-Language negotiates xx; a canonical naming either one is wrong
 * at the other (the bare address is x-default: "canonical points to another hreflang location",
 * Lighthouse's SEO audit, issue 15). Without one, each address is its own canonical. The default
 * language's rendering (no `chosen`) keeps the bare address as its canonical.
 */
export function withLanguage(document: string, input: { locale: Locale; pageUrl: string; chosen: Locale | null; canonicalOf?: string }) {
  const links = languageLinks(input.pageUrl);
  let out = document.replace(/<html lang="[^"]*">/, `<html lang="${input.locale}">`);
  if (input.canonicalOf && input.chosen) out = out.replace(`<link rel="canonical" href="${escapeHtml(input.canonicalOf)}">\n`, "");
  const head = out.indexOf("</head>");
  return head < 0 ? out : `${out.slice(0, head)}${links}\n${out.slice(head)}`;
}
