import { accessLayout, type FieldErrors, type PageOrg } from "@/modules/access/render/pages";
import { html } from "@/modules/publishing/render/html";
import type { ObjectableChange } from "../server/objections";

/**
 * The objection form on a tenant host (ADR 031): a plain HTML form, no script, every value
 * escaped by the html template (render/html.ts), the layout and stylesheet of the access pages.
 */
export type ObjectionValues = { email: string; company: string; reason: string };

const errorOf = (errors: FieldErrors, key: string) => (errors[key]?.length ? html`<p class="error" id="${key}-error">${errors[key]![0]!}</p>` : "");
const described = (errors: FieldErrors, key: string) => (errors[key]?.length ? html` aria-invalid="true" aria-describedby="${key}-error"` : "");

export function objectionFormPage(input: { org: PageOrg; base: string; change: ObjectableChange; values: ObjectionValues; errors: FieldErrors; message?: string | null }) {
  const { change, values, errors } = input;
  const body = html`<h1>Object to a subprocessor change</h1>
<p><strong>${change.vendor}</strong>: ${change.summary}. Effective ${change.effectiveOn}.${change.urgent && change.urgentReason ? html` Urgent: ${change.urgentReason}` : ""}</p>
<p>Tell ${input.org.name} why you object. We will email you a link to confirm your address; the objection is sent once you confirm.</p>
${input.message ? html`<p class="alert" role="alert">${input.message}</p>` : ""}
<form method="post" action="${input.base}/subprocessors/object" novalidate>
<input type="hidden" name="change" value="${change.id}">
<div class="field"><label for="email">Work email</label><input type="email" id="email" name="email" value="${values.email}" autocomplete="email" required${described(errors, "email")}>${errorOf(errors, "email")}</div>
<div class="field"><label for="company">Company</label><input type="text" id="company" name="company" value="${values.company}" autocomplete="organization" required${described(errors, "company")}>${errorOf(errors, "company")}</div>
<div class="field"><label for="reason">Reason</label><textarea id="reason" name="reason" rows="5" required${described(errors, "reason")}>${values.reason}</textarea>${errorOf(errors, "reason")}</div>
<div class="hp" aria-hidden="true"><label for="website">Leave this field empty</label><input type="text" id="website" name="website" tabindex="-1" autocomplete="off"></div>
<p><button type="submit" class="primary">Send my objection</button></p>
</form>`;
  return accessLayout({ org: input.org, base: input.base, title: "Object to a change", body });
}
