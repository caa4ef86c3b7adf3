import type { Metadata } from "next";
import { currentUser } from "@/modules/auth/server/sessions";
import { InvitationScreen } from "@/modules/members/components/invitation-screen";
import { invitationTokenSchema } from "@/modules/members/schema";
import { viewInvitation } from "@/modules/members/server/invitations";

export const metadata: Metadata = { title: "Invitation" };

/** Where an invitation link lands. Opening it changes nothing; the button accepts. */
export default async function InvitationPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const parsed = invitationTokenSchema.safeParse(await searchParams);
  const invitation = parsed.success ? await viewInvitation(parsed.data.token) : null;
  const user = invitation?.state === "valid" ? await currentUser() : null;
  return <InvitationScreen invitation={invitation} token={parsed.success ? parsed.data.token : null} user={user} />;
}
