"use client";

import { useActionState } from "react";
import { ActionStatus } from "@/components/action-form";
import { MarkdownField } from "@/components/markdown/markdown-field";
import { TextField } from "@/components/ui/field";
import { optionsOf, Select } from "@/components/ui/select";
import { Alert } from "@/components/ui/alert";
import { SubmitButton } from "@/components/ui/submit-button";
import { CONTROL_ICONS, CONTROL_STATUSES, LABELS, VISIBILITIES } from "@/modules/content/schema";
import type { ControlSaveState } from "../actions";
import { useLatestVersion } from "./use-latest-version";

export type ControlFormValues = {
  ref: string;
  area: string;
  title: string;
  description: string;
  status: string;
  visibility: string;
  ownerEmail: string;
  reviewCadenceDays: number;
  lastReviewedAt: string;
  icon: string;
};

/** The icon choices (issue 15): none, or one of the built-in set shown on the public card. */
const ICON_LABELS: Record<string, string> = { "": "No icon", ...Object.fromEntries(CONTROL_ICONS.map((name) => [name, name[0]!.toUpperCase() + name.slice(1)])) };

export function ControlForm({
  action,
  values,
  version,
  areas,
  members,
  canEdit,
}: {
  action: (previous: ControlSaveState, form: FormData) => Promise<ControlSaveState>;
  values: Partial<ControlFormValues>;
  version?: number;
  areas: string[];
  members: string[];
  canEdit: boolean;
}) {
  const [state, formAction] = useActionState(action, { status: "idle", version } satisfies ControlSaveState);
  const latest = useLatestVersion(version, state);
  const errors = state.fieldErrors ?? {};
  const select = (name: string, label: string, options: readonly string[], labels: Record<string, string>, value?: string, hint?: string) => (
    <div className="space-y-1.5">
      <label htmlFor={name} className="block text-sm font-medium">
        {label}
      </label>
      <Select id={name} name={name} defaultValue={value} options={optionsOf(options, labels)} />
      {hint ? <p className="text-xs text-zinc-500">{hint}</p> : null}
      {errors[name] ? <p className="text-sm text-red-700 dark:text-red-400" role="alert">{errors[name]![0]}</p> : null}
    </div>
  );
  return (
    <form key={latest.formKey} action={formAction} onChange={latest.onEdit} className="space-y-5" noValidate>
      {latest.held !== undefined ? <input type="hidden" name="version" value={latest.held} /> : null}
      {latest.stale ? (
        <Alert tone="warning">This control changed after you started editing (it was saved elsewhere, or marked reviewed). Saving will be refused: copy your changes, then reload the page.</Alert>
      ) : null}
      <fieldset disabled={!canEdit} className="space-y-5">
        <div className="grid gap-4 sm:grid-cols-[10rem_1fr]">
          <TextField name="ref" label="Reference" defaultValue={values.ref} required maxLength={32} placeholder="AC-01" errors={errors.ref} />
          <TextField name="title" label="Title" defaultValue={values.title} required maxLength={200} errors={errors.title} />
        </div>
        <TextField name="area" label="Area" defaultValue={values.area} required maxLength={80} list="control-areas" hint="Choose one, or type a new area." errors={errors.area} />
        <datalist id="control-areas">
          {areas.map((area) => (
            <option key={area} value={area} />
          ))}
        </datalist>
        <MarkdownField name="description" label="Description" defaultValue={values.description} errors={errors.description} />
        <div className="grid gap-4 sm:grid-cols-2">
          {select("status", "Status", CONTROL_STATUSES, LABELS.controlStatus, values.status ?? "IMPLEMENTED")}
          {select("visibility", "Visibility", VISIBILITIES, LABELS.visibility, values.visibility ?? "PUBLIC", "Public: on the trust page. NDA: after an approved request. Private: dashboard only.")}
        </div>
        {select("icon", "Icon", ["", ...CONTROL_ICONS], ICON_LABELS, values.icon ?? "", "Shown on the control's card on the public page.")}
        <div className="grid gap-4 sm:grid-cols-3">
          {select("ownerEmail", "Owner", ["", ...members], { "": "Nobody yet" }, values.ownerEmail ?? "")}
          <TextField name="reviewCadenceDays" label="Review every (days)" type="number" min={1} max={3650} defaultValue={String(values.reviewCadenceDays ?? 365)} errors={errors.reviewCadenceDays} />
          <TextField name="lastReviewedAt" label="Last reviewed" type="date" defaultValue={values.lastReviewedAt} errors={errors.lastReviewedAt} />
        </div>
      </fieldset>
      <ActionStatus state={state} />
      {canEdit ? <SubmitButton pendingLabel="Saving…">{version === undefined ? "Create control" : "Save changes"}</SubmitButton> : null}
    </form>
  );
}
