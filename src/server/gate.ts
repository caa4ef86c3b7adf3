import "server-only";

import { can, type Action, type Role } from "@/modules/access/permissions";
import { currentUser, type CurrentUser } from "@/modules/auth/server/sessions";
import { db } from "./db/client";
import { AppError } from "./errors";

export type OrgContext = {
  user: CurrentUser;
  org: { id: string; slug: string; name: string };
  role: Role;
};

/**
 * The one authorization gate: session → organisation (from the URL, never from a form field)
 * → membership → role → permission. Not a member, or no such organisation: 404, so existence
 * is not leaked. A member without the permission: 403.
 */
export async function gate(input: { slug: string; action: Action }): Promise<OrgContext> {
  return authorize({ user: await currentUser(), ...input });
}

/** The gate's decision for a known actor (the request's user, or a test's). */
export async function authorize(input: { user: CurrentUser | null; slug: string; action: Action }): Promise<OrgContext> {
  const { user } = input;
  if (!user) throw new AppError("unauthenticated", "Sign in to continue.");
  const member = await db.member.findFirst({
    where: { userId: user.id, org: { slug: input.slug } },
    select: { role: true, org: { select: { id: true, slug: true, name: true } } },
  });
  if (!member) throw new AppError("not_found", "No such organisation.");
  if (!can(member.role, input.action)) {
    throw new AppError("forbidden", "Your role in this organisation does not allow that. Ask an owner or admin.");
  }
  return { user, org: member.org, role: member.role };
}
