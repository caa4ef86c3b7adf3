"use client";

import { useActionState } from "react";
import { ActionStatus } from "@/components/action-form";
import { MarkdownField } from "@/components/markdown/markdown-field";
import { TextField } from "@/components/ui/field";
import { optionsOf, Select } from "@/components/ui/select";
import { SubmitButton } from "@/components/ui/submit-button";
import { LABELS, VISIBILITIES } from "@/modules/content/schema";
import type { ReviewFormState } from "../actions";

export type ReviewFormValues = { title: string; reviewedAt: string; template: string; summary: string; visibility: string };
export type TemplateChoice = { key: string; name: string; description: string; count: number };

/**
 * A review's header: title, date, summary and visibility. Given `templates`, it creates a review
 * and asks which checklist to start from; given `version`, it edits one (the checklist is fixed).
 */
export function ReviewForm({
  action,
  values,
  version,
  templates,
  canEdit,
}: {
  action: (previous: ReviewFormState, form: FormData) => Promise<ReviewFormState>;
  values: Partial<ReviewFormValues>;
  version?: number;
  templates?: TemplateChoice[];
  canEdit: boolean;
}) {
  const [state, formAction] = useActionState(action, { status: "idle", version } satisfies ReviewFormState);
  const errors = state.fieldErrors ?? {};
  const shown = { ...values, ...state.values };
  // Row edits bump the review's version and re-render this page: take the newer of the two.
  const currentVersion = version === undefined ? undefined : Math.max(version, state.version ?? 0);
  return (
    <form action={formAction} className="space-y-5" noValidate>
      {currentVersion !== undefined ? <input type="hidden" name="version" value={currentVersion} /> : null}
      {/* React resets a form after its action, to each field's default; a select keeps the default
          it was mounted with, so the fields remount whenever the values to show change. */}
      <fieldset key={JSON.stringify(shown)} disabled={!canEdit} className="space-y-5">
        <div className="grid gap-4 sm:grid-cols-[1fr_12rem]">
          <TextField name="title" label="Title" defaultValue={shown.title} required maxLength={200} placeholder="Quarterly security review, Q2 2026" errors={errors.title} />
          <TextField name="reviewedAt" label="Review date" type="date" defaultValue={shown.reviewedAt} required errors={errors.reviewedAt} />
        </div>
        {templates ? (
          <fieldset className="space-y-2">
            <legend className="text-sm font-medium text-zinc-800 dark:text-zinc-200">Checklist</legend>
            {templates.map((template) => (
              <label key={template.key} htmlFor={`template-${template.key}`} className="flex gap-3 rounded-md border border-zinc-200 p-3 text-sm has-[:checked]:border-zinc-900 dark:border-zinc-800 dark:has-[:checked]:border-zinc-100">
                <input id={`template-${template.key}`} type="radio" name="template" value={template.key} defaultChecked={(shown.template ?? templates[0]?.key) === template.key} className="mt-1" />
                <span>
                  <span className="font-medium">{template.name}</span>{" "}
                  <span className="text-zinc-500">· {template.count === 0 ? "no rows" : `${template.count} ${template.count === 1 ? "row" : "rows"}`}</span>
                  <span className="mt-1 block text-zinc-600 dark:text-zinc-400">{template.description}</span>
                </span>
              </label>
            ))}
            <p className="text-xs text-zinc-500">The rows are copied into the review; you can add, remove and reorder them afterwards. Changing a template later never changes past reviews.</p>
            {errors.template ? (
              <p className="text-sm text-red-700 dark:text-red-400" role="alert">
                {errors.template[0]}
              </p>
            ) : null}
          </fieldset>
        ) : null}
        <MarkdownField name="summary" label="Summary" defaultValue={shown.summary} rows={6} hint="Markdown. Scope, method, what changed since the last review, and what you do not claim." errors={errors.summary} />
        <div className="space-y-1.5">
          <label htmlFor="visibility" className="block text-sm font-medium">
            Visibility
          </label>
          <Select id="visibility" name="visibility" defaultValue={shown.visibility ?? "PUBLIC"} options={optionsOf(VISIBILITIES, LABELS.visibility)} />
          <p className="text-xs text-zinc-500">Public: on the trust page. NDA: after an approved request. Private: dashboard only.</p>
          {errors.visibility ? (
            <p className="text-sm text-red-700 dark:text-red-400" role="alert">
              {errors.visibility[0]}
            </p>
          ) : null}
        </div>
      </fieldset>
      <ActionStatus state={state} />
      {canEdit ? <SubmitButton pendingLabel="Saving…">{templates ? "Create review" : "Save changes"}</SubmitButton> : null}
    </form>
  );
}
