"use client";

import type { ReactNode } from "react";
import { SecretOnceForm } from "@/components/secret-once-form";
import type { ActionState } from "@/server/action-state";

/** A form whose success shows a webhook signing secret once (creation, rotation). */
export function SecretForm({ action, children, className }: { action: (previous: ActionState, form: FormData) => Promise<ActionState>; children: ReactNode; className?: string }) {
  return (
    <SecretOnceForm
      action={action}
      className={className}
      testId="webhook-secret"
      copyLabel="signing secret"
      note={
        <>
          Verify each request with a Standard Webhooks library (for example the <span className="font-mono">standardwebhooks</span> package) and this secret.
        </>
      }
    >
      {children}
    </SecretOnceForm>
  );
}
