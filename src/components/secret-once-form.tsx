"use client";

import { useActionState, useRef, type ReactNode } from "react";
import { ActionStatus, useRestoreOnError } from "@/components/action-form";
import { CopyButton } from "@/components/ui/copy-button";
import { idle, type ActionState } from "@/server/action-state";

/**
 * A form whose success shows a secret once, as text with a copy button, never put back into a
 * form (a webhook's signing secret at creation and rotation, a new API key). After an error the
 * form keeps what was typed. `children` may read the state for its fields' errors.
 */
export function SecretOnceForm({
  action,
  children,
  className,
  testId,
  copyLabel,
  note,
}: {
  action: (previous: ActionState, form: FormData) => Promise<ActionState>;
  children: ReactNode | ((state: ActionState) => ReactNode);
  className?: string;
  testId: string;
  copyLabel: string;
  note: ReactNode;
}) {
  const [state, formAction] = useActionState(action, idle);
  const form = useRef<HTMLFormElement>(null);
  useRestoreOnError(state, form);
  const secret = state.status === "success" ? state.secrets?.[0] : undefined;
  if (secret) {
    return (
      <div className="space-y-3" data-testid={testId}>
        <p className="font-semibold">{state.message}</p>
        <div className="flex items-center gap-2">
          <code className="break-all rounded bg-zinc-100 px-2 py-1 text-sm dark:bg-zinc-800">{secret}</code>
          <CopyButton value={secret} label={copyLabel} />
        </div>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">{note}</p>
      </div>
    );
  }
  return (
    <form ref={form} action={formAction} className={className}>
      {typeof children === "function" ? children(state) : children}
      <ActionStatus state={state} />
    </form>
  );
}
