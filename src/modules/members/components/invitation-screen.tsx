import { Link } from "@/components/ui/link";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import type { viewInvitation } from "@/modules/members/server/invitations";

type Invitation = NonNullable<Awaited<ReturnType<typeof viewInvitation>>>;
/** Who is signed in on this browser, if anyone (the invitation may be for someone else). */
type Viewer = { email: string } | null;

const NO_LONGER = {
  expired: "This invitation expired. Ask whoever invited you to send a new one.",
  revoked: "This invitation was withdrawn.",
  accepted: "This invitation was already accepted. Sign in to continue.",
} as const;

/** Where an invitation link lands. Opening it changes nothing; the button accepts. */
export function InvitationScreen({ invitation, token, user }: { invitation: Invitation | null; token: string | null; user: Viewer }) {
  return (
    <div className="flex min-h-screen flex-col items-center px-4 py-16">
      <Link href="/" className="mb-8 text-sm font-bold tracking-widest text-zinc-900 no-underline dark:text-zinc-100">
        CANDOR
      </Link>
      <main className="w-full max-w-md">
        <Card>
          {!invitation || token === null ? (
            <>
              <h1 className="text-2xl font-semibold">This invitation link no longer works</h1>
              <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
                It may have been replaced by a newer one, withdrawn, or mistyped. Ask whoever invited you to send it again.
              </p>
            </>
          ) : invitation.state !== "valid" ? (
            <>
              <h1 className="text-2xl font-semibold">This invitation no longer works</h1>
              <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">{NO_LONGER[invitation.state]}</p>
              <p className="mt-6">
                <Link href="/login">Sign in</Link>
              </p>
            </>
          ) : (
            <InvitationDetails invitation={invitation} token={token} user={user} />
          )}
        </Card>
      </main>
    </div>
  );
}

function InvitationDetails({ invitation, token, user }: { invitation: Invitation; token: string; user: Viewer }) {
  return (
    <>
      <h1 className="text-2xl font-semibold">Join {invitation.orgName}</h1>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
        {invitation.inviterEmail ?? "Someone"} invited <strong className="text-zinc-900 dark:text-zinc-100">{invitation.email}</strong> to{" "}
        {invitation.orgName}&apos;s trust center as <strong className="text-zinc-900 dark:text-zinc-100">{invitation.role}</strong>.
      </p>
      {user && user.email !== invitation.email ? (
        <p className="mt-3 rounded-md bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-100">
          You are signed in as {user.email}. The invitation is for {invitation.email}: after accepting, sign in as that address.
        </p>
      ) : null}
      <form method="post" action="/invite/accept" className="mt-6">
        <input type="hidden" name="token" value={token} />
        <Button type="submit" className="w-full">
          Accept and join {invitation.orgName}
        </Button>
      </form>
      <p className="mt-4 text-xs text-zinc-500">
        {user?.email === invitation.email ? "You will go straight to the dashboard." : `We will then email ${invitation.email} a sign-in link and code.`}
      </p>
    </>
  );
}
