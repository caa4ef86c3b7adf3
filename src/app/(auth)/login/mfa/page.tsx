import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ActionForm } from "@/components/action-form";
import { Card } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { safeNextPath } from "@/modules/auth/schema";
import { currentSession } from "@/modules/auth/server/sessions";
import { secondFactorAction } from "@/modules/mfa/actions";

export const metadata: Metadata = { title: "Second factor" };

export default async function SecondFactorPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const next = safeNextPath((await searchParams).next);
  const session = await currentSession();
  if (!session) redirect(`/login?${new URLSearchParams({ next })}`);
  if (session.complete) redirect(next);
  return (
    <Card>
      <h1 className="text-2xl font-semibold">One more step</h1>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
        Enter the 6-digit code from your authenticator app for {session.user.email}, or one of your recovery codes.
      </p>
      <ActionForm action={secondFactorAction.bind(null, next)} className="mt-6 space-y-4">
        <TextField name="code" label="Code" autoComplete="one-time-code" required maxLength={12} autoFocus />
        <SubmitButton pendingLabel="Checking…">Continue</SubmitButton>
      </ActionForm>
      <form method="post" action="/auth/sign-out" className="mt-6 text-sm">
        <button type="submit" className="text-blue-700 underline dark:text-blue-400">
          Sign out
        </button>
      </form>
    </Card>
  );
}
