import { describe, expect, it } from "vitest";
import { changeMemberRole, leaveOrganization, listMembers, removeMember } from "@/modules/members/server/members";
import { acceptInvitation, inviteMember, listPendingInvitations, resendInvitation, revokeInvitation, viewInvitation } from "@/modules/members/server/invitations";
import { authorize } from "@/server/gate";
import { db } from "@/server/db/client";
import { withTenant } from "@/server/db/tenant";
import { env } from "@/server/env";
import { open } from "@/server/crypto";
import { OUTBOX_SEAL_PURPOSE } from "@/modules/email/templates";
import { actorFor, addMember, contextFor, createOrg, TEST_REQUEST } from "../support/factories";

async function lastInvitationToken(to: string) {
  const row = await db.outboxMessage.findFirstOrThrow({ where: { recipient: to, template: "invitation" }, orderBy: { createdAt: "desc" } });
  const { props } = JSON.parse(open(row.payload!, env().AUTH_SECRET, OUTBOX_SEAL_PURPOSE)) as { props: { url: string } };
  return new URL(props.url).searchParams.get("token")!;
}

const memberIdOf = async (orgId: string, userId: string) =>
  (await withTenant({ orgId }, (tx) => tx.member.findFirstOrThrow({ where: { orgId, userId }, select: { id: true } }))).id;

describe("invitations", () => {
  it("an admin invites by email; the token is emailed once and stored only as a hash", async () => {
    const { org } = await createOrg();
    const admin = await addMember(org.id, "ADMIN");
    await inviteMember({ ctx: contextFor(admin, org, "ADMIN"), input: { email: "New.Person@Example.com", role: "EDITOR" } });
    const token = await lastInvitationToken("new.person@example.com");
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    const stored = await withTenant({ orgId: org.id }, (tx) => tx.invitation.findFirstOrThrow({ where: { orgId: org.id } }));
    expect(stored.tokenHash).not.toBe(token);
    expect(stored).toMatchObject({ email: "new.person@example.com", role: "EDITOR", invitedById: admin.id });
    expect(stored.expiresAt.getTime() - Date.now()).toBeGreaterThan(6.9 * 24 * 3600 * 1000);
    expect(await viewInvitation(token)).toMatchObject({ state: "valid", orgName: org.name, role: "Editor", inviterEmail: admin.email });
  });

  it("refuses an existing member, a second pending invitation, and a role above the inviter's", async () => {
    const { org, owner, ctx } = await createOrg();
    const admin = await addMember(org.id, "ADMIN");
    await expect(inviteMember({ ctx, input: { email: owner.email, role: "VIEWER" } })).rejects.toMatchObject({ code: "conflict", message: expect.stringContaining("already a member") });
    await inviteMember({ ctx, input: { email: "twice@example.com", role: "VIEWER" } });
    await expect(inviteMember({ ctx, input: { email: "twice@example.com", role: "VIEWER" } })).rejects.toMatchObject({ code: "conflict", message: expect.stringContaining("pending invitation") });
    await expect(inviteMember({ ctx: contextFor(admin, org, "ADMIN"), input: { email: "boss@example.com", role: "OWNER" } })).rejects.toMatchObject({ code: "forbidden" });
  });

  it("accepting creates the account and the membership once; the link then stops working", async () => {
    const { org, ctx } = await createOrg();
    await inviteMember({ ctx, input: { email: "joiner@example.com", role: "VIEWER" } });
    const token = await lastInvitationToken("joiner@example.com");
    const joined = await acceptInvitation({ token, request: TEST_REQUEST });
    expect(joined).toMatchObject({ email: "joiner@example.com", org: { slug: org.slug } });
    const user = await db.user.findUniqueOrThrow({ where: { email: "joiner@example.com" } });
    await expect(authorize({ actor: actorFor(user), slug: org.slug, action: "org.read" })).resolves.toMatchObject({ role: "VIEWER" });
    await expect(acceptInvitation({ token, request: TEST_REQUEST })).rejects.toMatchObject({ code: "gone" });
    expect(await viewInvitation(token)).toMatchObject({ state: "accepted" });
    const audit = await withTenant({ orgId: org.id }, (tx) => tx.auditEvent.findMany({ where: { orgId: org.id, action: "members.join" } }));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorEmail: "joiner@example.com" });
  });

  it("an expired, revoked or replaced invitation cannot be accepted", async () => {
    const { org, ctx } = await createOrg();
    await inviteMember({ ctx, input: { email: "late@example.com", role: "VIEWER" } });
    const expired = await lastInvitationToken("late@example.com");
    await withTenant({ orgId: org.id }, (tx) => tx.invitation.updateMany({ where: { email: "late@example.com" }, data: { expiresAt: new Date(Date.now() - 1000) } }));
    await expect(acceptInvitation({ token: expired, request: TEST_REQUEST })).rejects.toMatchObject({ code: "gone" });
    expect(await viewInvitation(expired)).toMatchObject({ state: "expired" });

    await inviteMember({ ctx, input: { email: "resent@example.com", role: "VIEWER" } });
    const first = await lastInvitationToken("resent@example.com");
    const [pending] = (await listPendingInvitations({ ctx })).filter((i) => i.email === "resent@example.com");
    await resendInvitation({ ctx, input: { invitationId: pending!.id } });
    const second = await lastInvitationToken("resent@example.com");
    expect(second).not.toBe(first);
    await expect(acceptInvitation({ token: first, request: TEST_REQUEST })).rejects.toMatchObject({ code: "gone" });

    await revokeInvitation({ ctx, input: { invitationId: pending!.id } });
    await expect(acceptInvitation({ token: second, request: TEST_REQUEST })).rejects.toMatchObject({ code: "gone" });
    expect(await db.user.findUnique({ where: { email: "resent@example.com" } })).toBeNull();
  });

  it("another organisation's admin cannot resend or revoke this organisation's invitations", async () => {
    const { ctx } = await createOrg();
    const other = await createOrg();
    await inviteMember({ ctx, input: { email: "target@example.com", role: "VIEWER" } });
    const [pending] = await listPendingInvitations({ ctx });
    await expect(revokeInvitation({ ctx: other.ctx, input: { invitationId: pending!.id } })).rejects.toMatchObject({ code: "not_found" });
    await expect(resendInvitation({ ctx: other.ctx, input: { invitationId: pending!.id } })).rejects.toMatchObject({ code: "not_found" });
    expect(await listPendingInvitations({ ctx })).toHaveLength(1);
  });
});

