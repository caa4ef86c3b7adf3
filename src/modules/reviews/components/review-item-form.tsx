"use client";

import { useActionState, useState, type ReactNode } from "react";
import { ActionStatus } from "@/components/action-form";
import { TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { FINDING_RESOLUTIONS, LABELS, REVIEW_RESULTS } from "@/modules/content/schema";
import type { ReviewFormState } from "../actions";

const controlClass =
  "block w-full rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm text-zinc-900 aria-[invalid=true]:border-red-600 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100";

type Action = (previous: ReviewFormState, form: FormData) => Promise<ReviewFormState>;

export type ReviewItemValues = {
  result: string | null;
  evidence: string;
  finding: string;
  resolution: string;
  remediationUrl: string | null;
  rationale: string;
};

const SHOWN = new Set(["result", "evidence", "finding", "resolution", "remediationUrl", "rationale"]);

/** A labelled control with its own id (a review page holds one of these forms per row). */
function Field({ id, label, hint, errors, children }: { id: string; label: ReactNode; hint?: string; errors?: string[]; children: ReactNode }) {
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-xs font-medium text-zinc-700 dark:text-zinc-300">
        {label}
      </label>
      {children}
      {hint ? <p className="text-xs text-zinc-500">{hint}</p> : null}
      {errors?.length ? (
        <ul id={`${id}-error`} className="text-sm text-red-700 dark:text-red-400" role="alert">
          {errors.map((error) => (
            <li key={error}>{error}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

const required = <span className="font-normal text-zinc-500"> (required)</span>;

/**
 * One checklist row's answer. The schema's rules (a remediated finding links to its fix, an
 * accepted one has a rationale) come back from the server as errors under the fields; the form
 * marks the field the chosen resolution needs before that.
 */
export function ReviewItemForm({ action, itemId, values, canEdit }: { action: Action; itemId: string; values: ReviewItemValues; canEdit: boolean }) {
  const [state, formAction] = useActionState(action, { status: "idle" } satisfies ReviewFormState);
  const shown = {
    result: values.result ?? "",
    evidence: values.evidence,
    finding: values.finding,
    resolution: values.resolution,
    remediationUrl: values.remediationUrl ?? "",
    rationale: values.rationale,
    ...state.values,
  };
  const [resolution, setResolution] = useState(shown.resolution);
  const errors = state.fieldErrors ?? {};
  const other = Object.fromEntries(Object.entries(errors).filter(([key]) => !SHOWN.has(key)));
  const id = (field: string) => `item-${itemId}-${field}`;
  const invalid = (field: string) => (errors[field]?.length ? { "aria-invalid": true, "aria-describedby": `${id(field)}-error` } : {});

  return (
    <form action={formAction} className="space-y-3" noValidate>
      {/* React resets a form after its action, to each field's default; a select keeps the default
          it was mounted with, so the fields remount whenever the values to show change. */}
      <fieldset key={JSON.stringify(shown)} disabled={!canEdit} className="space-y-3">
        <div className="grid gap-3 sm:grid-cols-2">
          <Field id={id("result")} label="Result" errors={errors.result}>
            <select id={id("result")} name="result" defaultValue={shown.result} className={controlClass} {...invalid("result")}>
              <option value="">Unanswered</option>
              {REVIEW_RESULTS.map((result) => (
                <option key={result} value={result}>
                  {LABELS.reviewResult[result]}
                </option>
              ))}
            </select>
          </Field>
          <Field id={id("resolution")} label="Resolution" errors={errors.resolution}>
            <select id={id("resolution")} name="resolution" defaultValue={shown.resolution} onChange={(event) => setResolution(event.target.value)} className={controlClass} {...invalid("resolution")}>
              {FINDING_RESOLUTIONS.map((value) => (
                <option key={value} value={value}>
                  {LABELS.findingResolution[value]}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <Field id={id("evidence")} label="Evidence" hint="Markdown: file paths, test files, links." errors={errors.evidence}>
          <textarea id={id("evidence")} name="evidence" rows={3} defaultValue={shown.evidence} className={`${controlClass} font-mono`} {...invalid("evidence")} />
        </Field>
        <Field id={id("finding")} label="Finding" hint="Markdown. What falls short, if anything." errors={errors.finding}>
          <textarea id={id("finding")} name="finding" rows={2} defaultValue={shown.finding} className={`${controlClass} font-mono`} {...invalid("finding")} />
        </Field>
        <div className="grid gap-3 sm:grid-cols-2">
          <Field id={id("remediationUrl")} label={<>Remediation link{resolution === "REMEDIATED" ? required : null}</>} hint="The commit, pull request or ticket that fixed it (http or https)." errors={errors.remediationUrl}>
            <input
              id={id("remediationUrl")}
              name="remediationUrl"
              type="url"
              maxLength={2000}
              defaultValue={shown.remediationUrl}
              placeholder="https://…"
              aria-required={resolution === "REMEDIATED"}
              className={controlClass}
              {...invalid("remediationUrl")}
            />
          </Field>
          <Field id={id("rationale")} label={<>Rationale{resolution === "ACCEPTED" ? required : null}</>} hint="Markdown. Why the residual risk is acceptable." errors={errors.rationale}>
            <textarea id={id("rationale")} name="rationale" rows={2} defaultValue={shown.rationale} aria-required={resolution === "ACCEPTED"} className={`${controlClass} font-mono`} {...invalid("rationale")} />
          </Field>
        </div>
      </fieldset>
      <ActionStatus state={{ ...state, fieldErrors: Object.keys(other).length ? other : undefined }} />
      {canEdit ? (
        <SubmitButton variant="secondary" pendingLabel="Saving…">
          Save row
        </SubmitButton>
      ) : null}
    </form>
  );
}

/** A row of one's own: area (an existing one or a new one), reference and question. */
export function AddReviewItemForm({ action, areas }: { action: Action; areas: string[] }) {
  const [state, formAction] = useActionState(action, { status: "idle" } satisfies ReviewFormState);
  const errors = state.fieldErrors ?? {};
  const shown = state.values ?? {};
  return (
    <form action={formAction} className="space-y-3" noValidate>
      <div key={JSON.stringify(shown)} className="space-y-3">
        <div className="grid gap-3 sm:grid-cols-[1fr_10rem]">
          <TextField name="area" label="Area" required maxLength={120} list="review-areas" defaultValue={shown.area} hint="Choose one, or type a new area." errors={errors.area} />
          <TextField name="ref" label="Reference" maxLength={40} defaultValue={shown.ref} placeholder="e.g. X-01" errors={errors.ref} />
        </div>
        <datalist id="review-areas">
          {areas.map((area) => (
            <option key={area} value={area} />
          ))}
        </datalist>
        <TextField name="question" label="Question" required maxLength={1000} defaultValue={shown.question} errors={errors.question} />
      </div>
      <ActionStatus state={{ ...state, fieldErrors: undefined }} />
      <SubmitButton variant="secondary" pendingLabel="Adding…">
        Add row
      </SubmitButton>
    </form>
  );
}
