import { LOCALES, type Locale } from "@/lib/locales";
import { escapeHtml } from "./html";

/**
 * The language of a rendered public page, in its markup (ADR 038): `<html lang>` names the
 * language its chrome is in, and the head lists every language's address (`hreflang`) with the
 * negotiated one as `x-default`. Applied by the artifact renderer (artifacts.ts) to every HTML
 * surface, so the page's templates need not know the addresses of the other languages.
 */
export function languageLinks(pageUrl: string, locale: Locale | null) {
  const links = LOCALES.map((l) => `<link rel="alternate" hreflang="${l}" href="${escapeHtml(languageUrl(pageUrl, l))}">`);
  links.push(`<link rel="alternate" hreflang="x-default" href="${escapeHtml(pageUrl)}">`);
  // A language's own address is its canonical one; the negotiated address stays canonical for itself.
  return { links: links.join("\n"), canonical: locale ? languageUrl(pageUrl, locale) : pageUrl };
}

/**
 * A path to a prospect page (access, subscribe, objections) from a rendering made for a language
 * asked for by name (`page@de`, served for `?lang=de` and for a German browser alike): the
 * language goes along, so the page it opens and a form's POST answer in it whatever the browser
 * says (src/modules/access/render/chrome.ts). Unchanged from the default-language rendering.
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
 * own, since the templates put tenant text only in the body). `canonical`: the page's canonical
 * link is replaced by it when the rendering is a language's own address.
 */
export function withLanguage(document: string, input: { locale: Locale; pageUrl: string; chosen: Locale | null; canonicalOf?: string }) {
  const { links, canonical } = languageLinks(input.pageUrl, input.chosen);
  let out = document.replace(/<html lang="[^"]*">/, `<html lang="${input.locale}">`);
  if (input.canonicalOf && input.chosen) out = out.replace(`<link rel="canonical" href="${escapeHtml(input.canonicalOf)}">`, `<link rel="canonical" href="${escapeHtml(canonical)}">`);
  const head = out.indexOf("</head>");
  return head < 0 ? out : `${out.slice(0, head)}${links}\n${out.slice(head)}`;
}
