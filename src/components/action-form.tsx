"use client";

import { Link } from "@/components/ui/link";
import { usePathname } from "next/navigation";
import { useActionState, useEffect, useRef, type ReactNode, type RefObject } from "react";
import { Alert } from "@/components/ui/alert";
import { idle, type ActionState } from "@/server/action-state";

type Action = (previous: ActionState, form: FormData) => Promise<ActionState>;

/**
 * A form bound to a server action, showing what the action answered: success, an error, or,
 * for a sensitive act, the way to verify it is you and come back.
 */
export function ActionForm({ action, children, className, successTone = true, id }: { action: Action; children: ReactNode; className?: string; successTone?: boolean; id?: string }) {
  const [state, formAction] = useActionState(action, idle);
  const form = useRef<HTMLFormElement>(null);
  useRestoreOnError(state, form);
  return (
    <form ref={form} action={formAction} className={className} id={id}>
      {children}
      <ActionStatus state={state} successTone={successTone} />
    </form>
  );
}

/** React empties a form after its action; after an error, put back what the action returned. */
export function useRestoreOnError(state: ActionState, form: RefObject<HTMLFormElement | null>) {
  useEffect(() => {
    if (state.status !== "error" || !state.values || !form.current) return;
    for (const [name, value] of Object.entries(state.values)) {
      const field = form.current.elements.namedItem(name);
      if (field instanceof RadioNodeList) {
        for (const option of field) if (option instanceof HTMLInputElement) option.checked = option.value === value;
      } else if ((field instanceof HTMLInputElement && field.type !== "hidden") || field instanceof HTMLTextAreaElement || field instanceof HTMLSelectElement) {
        field.value = value;
      }
    }
  }, [state, form]);
}

export function ActionStatus({ state, successTone = true }: { state: ActionState; successTone?: boolean }) {
  const pathname = usePathname();
  if (state.status === "idle" || !state.message) return null;
  if (state.status === "success") return successTone ? <div className="mt-2"><Alert tone="success">{state.message}</Alert></div> : null;
  return (
    <div className="mt-2">
      <Alert tone="error">
        {state.message}
        {state.fieldErrors ? (
          <ul className="mt-1 list-disc pl-5">
            {Object.values(state.fieldErrors).flat().map((message) => (
              <li key={message}>{message}</li>
            ))}
          </ul>
        ) : null}
        {state.code === "reauth_required" ? (
          <>
            {" "}
            <Link href={`/dashboard/verify?${new URLSearchParams({ next: pathname })}`} className="font-semibold">
              Verify it is you
            </Link>
          </>
        ) : null}
        {state.code === "mfa_enrollment_required" ? (
          <>
            {" "}
            <Link href="/dashboard/account/security" className="font-semibold">
              Set up a second factor
            </Link>
          </>
        ) : null}
      </Alert>
    </div>
  );
}
