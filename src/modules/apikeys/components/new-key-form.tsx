"use client";

import { useActionState } from "react";
import { ActionStatus } from "@/components/action-form";
import { CopyButton } from "@/components/ui/copy-button";
import { SubmitButton } from "@/components/ui/submit-button";
import { TextField } from "@/components/ui/field";
import { API_SCOPES, API_SCOPE_NAMES } from "@/modules/permissions/api-scopes";
import { API_KEY_EXPIRY_DAYS } from "@/modules/apikeys/schema";
import { idle, type ActionState } from "@/server/action-state";

/** The "new API key" form; on success it shows the key once, as text (never put back into a form). */
export function NewApiKeyForm({ action }: { action: (previous: ActionState, form: FormData) => Promise<ActionState> }) {
  const [state, formAction] = useActionState(action, idle);
  const key = state.status === "success" ? state.secrets?.[0] : undefined;
  if (key) {
    return (
      <div className="space-y-3" data-testid="new-api-key">
        <p className="font-semibold">{state.message}</p>
        <p className="break-all rounded bg-zinc-100 px-2 py-1 font-mono text-sm dark:bg-zinc-800">{key}</p>
        <CopyButton value={key} label="Copy the key" />
        <p className="text-sm">Store it in your secret manager. Candor keeps only a keyed hash of it and cannot show it again.</p>
      </div>
    );
  }
  return (
    <form action={formAction} className="space-y-4">
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
      <ActionStatus state={state} />
    </form>
  );
}
