import { keepLang, type Chrome } from "@/modules/access/render/chrome";
import { accessLayout, honeypot, type FieldErrors, type PageOrg } from "@/modules/access/render/pages";
import { tHtml } from "@/modules/publishing/render/format";
import { html } from "@/modules/publishing/render/html";
import type { MessageKey } from "@/modules/publishing/render/i18n";
import { SUBSCRIBE_TOPIC_FIELDS, SUBSCRIBER_TOPICS, type SubscriberTopic } from "../schema";

/**
 * The subscriber's pages on a tenant host (ADR 030): the access pages' layout (the trust page's
 * stylesheet, no script), plain forms, every value escaped; the chrome in the page's language.
 */
export type SubscribeValues = { email: string; topics: string[] };

const FIELD_OF = Object.fromEntries(Object.entries(SUBSCRIBE_TOPIC_FIELDS).map(([field, topic]) => [topic, field])) as Record<SubscriberTopic, string>;
/** Each topic's label in the page catalogs (the trust page's subscribe box uses the same). */
const TOPIC_KEYS: Record<SubscriberTopic, MessageKey> = {
  SECURITY: "subscribe.topic.security",
  SUBPROCESSORS: "subscribe.topic.subprocessors",
  CERTIFICATIONS: "subscribe.topic.certifications",
  GENERAL: "subscribe.topic.general",
};

const errorOf = (errors: FieldErrors, key: string) => (errors[key]?.length ? html`<p class="error" id="${key}-error">${errors[key]![0]!}</p>` : "");
const described = (errors: FieldErrors, key: string) => (errors[key]?.length ? html` aria-invalid="true" aria-describedby="${key}-error"` : "");
const alert = (message: string | null | undefined) => (message ? html`<p class="alert" role="alert">${message}</p>` : "");

/** The topic checkboxes; `chosen` holds form values ("all", "security", …). */
function topicsField(c: Chrome, chosen: string[], errors: FieldErrors, withAll: boolean) {
  const box = (value: string, text: string) => html`<label class="check"><input type="checkbox" name="topics" value="${value}"${chosen.includes(value) ? html` checked` : ""}${described(errors, "topics")}> ${text}</label>`;
  return html`<fieldset class="field"><legend>${c.t("subscribe.topics")}</legend>
${withAll ? box("all", c.t("subscribe.topic.all")) : ""}
${SUBSCRIBER_TOPICS.map((topic) => box(FIELD_OF[topic], c.t(TOPIC_KEYS[topic])))}
${errorOf(errors, "topics")}</fieldset>`;
}

/** The form values of stored topics: all four is "all". */
export const formTopicsOf = (topics: SubscriberTopic[]) => (topics.length === 4 ? ["all", ...topics.map((t) => FIELD_OF[t])] : topics.map((t) => FIELD_OF[t]));

export function subscribeFormPage(input: { org: PageOrg; base: string; values: SubscribeValues; errors: FieldErrors; message?: string | null; c: Chrome }) {
  const { values, errors, c } = input;
  const { t } = c;
  const body = html`<h1>${t("subscribe.heading")}</h1>
<p>${t("subscribe.page.intro", { name: input.org.name })}</p>
${alert(input.message)}
<form method="post" action="${keepLang(c, `${input.base}/subscribe`)}" novalidate>
<div class="field"><label for="email">${t("subscribe.email")}</label><input type="email" id="email" name="email" value="${values.email}" autocomplete="email" required${described(errors, "email")}>${errorOf(errors, "email")}</div>
${topicsField(c, values.topics, errors, true)}
${honeypot(c)}
<p><button type="submit" class="primary">${t("subscribe.button")}</button></p>
</form>`;
  return accessLayout({ org: input.org, base: input.base, title: t("subscribe.heading"), body, c });
}

export function managePage(input: { org: PageOrg; base: string; token: string; unsubscribeToken: string; email: string; status: string; topics: string[]; errors: FieldErrors; message?: string | null; c: Chrome }) {
  const { c } = input;
  const { t } = c;
  const q = (s: string) => `?${new URLSearchParams({ s })}`;
  const active = input.status === "CONFIRMED";
  const again = html`<a href="${keepLang(c, `${input.base}/subscribe`)}">${t("subscribe.again")}</a>`;
  const body = html`<h1>${t("subscribe.manage.title")}</h1>
<p>${tHtml(t, "subscribe.manage.intro", { name: input.org.name }, { email: html`<strong>${input.email}</strong>` })}</p>
${alert(input.message)}
${active
  ? html`<form method="post" action="${keepLang(c, `${input.base}/subscribe/manage${q(input.token)}`)}" novalidate>
${topicsField(c, input.topics, input.errors, true)}
<p><button type="submit" class="primary">${t("subscribe.manage.save")}</button></p>
</form>
<p class="meta"><a href="${keepLang(c, `${input.base}/unsubscribe${q(input.unsubscribeToken)}`)}">${t("subscribe.manage.unsubscribeAll")}</a></p>`
  : html`<p>${tHtml(t, "subscribe.manage.inactive", { pending: input.status === "PENDING" ? "yes" : "no" }, { link: again })}</p>`}`;
  return accessLayout({ org: input.org, base: input.base, title: t("subscribe.manage.title"), body, c });
}

export function unsubscribePage(input: { org: PageOrg; base: string; token: string; email: string; c: Chrome }) {
  const { c } = input;
  const { t } = c;
  const body = html`<h1>${t("unsubscribe.title")}</h1>
<p>${tHtml(t, "unsubscribe.question", { name: input.org.name }, { email: html`<strong>${input.email}</strong>` })}</p>
<form method="post" action="${keepLang(c, `${input.base}/unsubscribe?${new URLSearchParams({ s: input.token }).toString()}`)}"><p><button type="submit" class="primary">${t("unsubscribe.button")}</button></p></form>`;
  return accessLayout({ org: input.org, base: input.base, title: t("unsubscribe.title"), body, c });
}
