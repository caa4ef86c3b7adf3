"use client";

import { useActionState } from "react";
import { ActionStatus } from "@/components/action-form";
import { MarkdownField } from "@/components/markdown/markdown-field";
import { TextField } from "@/components/ui/field";
import { optionsOf, Select } from "@/components/ui/select";
import { SubmitButton } from "@/components/ui/submit-button";
import { LABELS, VISIBILITIES } from "@/modules/content/schema";
import type { DocumentSaveState } from "../actions";

export const VISIBILITY_HINT = "Public: on the trust page. NDA: after an approved request. Private: dashboard only.";

export type DocumentFormValues = { title: string; description: string; category: string; visibility: string };

/** The document's own fields (not its file): title, description, category, visibility. */
export function DocumentForm({
  action,
  values,
  version,
  categories,
  canEdit,
}: {
  action: (previous: DocumentSaveState, form: FormData) => Promise<DocumentSaveState>;
  values: DocumentFormValues;
  version: number;
  categories: string[];
  canEdit: boolean;
}) {
  const [state, formAction] = useActionState(action, { status: "idle", version } satisfies DocumentSaveState);
  const errors = state.fieldErrors ?? {};
  return (
    <form action={formAction} className="space-y-5" noValidate>
      <input type="hidden" name="version" value={state.version ?? version} />
      <fieldset disabled={!canEdit} className="space-y-5">
        <TextField name="title" label="Title" defaultValue={values.title} required maxLength={200} errors={errors.title} />
        <MarkdownField name="description" label="Description" defaultValue={values.description} errors={errors.description} rows={5} />
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField name="category" label="Category" defaultValue={values.category} maxLength={80} list="document-categories" placeholder="Policies, Reports, Certificates…" errors={errors.category} />
          <div className="space-y-1.5">
            <label htmlFor="visibility" className="block text-sm font-medium">
              Visibility
            </label>
            <Select id="visibility" name="visibility" defaultValue={values.visibility} options={optionsOf(VISIBILITIES, LABELS.visibility)} />
            <p className="text-xs text-zinc-500">{VISIBILITY_HINT}</p>
            {errors.visibility ? <p className="text-sm text-red-700 dark:text-red-400" role="alert">{errors.visibility[0]}</p> : null}
          </div>
        </div>
        <CategoryList categories={categories} />
      </fieldset>
      <ActionStatus state={state} />
      {canEdit ? <SubmitButton pendingLabel="Saving…">Save changes</SubmitButton> : null}
    </form>
  );
}

export function CategoryList({ categories }: { categories: string[] }) {
  return (
    <datalist id="document-categories">
      {categories.map((category) => (
        <option key={category} value={category} />
      ))}
    </datalist>
  );
}
