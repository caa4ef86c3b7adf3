"use client";

import { SecretOnceForm } from "@/components/secret-once-form";
import { SubmitButton } from "@/components/ui/submit-button";
import { TextField } from "@/components/ui/field";
import { API_SCOPES, API_SCOPE_NAMES } from "@/modules/permissions/api-scopes";
import { API_KEY_EXPIRY_DAYS } from "@/modules/apikeys/schema";
import type { ActionState } from "@/server/action-state";

/** The "new API key" form; on success it shows the key once, as text (never put back into a form). */
export function NewApiKeyForm({ action }: { action: (previous: ActionState, form: FormData) => Promise<ActionState> }) {
  return (
    <SecretOnceForm action={action} className="space-y-4" testId="new-api-key" copyLabel="Copy the key" note="Store it in your secret manager. Candor keeps only a keyed hash of it and cannot show it again.">
      {(state) => (
        <>
          <TextField name="name" label="Name" required maxLength={80} placeholder="GRC sync" errors={state.fieldErrors?.name} />
          <fieldset className="space-y-1 text-sm">
            <legend className="font-medium">Scopes</legend>
            {API_SCOPE_NAMES.map((scope) => (
              <label key={scope} className="flex items-start gap-2">
                <input type="checkbox" name="scopes" value={scope} />
                <span>
                  <span className="font-mono">{scope}</span>: {API_SCOPES[scope].label}
                </span>
              </label>
            ))}
            {state.fieldErrors?.scopes ? <p className="text-red-700">{state.fieldErrors.scopes.join(" ")}</p> : null}
          </fieldset>
          <TextField name="expiresInDays" label="Expires after (days)" type="number" min={API_KEY_EXPIRY_DAYS.min} max={API_KEY_EXPIRY_DAYS.max} hint="Leave empty for a key that does not expire." errors={state.fieldErrors?.expiresInDays} />
          <SubmitButton>Create API key</SubmitButton>
        </>
      )}
    </SecretOnceForm>
  );
}
