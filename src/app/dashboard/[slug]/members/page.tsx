import type { Metadata } from "next";
import { ActionForm } from "@/components/action-form";
import { Card } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { can, ROLE_LABELS, ROLES } from "@/modules/permissions/permissions";
import { changeRoleAction, inviteAction, leaveAction, removeMemberAction, resendInvitationAction, revokeInvitationAction } from "@/modules/members/actions";
import { ROLE_DESCRIPTIONS, ROLE_RANK } from "@/modules/members/schema";
import { listPendingInvitations } from "@/modules/members/server/invitations";
import { listMembers } from "@/modules/members/server/members";
import { gatePage } from "@/server/gate-page";

export const metadata: Metadata = { title: "Members" };

const date = (value: Date) => value.toISOString().slice(0, 10);
const selectClass = "rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900";

export default async function MembersPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const ctx = await gatePage({ slug, action: "members.read" });
  const [members, invitations] = await Promise.all([listMembers({ ctx }), can(ctx.role, "members.invite") ? listPendingInvitations({ ctx }) : []]);
  const grantable = ROLES.filter((role) => ROLE_RANK[role] <= ROLE_RANK[ctx.role]);
  const owners = members.filter((m) => m.role === "OWNER").length;
  const canChange = can(ctx.role, "members.role.change");
  const canRemove = can(ctx.role, "members.remove");

  return (
    <div className="space-y-6">
      <Card>
        <h2 className="text-lg font-semibold">Members</h2>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          Changing a role or removing someone asks you to confirm it is you if you have not in the last 15 minutes.
        </p>
        <div className="mt-4 overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="text-xs uppercase text-zinc-500">
              <tr>
                <th className="py-2 pr-4">Person</th>
                <th className="py-2 pr-4">Role</th>
                <th className="py-2 pr-4">Joined</th>
                <th className="py-2">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {members.map((member) => {
                const lastOwner = member.role === "OWNER" && owners === 1;
                const ownerGuard = member.role === "OWNER" && ctx.role !== "OWNER";
                return (
                  <tr key={member.id} className="border-t border-zinc-200 align-top dark:border-zinc-800" data-testid={`member-${member.email}`}>
                    <td className="py-3 pr-4">
                      <span className="font-medium">{member.email}</span>
                      {member.isSelf ? <span className="ml-2 text-xs text-zinc-500">(you)</span> : null}
                      {member.mfaEnabled ? <span className="ml-2 rounded bg-green-100 px-1.5 py-0.5 text-xs text-green-800 dark:bg-green-900 dark:text-green-100">2FA</span> : null}
                    </td>
                    <td className="py-3 pr-4">
                      {canChange && !ownerGuard ? (
                        <ActionForm action={changeRoleAction.bind(null, slug)} className="flex flex-wrap items-center gap-2">
                          <input type="hidden" name="memberId" value={member.id} />
                          <label className="sr-only" htmlFor={`role-${member.id}`}>
                            Role of {member.email}
                          </label>
                          <select id={`role-${member.id}`} name="role" defaultValue={member.role} className={selectClass}>
                            {ROLES.filter((role) => ROLE_RANK[role] <= ROLE_RANK[ctx.role] || role === member.role).map((role) => (
                              <option key={role} value={role}>
                                {ROLE_LABELS[role]}
                              </option>
                            ))}
                          </select>
                          <SubmitButton variant="secondary" pendingLabel="Saving…">
                            Change role
                          </SubmitButton>
                        </ActionForm>
                      ) : (
                        ROLE_LABELS[member.role]
                      )}
                      {lastOwner ? <p className="mt-1 text-xs text-zinc-500">The last owner: cannot be demoted, removed or leave.</p> : null}
                    </td>
                    <td className="py-3 pr-4 text-zinc-600 dark:text-zinc-400">{date(member.joinedAt)}</td>
                    <td className="py-3">
                      {member.isSelf ? (
                        <ActionForm action={leaveAction.bind(null, slug)}>
                          <SubmitButton variant="secondary" pendingLabel="Leaving…">
                            Leave organisation
                          </SubmitButton>
                        </ActionForm>
                      ) : canRemove && !ownerGuard ? (
                        <ActionForm action={removeMemberAction.bind(null, slug)}>
                          <input type="hidden" name="memberId" value={member.id} />
                          <SubmitButton variant="danger" pendingLabel="Removing…">
                            Remove
                          </SubmitButton>
                        </ActionForm>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </Card>

      {can(ctx.role, "members.invite") ? (
        <Card>
          <h2 className="text-lg font-semibold">Invite a teammate</h2>
          <ActionForm action={inviteAction.bind(null, slug)} className="mt-4 space-y-4">
            <div className="grid gap-4 sm:grid-cols-[1fr_auto]">
              <TextField name="email" label="Email" type="email" required maxLength={254} />
              <div className="space-y-1.5">
                <label htmlFor="invite-role" className="block text-sm font-medium">
                  Role
                </label>
                <select id="invite-role" name="role" defaultValue="EDITOR" className={selectClass}>
                  {grantable.map((role) => (
                    <option key={role} value={role}>
                      {ROLE_LABELS[role]}
                    </option>
                  ))}
                </select>
              </div>
            </div>
            <ul className="space-y-1 text-xs text-zinc-500">
              {grantable.map((role) => (
                <li key={role}>
                  <strong>{ROLE_LABELS[role]}</strong>: {ROLE_DESCRIPTIONS[role]}
                </li>
              ))}
            </ul>
            <SubmitButton pendingLabel="Sending…">Send invitation</SubmitButton>
          </ActionForm>

          <h3 className="mt-8 font-semibold">Pending invitations</h3>
          {invitations.length === 0 ? (
            <p className="mt-2 text-sm text-zinc-500">None.</p>
          ) : (
            <ul className="mt-2 divide-y divide-zinc-200 dark:divide-zinc-800">
              {invitations.map((invitation) => (
                <li key={invitation.id} className="flex flex-wrap items-center gap-3 py-3 text-sm" data-testid={`invitation-${invitation.email}`}>
                  <span className="font-medium">{invitation.email}</span>
                  <span>{ROLE_LABELS[invitation.role]}</span>
                  <span className="text-zinc-500">
                    sent {date(invitation.lastSentAt)}
                    {invitation.invitedBy ? ` by ${invitation.invitedBy}` : ""} · {invitation.expired ? "expired" : `expires ${date(invitation.expiresAt)}`}
                  </span>
                  <span className="ml-auto flex gap-2">
                    <ActionForm action={resendInvitationAction.bind(null, slug)}>
                      <input type="hidden" name="invitationId" value={invitation.id} />
                      <SubmitButton variant="secondary" pendingLabel="Sending…">
                        Resend
                      </SubmitButton>
                    </ActionForm>
                    <ActionForm action={revokeInvitationAction.bind(null, slug)}>
                      <input type="hidden" name="invitationId" value={invitation.id} />
                      <SubmitButton variant="secondary" pendingLabel="Revoking…">
                        Revoke
                      </SubmitButton>
                    </ActionForm>
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Card>
      ) : null}
    </div>
  );
}
