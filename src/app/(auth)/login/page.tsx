import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { safeNextPath } from "@/modules/auth/schema";
import { currentUser } from "@/modules/auth/server/sessions";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const params = await searchParams;
  const next = safeNextPath(params.next);
  if (await currentUser()) redirect(next);
  return (
    <Card>
      <h1 className="text-2xl font-semibold">Sign in to Candor</h1>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
        No password: we email you a sign-in link and a 6-digit code. New here? The same form creates your account.
      </p>
      <div className="mt-4 space-y-3">
        {params.signed_out ? <Alert tone="success">You are signed out.</Alert> : null}
        {params.error === "invalid_email" ? (
          <Alert tone="error" title="That email address doesn't look right">
            Enter a single, plain address such as name@company.com.
          </Alert>
        ) : null}
      </div>
      <form method="post" action="/auth/sign-in" className="mt-6 space-y-4">
        <input type="hidden" name="next" value={next} />
        <TextField name="email" label="Work email" type="email" autoComplete="email" required maxLength={254} autoFocus placeholder="you@company.com" />
        <Button type="submit" className="w-full">
          Email me a sign-in link
        </Button>
      </form>
    </Card>
  );
}
