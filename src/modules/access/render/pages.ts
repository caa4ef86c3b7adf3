import { html, safe, type SafeHtml } from "@/modules/publishing/render/html";
import { markdownToHtml } from "@/modules/publishing/render/markdown";
import { layout } from "@/modules/publishing/render/page";
import type { Locale } from "@/lib/locales";
import { tHtml } from "@/modules/publishing/render/format";
import type { MessageKey } from "@/modules/publishing/render/i18n";
import { keepLang, type Chrome } from "./chrome";

/**
 * The prospect's pages on a tenant host (ADR 029): plain HTML forms, no script (the public
 * CSP allows none), the trust page's stylesheet plus a few form rules, every value escaped
 * (render/html.ts) and the NDA's Markdown sanitised as the trust page's is. The chrome is in the
 * page's language (`Chrome`, chrome.ts); tenant text (the name, the NDA, items' titles) as authored.
 */
/** `language`: the organisation's default (ADR 038), for the mails of a visitor who named none of ours. */
export type PageOrg = { name: string; brand: string | null; language?: Locale };
export type NdaText = { id: string; number: number; markdown: string };
export type FieldErrors = Record<string, string[] | undefined>;
export type RequestValues = { email: string; fullName: string; company: string; reason: string; items: string[] | "all"; ndaAgreed: boolean };

const ACCESS_CSS = `main.access{max-width:640px;padding-top:32px;padding-bottom:64px}
main.access h1{font-size:1.6rem;margin-bottom:12px}
.field{margin:16px 0}.field label,.field legend{display:block;font-weight:600;margin-bottom:4px}
.field input[type=text],.field input[type=email],.field textarea{width:100%;font:inherit;padding:8px 10px;border:1px solid var(--line);border-radius:6px;background:var(--card);color:var(--fg)}
fieldset{border:1px solid var(--line);border-radius:8px;padding:10px 14px}
.check{display:flex;gap:8px;align-items:baseline;font-weight:400}
.error{color:var(--bad);font-size:.9rem;margin:4px 0 0}
.alert{background:var(--bad-bg);color:var(--bad);padding:12px 16px;border-radius:8px}
.nda{max-height:360px;overflow:auto;background:var(--card);border:1px solid var(--line);border-radius:8px;padding:8px 14px}
button.primary{font:inherit;font-weight:600;background:var(--brand);color:#fff;border:0;border-radius:6px;padding:10px 18px;cursor:pointer}
.hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
table.downloads{width:100%;border-collapse:collapse;font-size:.9rem}table.downloads th,table.downloads td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--line);vertical-align:top}
code.hash{word-break:break-all;font-size:.8rem}`;

/**
 * `indexable`: only the blank request form, the same page for everyone and linked from the trust
 * page, may be indexed (Lighthouse's SEO audit counts `noindex` as a failure); every other access
 * page (a message, a mailed link's landing, a form shown again with someone's values, a grantee's
 * downloads) stays `noindex`.
 */
export function accessLayout(input: { org: PageOrg; base: string; title: string; body: SafeHtml; c: Chrome; indexable?: boolean }) {
  const { t, locale } = input.c;
  return layout({
    title: `${input.title} · ${input.org.name}`,
    description: t("page.title", { name: input.org.name }),
    brand: input.org.brand,
    robots: input.indexable ? undefined : "noindex",
    alternates: { base: input.base, name: input.org.name },
    head: html`<style>${safe(ACCESS_CSS)}</style>`,
    locale,
    t,
    body: html`<header class="top"><div class="wrap"><div><p class="eyebrow">${t("page.eyebrow")}</p><p style="margin:0;font-size:1.3rem;font-weight:700"><a href="${keepLang(input.c, input.base || "/")}" style="text-decoration:none">${input.org.name}</a></p></div></div></header>
<main class="wrap access">${input.body}</main>`,
  });
}

const errorOf = (errors: FieldErrors, key: string) => (errors[key]?.length ? html`<p class="error" id="${key}-error">${errors[key]![0]!}</p>` : "");
const described = (errors: FieldErrors, key: string) => (errors[key]?.length ? html` aria-invalid="true" aria-describedby="${key}-error"` : "");
const alert = (message: string | null | undefined) => (message ? html`<p class="alert" role="alert">${message}</p>` : "");
/** The honeypot: hidden from people (and from assistive technology), filled in by naive bots. */
export const honeypot = (c: Chrome) =>
  html`<div class="hp" aria-hidden="true"><label for="website">${c.t("subscribe.honeypot")}</label><input type="text" id="website" name="website" tabindex="-1" autocomplete="off"></div>`;

