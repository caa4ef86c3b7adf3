"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { runAction, type ActionState } from "@/server/actions";
import { AppError } from "@/server/errors";
import { gate } from "@/server/gate";
import { approvalMail, denialMail } from "./server/decision-mail";
import { setMailPreference } from "./server/mail-preference";
import { approveRequest, denyRequest, extendGrant, revokeGrant } from "./server/review";
import { publishNdaVersion, saveRules, saveSettings } from "./server/settings";

/**
 * The dashboard's Access actions (ADR 029). Reviewing (`access.review`): approve, deny, extend,
 * revoke. Managing (`access.manage`): settings, rules, NDA versions. Being mailed about requests
 * (`access.notify`): one's own choice of how often. The gate comes first in each, so an outsider
 * learns nothing from how their input would have been judged.
 */

const refresh = (slug: string) => revalidatePath(`/dashboard/${slug}/access`, "layout");
const review = (slug: string) => gate({ slug, action: "access.review" });
const manage = (slug: string) => gate({ slug, action: "access.manage" });
const text = (form: FormData, name: string) => String(form.get(name) ?? "");
/** A number field as a number ("" and junk become NaN, which the schema refuses with its own message). */
const number = (form: FormData, name: string) => (form.get(name) === null || text(form, name).trim() === "" ? Number.NaN : Number(text(form, name)));
const optional = (form: FormData, name: string) => text(form, name).trim() || undefined;
const checked = (form: FormData, name: string) => form.get(name) === "on" || form.get(name) === "true";

export async function approveAccessRequestAction(slug: string, requestId: string, _previous: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const ctx = await review(slug);
    const scope = text(form, "scope") === "chosen" ? { items: form.getAll("items").map(String) } : text(form, "scope") === "all" ? { all: true } : undefined;
    const input = { requestId, scope, days: optional(form, "days"), externalNdaDocumentId: optional(form, "externalNdaDocumentId") };
    const result = await approveRequest({ ctx, input, deliver: approvalMail(ctx) });
    refresh(slug);
    return { status: "success", message: `Approved: ${result.email} was emailed an access link; the grant ends on ${result.expiresAt.toISOString().slice(0, 10)}.` };
  });
}

export async function denyAccessRequestAction(slug: string, requestId: string, _previous: ActionState, form: FormData): Promise<ActionState> {
  const values = { reason: text(form, "reason") };
  const state = await runAction(async () => {
    const ctx = await review(slug);
    const notify = checked(form, "notify");
    const result = await denyRequest({ ctx, input: { requestId, reason: values.reason }, deliver: notify ? denialMail(ctx) : undefined });
    refresh(slug);
    return { status: "success", message: notify ? `Denied; ${result.email} was emailed the reason.` : "Denied. The requester was not emailed." };
  });
  return state.status === "error" ? { ...state, values } : state;
}

export async function extendGrantAction(slug: string, grantId: string, _previous: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const ctx = await review(slug);
    const result = await extendGrant({ ctx, input: { grantId, days: optional(form, "days"), version: number(form, "version") } });
    refresh(slug);
    return { status: "success", message: `Extended: the grant now ends on ${result.expiresAt.toISOString().slice(0, 10)}.` };
  });
}

export async function revokeGrantAction(slug: string, grantId: string, _previous: ActionState, form: FormData): Promise<ActionState> {
  const state = await runAction(async () => {
    const ctx = await review(slug);
    if (!checked(form, "confirm")) throw new AppError("validation", "Confirm that you want to revoke this grant.", { fieldErrors: { confirm: ["Tick the box to confirm."] } });
    await revokeGrant({ ctx, input: { grantId, version: number(form, "version") } });
    refresh(slug);
    return { status: "success" };
  });
  // The revoke form is gone once the grant is revoked, and its message with it: the page says so.
  if (state.status === "success") redirect(`/dashboard/${slug}/access/grants/${grantId}?revoked=1`);
  return state;
}

export async function saveAccessSettingsAction(slug: string, _previous: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const ctx = await manage(slug);
    await saveSettings({
      ctx,
      input: { ndaMode: text(form, "ndaMode"), ipRecording: text(form, "ipRecording"), defaultGrantDays: text(form, "defaultGrantDays"), mailCapPerHour: text(form, "mailCapPerHour"), version: number(form, "version") },
    });
    refresh(slug);
    return { status: "success", message: "Settings saved." };
  });
}

/** The rules editor sends the whole ordered list as JSON (the list is saved as a whole). */
export async function saveAccessRulesAction(slug: string, _previous: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const ctx = await manage(slug);
    let rules: unknown;
    try {
      rules = JSON.parse(text(form, "rules"));
    } catch {
      throw new AppError("validation", "The rules could not be read. Reload the page and try again.", { fieldErrors: { rules: ["Not a list of rules."] } });
    }
    const result = await saveRules({ ctx, input: { rules, version: number(form, "version") } });
    refresh(slug);
    return { status: "success", message: result.count === 0 ? "Rules saved: none, so every request goes to manual review." : `Rules saved (${result.count}).` };
  });
}

export async function publishNdaAction(slug: string, _previous: ActionState, form: FormData): Promise<ActionState> {
  const values = { markdown: text(form, "markdown") };
  const state = await runAction(async () => {
    const ctx = await manage(slug);
    const version = await publishNdaVersion({ ctx, input: { markdown: values.markdown, requireReacceptance: checked(form, "requireReacceptance") } });
    refresh(slug);
    return { status: "success", message: `Published NDA version ${version.number}.${version.requireReacceptance ? " Existing grantees will be asked to accept it at their next visit." : ""}` };
  });
  return state.status === "error" ? { ...state, values } : state;
}

const MAIL_SAVED = { EACH: "You will be emailed about each request that waits for review.", DAILY: "You will get a daily digest of new requests that wait for review.", NONE: "You will not be emailed about access requests." } as const;

/** One's own mail about requests (owners and admins): the form names no member, so only one's own changes. */
export async function saveAccessMailPreferenceAction(slug: string, _previous: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const ctx = await gate({ slug, action: "access.notify" });
    const result = await setMailPreference({ ctx, input: { accessRequestMail: text(form, "accessRequestMail") } });
    refresh(slug);
    return { status: "success", message: MAIL_SAVED[result.accessRequestMail] };
  });
}
