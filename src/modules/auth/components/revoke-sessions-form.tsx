"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { SubmitButton } from "@/components/ui/submit-button";
import { idle } from "@/server/action-state";
import { revokeOtherSessionsAction } from "../actions";

export function RevokeSessionsForm() {
  const [state, action] = useActionState(revokeOtherSessionsAction, idle);
  return (
    <form action={action} className="space-y-3">
      {state.message ? <Alert tone={state.status === "error" ? "error" : "success"}>{state.message}</Alert> : null}
      <SubmitButton variant="secondary" pendingLabel="Signing out…">
        Sign out all other sessions
      </SubmitButton>
    </form>
  );
}
