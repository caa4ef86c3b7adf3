"use client";

import { Link } from "@/components/ui/link";
import { useActionState, type ReactNode } from "react";
import { ActionStatus } from "@/components/action-form";
import { idle, type ActionState } from "@/server/action-state";

/** A form whose success shows secrets (recovery codes) once, and a way back to the page. */
export function SecretsForm({ action, children }: { action: (previous: ActionState, form: FormData) => Promise<ActionState>; children: ReactNode }) {
  const [state, formAction] = useActionState(action, idle);
  if (state.status === "success" && state.secrets) {
    return (
      <div className="space-y-4" data-testid="recovery-codes">
        <p className="font-semibold">{state.message}</p>
        <p className="text-sm">
          Save these recovery codes somewhere safe (a password manager). Each works once, if you lose your phone. They are shown only
          now.
        </p>
        <ul className="grid grid-cols-2 gap-2 font-mono text-sm">
          {state.secrets.map((code) => (
            <li key={code} className="rounded bg-zinc-100 px-2 py-1 dark:bg-zinc-800">
              {code}
            </li>
          ))}
        </ul>
        <Link href="/dashboard/account/security">I have saved them</Link>
      </div>
    );
  }
  return (
    <form action={formAction} className="space-y-3">
      {children}
      <ActionStatus state={state} />
    </form>
  );
}
