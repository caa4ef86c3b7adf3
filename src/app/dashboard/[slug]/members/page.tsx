import type { Metadata } from "next";
import { can } from "@/modules/permissions/permissions";
import { MembersScreen } from "@/modules/members/components/members-screen";
import { listPendingInvitations } from "@/modules/members/server/invitations";
import { listMembers } from "@/modules/members/server/members";
import { gatePage } from "@/server/gate-page";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const ctx = await gatePage({ slug, action: "members.read" });
  const [members, invitations] = await Promise.all([listMembers({ ctx }), can(ctx.role, "members.invite") ? listPendingInvitations({ ctx }) : []]);
  return <MembersScreen slug={slug} role={ctx.role} members={members} invitations={invitations} />;
}