function textField(c: Chrome, name: keyof RequestValues & string, label: MessageKey, values: RequestValues, errors: FieldErrors, extra: { type?: string; autocomplete?: string; required?: boolean } = {}) {
  return html`<div class="field"><label for="${name}">${c.t(label)}</label><input type="${extra.type ?? "text"}" id="${name}" name="${name}" value="${String(values[name])}"${extra.autocomplete ? html` autocomplete="${extra.autocomplete}"` : ""}${extra.required === false ? "" : html` required`}${described(errors, name)}>${errorOf(errors, name)}</div>`;
}

function itemsField(c: Chrome, items: { key: string; title: string }[], values: RequestValues, errors: FieldErrors) {
  if (!items.length) return "";
  const checked = (key: string) => values.items === "all" || values.items.includes(key);
  return html`<fieldset class="field"><legend>${c.t("access.request.items")}</legend>
${items.map((item) => html`<label class="check"><input type="checkbox" name="items" value="${item.key}"${checked(item.key) ? html` checked` : ""}> ${item.title}</label>`)}
${errorOf(errors, "scope")}</fieldset>`;
}

export function ndaField(c: Chrome, nda: NdaText, agreed: boolean, errors: FieldErrors) {
  return html`<fieldset class="field"><legend>${c.t("access.request.ndaLegend", { number: nda.number })}</legend>
<div class="nda md">${markdownToHtml(nda.markdown, 1)}</div>
<input type="hidden" name="ndaVersionId" value="${nda.id}">
<label class="check"><input type="checkbox" name="ndaAgree" value="yes"${agreed ? html` checked` : ""}${described(errors, "nda")}> ${c.t("access.request.ndaAgree", { number: nda.number })}</label>
${errorOf(errors, "nda")}</fieldset>`;
}

/** `blank`: the form as GET shows it to everyone (indexable); shown again with a visitor's values, it is not. */
export function requestFormPage(input: { org: PageOrg; base: string; items: { key: string; title: string }[]; nda: NdaText | null; values: RequestValues; errors: FieldErrors; message?: string | null; c: Chrome; blank?: boolean }) {
  const { values, errors, c } = input;
  const { t } = c;
  const newLink = html`<a href="${keepLang(c, `${input.base}/access/new-link`)}">${t("access.newLink.title")}</a>`;
  const body = html`<h1>${t("access.request.title")}</h1>
<p>${t("access.request.intro", { name: input.org.name })}</p>
${alert(input.message)}
<form method="post" action="${keepLang(c, `${input.base}/access`)}" novalidate>
${textField(c, "email", "prospect.field.workEmail", values, errors, { type: "email", autocomplete: "email" })}
${textField(c, "fullName", "prospect.field.fullName", values, errors, { autocomplete: "name" })}
${textField(c, "company", "prospect.field.company", values, errors, { autocomplete: "organization" })}
<div class="field"><label for="reason">${t("prospect.field.reason")} <span class="meta">${t("prospect.optional")}</span></label><textarea id="reason" name="reason" rows="3"${described(errors, "reason")}>${values.reason}</textarea>${errorOf(errors, "reason")}</div>
${itemsField(c, input.items, values, errors)}
${input.nda ? ndaField(c, input.nda, values.ndaAgreed, errors) : ""}
${honeypot(c)}
<p><button type="submit" class="primary">${t("access.request.title")}</button></p>
</form>
<p class="meta">${tHtml(t, "access.request.haveAccess", {}, { link: newLink })}</p>`;
  return accessLayout({ org: input.org, base: input.base, title: t("access.request.title"), body, c, indexable: input.blank === true });
}

/** A page that says one thing, with an optional way on. */
export function messagePage(input: { org: PageOrg; base: string; title: string; paragraphs: string[]; link?: { href: string; text: string }; c: Chrome }) {
  const body = html`<h1>${input.title}</h1>
${input.paragraphs.map((p) => html`<p>${p}</p>`)}
${input.link ? html`<p><a href="${keepLang(input.c, input.link.href)}">${input.link.text}</a></p>` : ""}
<p class="meta"><a href="${keepLang(input.c, input.base || "/")}">${input.c.t("prospect.back")}</a></p>`;
  return accessLayout({ org: input.org, base: input.base, title: input.title, body, c: input.c });
}

