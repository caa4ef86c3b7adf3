"use client";

import { useActionState, type ReactNode } from "react";
import { ActionStatus } from "@/components/action-form";
import { CopyButton } from "@/components/ui/copy-button";
import { idle, type ActionState } from "@/server/action-state";

/** A form whose success shows a webhook signing secret once (creation, rotation). */
export function SecretForm({ action, children, className }: { action: (previous: ActionState, form: FormData) => Promise<ActionState>; children: ReactNode; className?: string }) {
  const [state, formAction] = useActionState(action, idle);
  const secret = state.status === "success" ? state.secrets?.[0] : undefined;
  if (secret) {
    return (
      <div className="space-y-3" data-testid="webhook-secret">
        <p className="font-semibold">{state.message}</p>
        <div className="flex items-center gap-2">
          <code className="break-all rounded bg-zinc-100 px-2 py-1 text-sm dark:bg-zinc-800">{secret}</code>
          <CopyButton value={secret} label="signing secret" />
        </div>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Verify each request with a Standard Webhooks library (for example the <span className="font-mono">standardwebhooks</span> package) and this secret.
        </p>
      </div>
    );
  }
  return (
    <form action={formAction} className={className}>
      {children}
      <ActionStatus state={state} />
    </form>
  );
}
