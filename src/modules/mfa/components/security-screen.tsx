import { ActionForm } from "@/components/action-form";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { beginEnrollmentAction, confirmEnrollmentAction, disableMfaAction, regenerateCodesAction } from "@/modules/mfa/actions";
import { SecretsForm } from "@/modules/mfa/components/recovery-codes-form";
import type { mfaStatus, pendingEnrollment } from "@/modules/mfa/server/mfa";

type Status = Awaited<ReturnType<typeof mfaStatus>>;
type Pending = Awaited<ReturnType<typeof pendingEnrollment>>;

/** The second factor: on (new recovery codes, turn off), being set up (QR code), or off. */
export function SecurityScreen({ required, status, pending }: { required: string | undefined; status: Status; pending: Pending | null }) {
  return (
    <div className="max-w-2xl space-y-6">
      <h1 className="text-2xl font-semibold">Security</h1>
      {required && !status.enabled ? (
        <Alert tone="warning" title="A second factor is required">
          The organisation <strong>{required}</strong> requires its members to use an authenticator app. Set one up to continue.
        </Alert>
      ) : null}
      <Card>
        <h2 className="text-lg font-semibold">Authenticator app (second factor)</h2>
        {status.enabled ? (
          <div className="mt-2 space-y-6">
            <p className="text-sm">
              <span className="rounded bg-green-100 px-1.5 py-0.5 text-green-800 dark:bg-green-900 dark:text-green-100">On</span> After the
              emailed link or code, Candor asks for a code from your app. {status.recoveryCodesLeft} recovery codes left.
            </p>
            <div>
              <h3 className="font-medium">New recovery codes</h3>
              <SecretsForm action={regenerateCodesAction}>
                <TextField name="code" label="Current code from your app" inputMode="numeric" autoComplete="one-time-code" required maxLength={7} />
                <SubmitButton variant="secondary">Replace my recovery codes</SubmitButton>
              </SecretsForm>
            </div>
            <div>
              <h3 className="font-medium">Turn off</h3>
              <ActionForm action={disableMfaAction} className="space-y-3">
                <TextField name="code" label="Current code from your app, or a recovery code" autoComplete="one-time-code" required maxLength={12} />
                <SubmitButton variant="danger">Turn off the second factor</SubmitButton>
              </ActionForm>
            </div>
          </div>
        ) : pending ? (
          <div className="mt-4 space-y-4">
            <p className="text-sm">1. Scan this QR code with an authenticator app (1Password, Google Authenticator, Authy…).</p>
            {/* eslint-disable-next-line @next/next/no-img-element -- a data: URL rendered on the server */}
            <img src={pending.qrDataUrl} alt="QR code for your authenticator app" width={220} height={220} className="rounded border border-zinc-200 bg-white p-2" />
            <p className="text-sm">
              Or type this key: <code className="font-mono" data-testid="totp-secret">{pending.secret}</code>
            </p>
            <p className="text-sm">2. Enter the 6-digit code the app shows.</p>
            <SecretsForm action={confirmEnrollmentAction}>
              <TextField name="code" label="Code from your app" inputMode="numeric" autoComplete="one-time-code" required maxLength={7} />
              <SubmitButton>Turn on</SubmitButton>
            </SecretsForm>
          </div>
        ) : (
          <div className="mt-2 space-y-4">
            <p className="text-sm text-zinc-600 dark:text-zinc-400">
              Off. Signing in proves you control your mailbox; an authenticator app adds something only your phone has. Owners and admins
              should turn it on.
            </p>
            <ActionForm action={beginEnrollmentAction}>
              <SubmitButton>Set up an authenticator app</SubmitButton>
            </ActionForm>
          </div>
        )}
      </Card>
    </div>
  );
}
