import type { Metadata } from "next";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { confirmLinkSchema } from "@/modules/auth/schema";
import { signInLinkState } from "@/modules/auth/server/sign-in";

export const metadata: Metadata = { title: "Confirm sign-in" };

/**
 * Where the emailed link lands. Opening it changes nothing (mail scanners open links); the
 * button posts the token, and only that signs in.
 */
export default async function ConfirmPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const parsed = confirmLinkSchema.safeParse(await searchParams);
  const state = parsed.success ? await signInLinkState(parsed.data) : "invalid";
  if (!parsed.success || state === "invalid") {
    return (
      <Card>
        <h1 className="text-2xl font-semibold">This sign-in link no longer works</h1>
        <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
          Links work once and expire after 10 minutes, and a newer email replaces older ones. If you already signed in with
          it, you are done; otherwise request a new one.
        </p>
        <p className="mt-6">
          <Link href="/login">Request a new sign-in email</Link>
        </p>
      </Card>
    );
  }
  return (
    <Card>
      <h1 className="text-2xl font-semibold">Sign in to Candor</h1>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
        You are signing in as <strong className="text-zinc-900 dark:text-zinc-100">{parsed.data.email}</strong>.
      </p>
      <form method="post" action="/auth/confirm" className="mt-6">
        <input type="hidden" name="email" value={parsed.data.email} />
        <input type="hidden" name="token" value={parsed.data.token} />
        <input type="hidden" name="next" value={parsed.data.next} />
        <Button type="submit" className="w-full">
          Sign in
        </Button>
      </form>
      <p className="mt-4 text-xs text-zinc-500">Not you, or you did not ask to sign in? Close this page: nothing happens.</p>
    </Card>
  );
}
