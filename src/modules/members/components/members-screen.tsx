import { ActionForm } from "@/components/action-form";
import { Card } from "@/components/ui/card";
import { DateText } from "@/components/ui/date-text";
import { TextField } from "@/components/ui/field";
import { optionsOf, Select } from "@/components/ui/select";
import { SubmitButton } from "@/components/ui/submit-button";
import { hiddenHeader, Table, type Column } from "@/components/ui/table";
import { can, ROLE_LABELS, ROLES, type Role } from "@/modules/permissions/permissions";
import { changeRoleAction, inviteAction, leaveAction, removeMemberAction, resendInvitationAction, revokeInvitationAction } from "@/modules/members/actions";
import { ROLE_DESCRIPTIONS, ROLE_RANK } from "@/modules/members/schema";
import type { listPendingInvitations } from "@/modules/members/server/invitations";
import type { listMembers } from "@/modules/members/server/members";

type Member = Awaited<ReturnType<typeof listMembers>>[number];
type Invitation = Awaited<ReturnType<typeof listPendingInvitations>>[number];

/** The roles a person of this role may hand out: their own rank and below. */
const grantableBy = (role: Role) => ROLES.filter((r) => ROLE_RANK[r] <= ROLE_RANK[role]);

/** Members and their roles; for those who may, inviting and the pending invitations. */
export function MembersScreen({ slug, role, members, invitations }: { slug: string; role: Role; members: Member[]; invitations: Invitation[] }) {
  return (
    <div className="space-y-6">
      <Card>
        <h2 className="text-lg font-semibold">Members</h2>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">Changing a role or removing someone asks you to confirm it is you if you have not in the last 15 minutes.</p>
        <Table columns={memberColumns(slug, role, members)} rows={members} rowKey={(m) => m.id} rowTestId={(m) => `member-${m.email}`} empty="No members." />
      </Card>
      {can(role, "members.invite") ? <InviteCard slug={slug} role={role} invitations={invitations} /> : null}
    </div>
  );
}

function memberColumns(slug: string, role: Role, members: Member[]): Column<Member>[] {
  const owners = members.filter((m) => m.role === "OWNER").length;
  // Only an owner may change or remove an owner.
  const guarded = (member: Member) => member.role === "OWNER" && role !== "OWNER";
  return [
    {
      key: "person",
      header: "Person",
      cell: (m) => (
        <>
          <span className="font-medium">{m.email}</span>
          {m.isSelf ? <span className="ml-2 text-xs text-zinc-500">(you)</span> : null}
          {m.mfaEnabled ? <span className="ml-2 rounded bg-green-100 px-1.5 py-0.5 text-xs text-green-800 dark:bg-green-900 dark:text-green-100">2FA</span> : null}
        </>
      ),
    },
    {
      key: "role",
      header: "Role",
      cell: (m) => (
        <>
          {can(role, "members.role.change") && !guarded(m) ? <RoleForm slug={slug} role={role} member={m} /> : ROLE_LABELS[m.role]}
          {m.role === "OWNER" && owners === 1 ? <p className="mt-1 text-xs text-zinc-500">The last owner: cannot be demoted, removed or leave.</p> : null}
        </>
      ),
    },
    { key: "joined", header: "Joined", className: "text-zinc-600 dark:text-zinc-400", cell: (m) => <DateText value={m.joinedAt} utc /> },
    {
      key: "actions",
      header: hiddenHeader("Actions"),
      cell: (m) =>
        m.isSelf ? (
          <ActionForm action={leaveAction.bind(null, slug)}>
            <SubmitButton variant="secondary" pendingLabel="Leaving…">
              Leave organisation
            </SubmitButton>
          </ActionForm>
        ) : can(role, "members.remove") && !guarded(m) ? (
          <ActionForm action={removeMemberAction.bind(null, slug)}>
            <input type="hidden" name="memberId" value={m.id} />
            <SubmitButton variant="danger" pendingLabel="Removing…">
              Remove
            </SubmitButton>
          </ActionForm>
        ) : null,
    },
  ];
}

function RoleForm({ slug, role, member }: { slug: string; role: Role; member: Member }) {
  return (
    <ActionForm action={changeRoleAction.bind(null, slug)} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="memberId" value={member.id} />
      <label className="sr-only" htmlFor={`role-${member.id}`}>
        Role of {member.email}
      </label>
      <Select size="compact" id={`role-${member.id}`} name="role" defaultValue={member.role} options={optionsOf(ROLES.filter((r) => ROLE_RANK[r] <= ROLE_RANK[role] || r === member.role), ROLE_LABELS)} />
      <SubmitButton variant="secondary" pendingLabel="Saving…">
        Change role
      </SubmitButton>
    </ActionForm>
  );
}

function InviteCard({ slug, role, invitations }: { slug: string; role: Role; invitations: Invitation[] }) {
  const grantable = grantableBy(role);
  return (
    <Card>
      <h2 className="text-lg font-semibold">Invite a teammate</h2>
      <ActionForm action={inviteAction.bind(null, slug)} className="mt-4 space-y-4">
        <div className="grid gap-4 sm:grid-cols-[1fr_auto]">
          <TextField name="email" label="Email" type="email" required maxLength={254} />
          <div className="space-y-1.5">
            <label htmlFor="invite-role" className="block text-sm font-medium">
              Role
            </label>
            <Select size="compact" id="invite-role" name="role" defaultValue="EDITOR" options={optionsOf(grantable, ROLE_LABELS)} />
          </div>
        </div>
        <ul className="space-y-1 text-xs text-zinc-500">
          {grantable.map((r) => (
            <li key={r}>
              <strong>{ROLE_LABELS[r]}</strong>: {ROLE_DESCRIPTIONS[r]}
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
            <InvitationRow key={invitation.id} slug={slug} invitation={invitation} />
          ))}
        </ul>
      )}
    </Card>
  );
}

function InvitationRow({ slug, invitation }: { slug: string; invitation: Invitation }) {
  return (
    <li className="flex flex-wrap items-center gap-3 py-3 text-sm" data-testid={`invitation-${invitation.email}`}>
      <span className="font-medium">{invitation.email}</span>
      <span>{ROLE_LABELS[invitation.role]}</span>
      <span className="text-zinc-500">
        sent <DateText value={invitation.lastSentAt} utc />
        {invitation.invitedBy ? ` by ${invitation.invitedBy}` : ""} · {invitation.expired ? "expired" : <>expires <DateText value={invitation.expiresAt} utc /></>}
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
  );
}
