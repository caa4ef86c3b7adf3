import { Link } from "@/components/ui/link";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { AUTH_POLICY } from "@/modules/auth/policy";

/** What the sign-in redirect says in its URL: who just joined, why a code was refused. */
type Flash = { joined?: string; error?: string; left?: string };

/** After asking to sign in: enter the emailed code, or send a new one. */
export function CheckEmailScreen({ email, next, flash }: { email: string | null; next: string; flash: Flash }) {
  const minutes = AUTH_POLICY.signInTtlSeconds / 60;
  if (email === null) {
    return (
      <Card>
        <h1 className="text-2xl font-semibold">Start again</h1>
        <p className="mt-2 text-sm">
          This page needs the address you signed in with. <Link href="/login">Go to sign-in</Link>.
        </p>
      </Card>
    );
  }
  return (
    <Card>
      <h1 className="text-2xl font-semibold">Check your email</h1>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
        If <strong className="text-zinc-900 dark:text-zinc-100">{email}</strong> can sign in, we sent it a link and a
        6-digit code. Both work once and expire in {minutes} minutes.
      </p>
      <div className="mt-4 space-y-3">
        {flash.joined ? <Alert tone="success">You joined {flash.joined}. Sign in to continue.</Alert> : null}
        {flash.error === "wrong_code" ? (
          <Alert tone="error" title="That code is not right">
            {flash.left ? `${flash.left} ${flash.left === "1" ? "attempt" : "attempts"} left.` : null}
          </Alert>
        ) : null}
        {flash.error === "invalid_code" ? <Alert tone="error">Enter the 6 digits from the email.</Alert> : null}
        {flash.error === "code_used_up" ? (
          <Alert tone="error" title="This code no longer works">
            It expired, was already used, or was entered wrongly {AUTH_POLICY.codeMaxAttempts} times. Request a new sign-in email.
          </Alert>
        ) : null}
      </div>
      <form method="post" action="/auth/code" className="mt-6 space-y-4">
        <input type="hidden" name="email" value={email} />
        <input type="hidden" name="next" value={next} />
        <TextField
          name="code"
          label="6-digit code"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9 ]{6,7}"
          maxLength={7}
          required
          autoFocus
          className="block w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-center font-mono text-2xl tracking-[0.4em] dark:border-zinc-700 dark:bg-zinc-900"
        />
        <Button type="submit" className="w-full">
          Sign in with code
        </Button>
      </form>
      <form method="post" action="/auth/sign-in" className="mt-6 border-t border-zinc-200 pt-4 text-sm dark:border-zinc-800">
        <input type="hidden" name="email" value={email} />
        <input type="hidden" name="next" value={next} />
        Nothing arrived? Check spam, or{" "}
        <button type="submit" className="text-blue-700 underline dark:text-blue-400">
          send a new link and code
        </button>
        . <Link href="/login">Use another address</Link>.
      </form>
    </Card>
  );
}