/** A mailed link's landing page: nothing happens until the button is pressed (mail scanners only GET). */
export function confirmPage(input: { org: PageOrg; base: string; title: string; text: string; action: string; token: string; button: string; c: Chrome }) {
  const body = html`<h1>${input.title}</h1>
<p>${input.text}</p>
<form method="post" action="${keepLang(input.c, input.action)}"><input type="hidden" name="token" value="${input.token}"><p><button type="submit" class="primary">${input.button}</button></p></form>`;
  return accessLayout({ org: input.org, base: input.base, title: input.title, body, c: input.c });
}

export function newLinkPage(input: { org: PageOrg; base: string; email: string; errors: FieldErrors; message?: string | null; c: Chrome }) {
  const { c } = input;
  const { t } = c;
  const body = html`<h1>${t("access.newLink.title")}</h1>
<p>${t("access.newLink.intro", { name: input.org.name })}</p>
${alert(input.message)}
<form method="post" action="${keepLang(c, `${input.base}/access/new-link`)}" novalidate>
<div class="field"><label for="email">${t("prospect.field.workEmail")}</label><input type="email" id="email" name="email" value="${input.email}" autocomplete="email" required${described(input.errors, "email")}>${errorOf(input.errors, "email")}</div>
<p><button type="submit" class="primary">${t("access.newLink.button")}</button></p>
</form>`;
  return accessLayout({ org: input.org, base: input.base, title: t("access.newLink.title"), body, c });
}

/** A grantee owes a new NDA version: its text and "I agree" before any NDA item shows. */
export function ndaAcceptPage(input: { org: PageOrg; base: string; email: string; nda: NdaText; errors: FieldErrors; message?: string | null; c: Chrome }) {
  const { c } = input;
  const { t } = c;
  const intro = tHtml(t, "access.nda.intro", { name: input.org.name, number: input.nda.number }, { email: html`<strong>${input.email}</strong>` });
  const body = html`<h1>${t("access.nda.heading")}</h1>
<p>${intro}</p>
${alert(input.message)}
<form method="post" action="${keepLang(c, `${input.base}/access/nda`)}" novalidate>
${ndaField(c, input.nda, false, input.errors)}
<p><button type="submit" class="primary">${t("access.nda.button")}</button></p>
</form>
<form method="post" action="${keepLang(c, `${input.base}/access/sign-out`)}"><p><button type="submit">${t("grantee.signOut")}</button></p></form>`;
  return accessLayout({ org: input.org, base: input.base, title: t("access.nda.title"), body, c });
}

export type DownloadRow = { documentTitle: string; documentId: string; at: Date; watermarkId: string; sha256: string };

/** A grantee's own downloads, newest first: what they took, when, and the watermark each copy carries. */
export function granteeDownloadsPage(input: { org: PageOrg; base: string; email: string; rows: DownloadRow[]; c: Chrome }) {
  const { c } = input;
  const { t } = c;
  const when = (at: Date) => `${at.toISOString().slice(0, 16).replace("T", " ")} UTC`;
  const table = input.rows.length
    ? html`<table class="downloads"><thead><tr><th scope="col">${t("access.downloads.document")}</th><th scope="col">${t("access.downloads.at")}</th><th scope="col">${t("access.downloads.watermark")}</th><th scope="col">${t("access.downloads.sha")}</th></tr></thead><tbody>
${input.rows.map((row) => html`<tr><td><a href="${input.base}/access/documents/${row.documentId}">${row.documentTitle}</a></td><td>${when(row.at)}</td><td><code>${row.watermarkId}</code></td><td><code class="hash">${row.sha256}</code></td></tr>`)}
</tbody></table>`
    : html`<p>${t("access.downloads.none")}</p>`;
  const intro = tHtml(t, "access.downloads.intro", { name: input.org.name }, { email: html`<strong>${input.email}</strong>` });
  const body = html`<h1>${t("grantee.downloads")}</h1>
<p>${intro}</p>
${table}
<p class="meta"><a href="${input.base || "/"}?signed-in">${t("prospect.back")}</a></p>`;
  return accessLayout({ org: input.org, base: input.base, title: t("grantee.downloads"), body, c });
}
