import { accessLayout, type FieldErrors, type PageOrg } from "@/modules/access/render/pages";
import { html } from "@/modules/publishing/render/html";
import { SUBSCRIBE_TOPIC_FIELDS, TOPIC_LABELS, type SubscriberTopic } from "../schema";

/**
 * The subscriber's pages on a tenant host (ADR 030): the access pages' layout (the trust page's
 * stylesheet, no script), plain forms, every value escaped.
 */
export type SubscribeValues = { email: string; topics: string[] };

const FIELD_OF = Object.fromEntries(Object.entries(SUBSCRIBE_TOPIC_FIELDS).map(([field, topic]) => [topic, field])) as Record<SubscriberTopic, string>;

const errorOf = (errors: FieldErrors, key: string) => (errors[key]?.length ? html`<p class="error" id="${key}-error">${errors[key]![0]!}</p>` : "");
const described = (errors: FieldErrors, key: string) => (errors[key]?.length ? html` aria-invalid="true" aria-describedby="${key}-error"` : "");
const alert = (message: string | null | undefined) => (message ? html`<p class="alert" role="alert">${message}</p>` : "");

/** The topic checkboxes; `chosen` holds form values ("all", "security", …). */
function topicsField(chosen: string[], errors: FieldErrors, withAll: boolean) {
  const box = (value: string, text: string) => html`<label class="check"><input type="checkbox" name="topics" value="${value}"${chosen.includes(value) ? html` checked` : ""}${described(errors, "topics")}> ${text}</label>`;
  return html`<fieldset class="field"><legend>Topics</legend>
${withAll ? box("all", "All topics") : ""}
${(Object.keys(TOPIC_LABELS) as SubscriberTopic[]).map((topic) => box(FIELD_OF[topic], TOPIC_LABELS[topic]))}
${errorOf(errors, "topics")}</fieldset>`;
}

/** The form values of stored topics: all four is "all". */
export const formTopicsOf = (topics: SubscriberTopic[]) => (topics.length === 4 ? ["all", ...topics.map((t) => FIELD_OF[t])] : topics.map((t) => FIELD_OF[t]));

export function subscribeFormPage(input: { org: PageOrg; base: string; values: SubscribeValues; errors: FieldErrors; message?: string | null }) {
  const { values, errors } = input;
  const body = html`<h1>Subscribe to updates</h1>
<p>Get an email when ${input.org.name}'s trust center changes. We first send you a link to confirm your address.</p>
${alert(input.message)}
<form method="post" action="${input.base}/subscribe" novalidate>
<div class="field"><label for="email">Email</label><input type="email" id="email" name="email" value="${values.email}" autocomplete="email" required${described(errors, "email")}>${errorOf(errors, "email")}</div>
${topicsField(values.topics, errors, true)}
<div class="hp" aria-hidden="true"><label for="website">Leave this field empty</label><input type="text" id="website" name="website" tabindex="-1" autocomplete="off"></div>
<p><button type="submit" class="primary">Subscribe</button></p>
</form>`;
  return accessLayout({ org: input.org, base: input.base, title: "Subscribe to updates", body });
}

export function managePage(input: { org: PageOrg; base: string; token: string; unsubscribeToken: string; email: string; status: string; topics: string[]; errors: FieldErrors; message?: string | null }) {
  const q = (s: string) => `?${new URLSearchParams({ s })}`;
  const active = input.status === "CONFIRMED";
  const body = html`<h1>Your subscription</h1>
<p>Subscribed as <strong>${input.email}</strong> to ${input.org.name}'s trust center.</p>
${alert(input.message)}
${active
  ? html`<form method="post" action="${input.base}/subscribe/manage${q(input.token)}" novalidate>
${topicsField(input.topics, input.errors, true)}
<p><button type="submit" class="primary">Save my topics</button></p>
</form>
<p class="meta"><a href="${input.base}/unsubscribe${q(input.unsubscribeToken)}">Unsubscribe from everything</a></p>`
  : html`<p>This address is not subscribed${input.status === "PENDING" ? " yet: confirm it with the link we emailed" : ""}. <a href="${input.base}/subscribe">Subscribe again</a>.</p>`}`;
  return accessLayout({ org: input.org, base: input.base, title: "Your subscription", body });
}

export function unsubscribePage(input: { org: PageOrg; base: string; token: string; email: string }) {
  const body = html`<h1>Unsubscribe</h1>
<p>Stop all email from ${input.org.name}'s trust center to <strong>${input.email}</strong>?</p>
<form method="post" action="${input.base}/unsubscribe?${new URLSearchParams({ s: input.token }).toString()}"><p><button type="submit" class="primary">Unsubscribe</button></p></form>`;
  return accessLayout({ org: input.org, base: input.base, title: "Unsubscribe", body });
}
