import { ActionForm } from "@/components/action-form";
import { Card } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { confirmReverifyAction, secondFactorAction, sendReverifyCodeAction } from "@/modules/mfa/actions";

/** Before a sensitive act: a fresh check. A second factor if they have one, else an emailed code. */
export function VerifyScreen({ next, mfaEnabled, email }: { next: string; mfaEnabled: boolean; email: string }) {
  return (
    <div className="mx-auto max-w-md">
      <Card>
        <h1 className="text-2xl font-semibold">Verify it is you</h1>
        <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
          Role changes, removing members and other sensitive acts need a check from the last 15 minutes.
        </p>
        {mfaEnabled ? (
          <ActionForm action={secondFactorAction.bind(null, next)} className="mt-6 space-y-4">
            <TextField name="code" label="Code from your authenticator app" autoComplete="one-time-code" required maxLength={12} autoFocus />
            <SubmitButton pendingLabel="Checking…">Verify</SubmitButton>
          </ActionForm>
        ) : (
          <div className="mt-6 space-y-6">
            <ActionForm action={sendReverifyCodeAction}>
              <SubmitButton variant="secondary" pendingLabel="Sending…">{`Email a code to ${email}`}</SubmitButton>
            </ActionForm>
            <ActionForm action={confirmReverifyAction.bind(null, next)} className="space-y-4">
              <TextField name="code" label="6-digit code from the email" inputMode="numeric" autoComplete="one-time-code" required maxLength={7} />
              <SubmitButton pendingLabel="Checking…">Verify</SubmitButton>
            </ActionForm>
          </div>
        )}
      </Card>
    </div>
  );
}
