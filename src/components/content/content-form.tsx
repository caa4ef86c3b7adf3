"use client";

import { useActionState, useRef } from "react";
import { ActionStatus, useRestoreOnError } from "@/components/action-form";
import { MarkdownField } from "@/components/markdown/markdown-field";
import { TextField } from "@/components/ui/field";
import { Select } from "@/components/ui/select";
import { SubmitButton } from "@/components/ui/submit-button";
import type { SaveState } from "@/modules/content/actions";
import { KINDS, type KindKey } from "@/modules/content/kinds";

/** The create/edit form of a simple content type, drawn from its field list (src/modules/content/kinds.ts). */
export function ContentForm({
  kind,
  action,
  values,
  version,
  canEdit,
  choices = {},
}: {
  kind: KindKey;
  action: (previous: SaveState, form: FormData) => Promise<SaveState>;
  values: Record<string, unknown>;
  version?: number;
  canEdit: boolean;
  /** Options the page loaded for a field with `choices` in its spec (its value and label). */
  choices?: Record<string, readonly { value: string; label: string }[]>;
}) {
  const [state, formAction] = useActionState(action, { status: "idle", version } satisfies SaveState);
  const form = useRef<HTMLFormElement>(null);
  useRestoreOnError(state, form);
  const errors = state.fieldErrors ?? {};
  const spec = KINDS[kind];
  return (
    <form ref={form} action={formAction} className="space-y-5" noValidate>
      {version !== undefined ? <input type="hidden" name="version" value={state.version ?? version} /> : null}
      <fieldset disabled={!canEdit} className="space-y-5">
        {spec.fields.map((field) => {
          const value = values[field.name];
          const text = value === undefined || value === null ? "" : String(value);
          if (field.kind === "markdown") {
            return <MarkdownField key={field.name} name={field.name} label={field.label} defaultValue={text} hint={field.hint} errors={errors[field.name]} required={field.required} />;
          }
          if (field.kind === "select") {
            return (
              <div key={field.name} className="space-y-1.5">
                <label htmlFor={field.name} className="block text-sm font-medium text-zinc-800 dark:text-zinc-200">
                  {field.label}
                </label>
                {field.choices ? (
                  <Select id={field.name} name={field.name} defaultValue={text} aria-invalid={errors[field.name] ? true : undefined} blank={field.choices.blank} options={choices[field.name] ?? []} />
                ) : (
                  <Select id={field.name} name={field.name} defaultValue={text || field.options?.[0]?.value} aria-invalid={errors[field.name] ? true : undefined} options={field.options ?? []} />
                )}
                {field.hint ? <p className="text-xs text-zinc-500">{field.hint}</p> : null}
                {errors[field.name] ? <p className="text-sm text-red-700 dark:text-red-400" role="alert">{errors[field.name]![0]}</p> : null}
              </div>
            );
          }
          return (
            <TextField
              key={field.name}
              name={field.name}
              label={field.label}
              type={field.kind === "date" ? "date" : field.kind === "url" ? "url" : "text"}
              defaultValue={text}
              required={field.required}
              maxLength={field.max}
              hint={field.hint}
              errors={errors[field.name]}
            />
          );
        })}
      </fieldset>
      <ActionStatus state={state} />
      {canEdit ? <SubmitButton pendingLabel="Saving…">{version === undefined ? `Create ${spec.singular}` : "Save changes"}</SubmitButton> : null}
    </form>
  );
}
