"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { runAction, type ActionState } from "@/server/actions";
import { gate } from "@/server/gate";
import { changeMemberRole, leaveOrganization, removeMember } from "./server/members";
import { inviteMember, resendInvitation, revokeInvitation } from "./server/invitations";

const membersPath = (slug: string) => `/dashboard/${slug}/members`;

export async function inviteAction(slug: string, _previous: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const ctx = await gate({ slug, action: "members.invite" });
    const email = String(form.get("email") ?? "");
    await inviteMember({ ctx, input: { email, role: form.get("role") } });
    revalidatePath(membersPath(slug));
    return { status: "success", message: `Invitation sent to ${email.trim().toLowerCase()}.` };
  });
}

export async function resendInvitationAction(slug: string, _previous: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const ctx = await gate({ slug, action: "members.invite" });
    await resendInvitation({ ctx, input: { invitationId: form.get("invitationId") } });
    revalidatePath(membersPath(slug));
    return { status: "success", message: "Sent again, with a new link. The previous link no longer works." };
  });
}

export async function revokeInvitationAction(slug: string, _previous: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const ctx = await gate({ slug, action: "members.invite" });
    await revokeInvitation({ ctx, input: { invitationId: form.get("invitationId") } });
    revalidatePath(membersPath(slug));
    return { status: "success", message: "Invitation revoked." };
  });
}

export async function changeRoleAction(slug: string, _previous: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const ctx = await gate({ slug, action: "members.role.change", recent: true });
    const { changed } = await changeMemberRole({ ctx, input: { memberId: form.get("memberId"), role: form.get("role") } });
    revalidatePath(membersPath(slug));
    return { status: "success", message: changed ? "Role changed." : "That is already their role." };
  });
}

export async function removeMemberAction(slug: string, _previous: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const ctx = await gate({ slug, action: "members.remove", recent: true });
    await removeMember({ ctx, input: { memberId: form.get("memberId") } });
    revalidatePath(membersPath(slug));
    return { status: "success", message: "Removed. Their access ended with this change." };
  });
}

export async function leaveAction(slug: string, _previous: ActionState): Promise<ActionState> {
  const state = await runAction(async () => {
    const ctx = await gate({ slug, action: "org.read" });
    await leaveOrganization({ ctx });
    return { status: "success" };
  });
  if (state.status === "success") redirect("/dashboard");
  return state;
}
