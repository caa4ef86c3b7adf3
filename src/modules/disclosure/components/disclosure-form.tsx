"use client";

import { useActionState } from "react";
import { ActionStatus } from "@/components/action-form";
import { MarkdownField } from "@/components/markdown/markdown-field";
import { TextAreaField, TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { LABELS, MAX_RESPONSE_WITHIN, RESPONSE_UNITS } from "@/modules/content/schema";
import type { DisclosureState } from "../actions";

export type DisclosureValues = {
  policy: string;
  contacts: string[];
  encryptionUrl: string;
  acknowledgmentsUrl: string;
  preferredLanguages: string;
  responseWithin: string;
  responseUnit: string;
  safeHarbor: string;
  bugBounty: boolean;
  bugBountyUrl: string;
  expiresAt: string;
};

export function DisclosureForm({ action, values, version, canEdit }: { action: (p: DisclosureState, f: FormData) => Promise<DisclosureState>; values: DisclosureValues; version: number; canEdit: boolean }) {
  const [state, formAction] = useActionState(action, { status: "idle", version } satisfies DisclosureState);
  const errors = state.fieldErrors ?? {};
  const contactErrors = Object.entries(errors).filter(([key]) => key.startsWith("contacts")).flatMap(([, messages]) => messages);
  return (
    <form action={formAction} className="space-y-5" noValidate>
      <input type="hidden" name="version" value={state.version ?? version} />
      <fieldset disabled={!canEdit} className="space-y-5">
        <MarkdownField name="policy" label="Policy" defaultValue={values.policy} rows={12} errors={errors.policy} hint="How to report a vulnerability, what is in scope, what you promise in return. Markdown." />
        <TextAreaField
          name="contacts"
          label="Security contacts"
          rows={3}
          defaultValue={values.contacts.join("\n")}
          hint="One per line: mailto:security@example.com or an https:// form. The first is the preferred one (security.txt Contact)."
          errors={contactErrors.length ? contactErrors : undefined}
        />
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField name="encryptionUrl" label="Encryption key URL" type="url" defaultValue={values.encryptionUrl} errors={errors.encryptionUrl} hint="An https link to your OpenPGP key." />
          <TextField name="acknowledgmentsUrl" label="Acknowledgments URL" type="url" defaultValue={values.acknowledgmentsUrl} errors={errors.acknowledgmentsUrl} />
          <TextField name="preferredLanguages" label="Preferred languages" defaultValue={values.preferredLanguages} errors={errors.preferredLanguages} hint="Language codes, e.g. en, de" />
          <TextField name="expiresAt" label="security.txt expires on" type="date" defaultValue={values.expiresAt} errors={errors.expiresAt} hint="At most a year ahead. Candor warns 30 days before." />
        </div>
        <ResponseTimeField within={values.responseWithin} unit={values.responseUnit} errors={[...(errors.responseWithin ?? []), ...(errors.responseUnit ?? [])]} />
        <MarkdownField name="safeHarbor" label="Safe harbour" defaultValue={values.safeHarbor} rows={5} errors={errors.safeHarbor} hint="Your promise not to pursue researchers who act in good faith." />
        <div className="grid gap-4 sm:grid-cols-2">
          <label className="flex items-center gap-2 text-sm font-medium">
            <input type="checkbox" name="bugBounty" defaultChecked={values.bugBounty} /> We run a bug bounty
          </label>
          <TextField name="bugBountyUrl" label="Bug bounty link" type="url" defaultValue={values.bugBountyUrl} errors={errors.bugBountyUrl} />
        </div>
      </fieldset>
      <ActionStatus state={state} />
      {canEdit ? <SubmitButton pendingLabel="Saving…">Save policy</SubmitButton> : null}
    </form>
  );
}

const inlineClass = "rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900";

/** The response time as the sentence the trust page will show: "We respond to reports within [2] [business days]." */
function ResponseTimeField({ within, unit, errors }: { within: string; unit: string; errors: string[] }) {
  return (
    <fieldset className="space-y-1.5">
      <legend className="text-sm font-medium text-zinc-800 dark:text-zinc-200">Response time</legend>
      <p className="flex flex-wrap items-center gap-2 text-sm">
        <span>We respond to reports within</span>
        <input name="responseWithin" type="number" min={1} max={MAX_RESPONSE_WITHIN} step={1} defaultValue={within} aria-label="Response time: number" aria-invalid={errors.length ? true : undefined} className={`${inlineClass} w-20`} />
        <select name="responseUnit" defaultValue={unit} aria-label="Response time: unit" className={inlineClass}>
          {RESPONSE_UNITS.map((value) => (
            <option key={value} value={value}>
              {LABELS.responseUnit[value]}
            </option>
          ))}
        </select>
      </p>
      <p className="text-xs text-zinc-500 dark:text-zinc-400">Your trust page shows this sentence. Leave the number empty to say nothing about it.</p>
      {errors.length ? (
        <p className="text-sm text-red-700 dark:text-red-400" role="alert">
          {errors[0]}
        </p>
      ) : null}
    </fieldset>
  );
}
