import { keepLang, type Chrome } from "@/modules/access/render/chrome";
import { accessLayout, honeypot, type FieldErrors, type PageOrg } from "@/modules/access/render/pages";
import { html } from "@/modules/publishing/render/html";
import type { ObjectableChange } from "../server/objections";

/**
 * The objection form on a tenant host (ADR 031): a plain HTML form, no script, every value
 * escaped by the html template (render/html.ts), the layout and stylesheet of the access pages,
 * the chrome in the page's language (the change's vendor, summary and reason as stored).
 */
export type ObjectionValues = { email: string; company: string; reason: string };

const errorOf = (errors: FieldErrors, key: string) => (errors[key]?.length ? html`<p class="error" id="${key}-error">${errors[key]![0]!}</p>` : "");
const described = (errors: FieldErrors, key: string) => (errors[key]?.length ? html` aria-invalid="true" aria-describedby="${key}-error"` : "");

export function objectionFormPage(input: { org: PageOrg; base: string; change: ObjectableChange; values: ObjectionValues; errors: FieldErrors; message?: string | null; c: Chrome }) {
  const { change, values, errors, c } = input;
  const { t } = c;
  const body = html`<h1>${t("objection.heading")}</h1>
<p><strong>${change.vendor}</strong>: ${change.summary}. ${t("objection.effective", { date: change.effectiveOn })}${change.urgent && change.urgentReason ? html` ${t("objection.urgent", { reason: change.urgentReason })}` : ""}</p>
<p>${t("objection.intro", { name: input.org.name })}</p>
${input.message ? html`<p class="alert" role="alert">${input.message}</p>` : ""}
<form method="post" action="${keepLang(c, `${input.base}/subprocessors/object`)}" novalidate>
<input type="hidden" name="change" value="${change.id}">
<div class="field"><label for="email">${t("prospect.field.workEmail")}</label><input type="email" id="email" name="email" value="${values.email}" autocomplete="email" required${described(errors, "email")}>${errorOf(errors, "email")}</div>
<div class="field"><label for="company">${t("prospect.field.company")}</label><input type="text" id="company" name="company" value="${values.company}" autocomplete="organization" required${described(errors, "company")}>${errorOf(errors, "company")}</div>
<div class="field"><label for="reason">${t("prospect.field.reason")}</label><textarea id="reason" name="reason" rows="5" required${described(errors, "reason")}>${values.reason}</textarea>${errorOf(errors, "reason")}</div>
${honeypot(c)}
<p><button type="submit" class="primary">${t("objection.button")}</button></p>
</form>`;
  return accessLayout({ org: input.org, base: input.base, title: t("objection.title"), body, c });
}