describe("members", () => {
  it("the last owner cannot be demoted, removed, or leave (409), and an admin cannot touch an owner", async () => {
    const { org, owner, ctx } = await createOrg();
    const admin = await addMember(org.id, "ADMIN");
    const ownerMemberId = await memberIdOf(org.id, owner.id);
    await expect(changeMemberRole({ ctx, input: { memberId: ownerMemberId, role: "ADMIN" } })).rejects.toMatchObject({ code: "conflict", status: 409, message: expect.stringContaining("last owner") });
    await expect(removeMember({ ctx, input: { memberId: ownerMemberId } })).rejects.toMatchObject({ code: "conflict", status: 409 });
    await expect(leaveOrganization({ ctx })).rejects.toMatchObject({ code: "conflict", message: expect.stringContaining("last owner") });
    const adminCtx = contextFor(admin, org, "ADMIN");
    await expect(changeMemberRole({ ctx: adminCtx, input: { memberId: ownerMemberId, role: "VIEWER" } })).rejects.toMatchObject({ code: "forbidden" });
    await expect(removeMember({ ctx: adminCtx, input: { memberId: ownerMemberId } })).rejects.toMatchObject({ code: "forbidden" });
    await expect(changeMemberRole({ ctx: adminCtx, input: { memberId: await memberIdOf(org.id, admin.id), role: "OWNER" } })).rejects.toMatchObject({ code: "forbidden" });
  });

  it("with two owners, one can step down; concurrent demotions leave one owner standing", async () => {
    const { org, owner, ctx } = await createOrg();
    const second = await addMember(org.id, "OWNER");
    const ownerId = await memberIdOf(org.id, owner.id);
    const secondId = await memberIdOf(org.id, second.id);
    const results = await Promise.allSettled([
      changeMemberRole({ ctx, input: { memberId: ownerId, role: "ADMIN" } }),
      changeMemberRole({ ctx: contextFor(second, org, "OWNER"), input: { memberId: secondId, role: "ADMIN" } }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const owners = (await listMembers({ ctx })).filter((m) => m.role === "OWNER");
    expect(owners).toHaveLength(1);
  });

  it("removing a member ends their access at the next request", async () => {
    const { org, ctx } = await createOrg();
    const editor = await addMember(org.id, "EDITOR");
    await expect(authorize({ actor: actorFor(editor), slug: org.slug, action: "org.read" })).resolves.toBeTruthy();
    await removeMember({ ctx, input: { memberId: await memberIdOf(org.id, editor.id) } });
    await expect(authorize({ actor: actorFor(editor), slug: org.slug, action: "org.read" })).rejects.toMatchObject({ code: "not_found" });
  });

  it("a member id from another organisation is not found, and nothing changes", async () => {
    const { ctx } = await createOrg();
    const other = await createOrg();
    const victim = await memberIdOf(other.org.id, other.owner.id);
    await expect(changeMemberRole({ ctx, input: { memberId: victim, role: "VIEWER" } })).rejects.toMatchObject({ code: "not_found" });
    await expect(removeMember({ ctx, input: { memberId: victim } })).rejects.toMatchObject({ code: "not_found" });
    expect((await listMembers({ ctx: other.ctx }))[0]).toMatchObject({ role: "OWNER" });
  });
});

describe("recent verification", () => {
  it("role changes need a check from the last 15 minutes", async () => {
    const { org, owner } = await createOrg();
    const stale = actorFor(owner, { verifiedAt: new Date(Date.now() - 16 * 60 * 1000) });
    await expect(authorize({ actor: stale, slug: org.slug, action: "members.role.change", recent: true })).rejects.toMatchObject({ code: "reauth_required" });
    await expect(authorize({ actor: stale, slug: org.slug, action: "members.role.change" })).resolves.toBeTruthy();
    await expect(authorize({ actor: actorFor(owner), slug: org.slug, action: "members.role.change", recent: true })).resolves.toBeTruthy();
  });
});
