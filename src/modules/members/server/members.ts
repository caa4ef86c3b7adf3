import "server-only";

import { recordAudit } from "@/modules/audit/server/audit";
import type { Tx } from "@/server/db/client";
import { withTenant } from "@/server/db/tenant";
import { AppError } from "@/server/errors";
import type { OrgContext } from "@/server/gate";
import type { Role } from "@/modules/permissions/permissions";
import { changeRoleSchema, memberIdSchema, ROLE_RANK } from "../schema";

export async function listMembers({ ctx }: { ctx: OrgContext }) {
  const members = await withTenant({ orgId: ctx.org.id, userId: ctx.user.id }, (tx) =>
    tx.member.findMany({
      where: { orgId: ctx.org.id },
      orderBy: [{ createdAt: "asc" }],
      select: { id: true, role: true, createdAt: true, user: { select: { id: true, email: true, name: true, mfa: { select: { enabledAt: true } } } } },
    }),
  );
  return members.map((m) => ({
    id: m.id,
    role: m.role,
    joinedAt: m.createdAt,
    userId: m.user.id,
    email: m.user.email,
    name: m.user.name,
    mfaEnabled: Boolean(m.user.mfa?.enabledAt),
    isSelf: m.user.id === ctx.user.id,
  }));
}

async function lockOwners(tx: Tx, orgId: string) {
  // Row locks on the owners: two concurrent demotions cannot both see "another owner remains".
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Member" WHERE "orgId" = ${orgId}::uuid AND role = 'OWNER' FOR UPDATE`;
  return rows.length;
}

async function findMember(tx: Tx, orgId: string, memberId: string) {
  const member = await tx.member.findFirst({ where: { id: memberId, orgId }, select: { id: true, role: true, user: { select: { id: true, email: true } } } });
  if (!member) throw new AppError("not_found", "No such member.");
  return member;
}

const LAST_OWNER = (email: string) =>
  `${email} is the last owner. An organisation always keeps at least one owner: make someone else an owner first.`;

/** Changes a member's role. Owners are changed only by owners; the last owner stays an owner. */
export async function changeMemberRole({ ctx, input }: { ctx: OrgContext; input: unknown }) {
  const { memberId, role } = changeRoleSchema.parse(input);
  return withTenant({ orgId: ctx.org.id, userId: ctx.user.id }, async (tx) => {
    const owners = await lockOwners(tx, ctx.org.id);
    const member = await findMember(tx, ctx.org.id, memberId);
    if (member.role === role) return { changed: false };
    if ((member.role === "OWNER" || role === "OWNER") && ctx.role !== "OWNER") {
      throw new AppError("forbidden", "Only an owner can make someone an owner, or change an owner's role.");
    }
    if (ROLE_RANK[role] > ROLE_RANK[ctx.role]) throw new AppError("forbidden", "You cannot give a role above your own.");
    if (member.role === "OWNER" && owners <= 1) throw new AppError("conflict", LAST_OWNER(member.user.email));
    await tx.member.updateMany({ where: { id: member.id, orgId: ctx.org.id }, data: { role } });
    await recordAudit(tx, ctx, {
      action: "members.role.change",
      targetType: "member",
      targetId: member.user.id,
      before: { email: member.user.email, role: member.role },
      after: { email: member.user.email, role },
    });
    return { changed: true };
  });
}

/** Removes a member (or, with their own id, lets someone leave). Their next request is a 404. */
export async function removeMember({ ctx, input }: { ctx: OrgContext; input: unknown }) {
  const { memberId } = memberIdSchema.parse(input);
  return withTenant({ orgId: ctx.org.id, userId: ctx.user.id }, async (tx) => {
    const owners = await lockOwners(tx, ctx.org.id);
    const member = await findMember(tx, ctx.org.id, memberId);
    const leaving = member.user.id === ctx.user.id;
    if (!leaving && member.role === "OWNER" && ctx.role !== "OWNER") throw new AppError("forbidden", "Only an owner can remove an owner.");
    if (member.role === "OWNER" && owners <= 1) {
      throw new AppError("conflict", leaving ? "You are the last owner, so you cannot leave. Make someone else an owner first." : LAST_OWNER(member.user.email));
    }
    await tx.member.deleteMany({ where: { id: member.id, orgId: ctx.org.id } });
    await recordAudit(tx, ctx, {
      action: leaving ? "members.leave" : "members.remove",
      targetType: "member",
      targetId: member.user.id,
      before: { email: member.user.email, role: member.role },
      after: null,
    });
    return { left: leaving };
  });
}

/** Leaves the organisation (anyone may, except its last owner). */
export async function leaveOrganization({ ctx }: { ctx: OrgContext }) {
  const own = await withTenant({ orgId: ctx.org.id, userId: ctx.user.id }, (tx) =>
    tx.member.findFirst({ where: { orgId: ctx.org.id, userId: ctx.user.id }, select: { id: true } }),
  );
  if (!own) throw new AppError("not_found", "No such organisation.");
  return removeMember({ ctx, input: { memberId: own.id } });
}

export type MemberRole = Role;
