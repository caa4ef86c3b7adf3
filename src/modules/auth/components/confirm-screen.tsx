import { Link } from "@/components/ui/link";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";

type SignInLink = { email: string; token: string; next: string };

/** The emailed link's landing: a button that posts the token, or why the link no longer works. */
export function ConfirmScreen({ link }: { link: SignInLink | null }) {
  if (!link) {
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
        You are signing in as <strong className="text-zinc-900 dark:text-zinc-100">{link.email}</strong>.
      </p>
      <form method="post" action="/auth/confirm" className="mt-6">
        <input type="hidden" name="email" value={link.email} />
        <input type="hidden" name="token" value={link.token} />
        <input type="hidden" name="next" value={link.next} />
        <Button type="submit" className="w-full">
          Sign in
        </Button>
      </form>
      <p className="mt-4 text-xs text-zinc-500">Not you, or you did not ask to sign in? Close this page: nothing happens.</p>
    </Card>
  );
}
