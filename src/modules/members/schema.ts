import * as z from "zod";
import { ROLES, type Role } from "@/modules/permissions/permissions";
import { emailSchema } from "@/modules/auth/schema";

/** Higher rank, more power. Nobody grants a role above their own. */
export const ROLE_RANK: Record<Role, number> = { VIEWER: 1, EDITOR: 2, ADMIN: 3, OWNER: 4 };

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  OWNER: "Everything, including other owners and deleting the organisation.",
  ADMIN: "Everything except changing owners: settings, team, domains, API keys, audit.",
  EDITOR: "Writes controls, evidence, policies and documents; publishes.",
  VIEWER: "Reads the dashboard; changes nothing.",
};

export const INVITATION_TTL_DAYS = 7;

const roleSchema = z.enum(ROLES, { error: "Choose a role." });
const id = (what: string) => z.uuid({ error: `Unknown ${what}.` });

export const inviteSchema = z.object({ email: emailSchema, role: roleSchema });
export const changeRoleSchema = z.object({ memberId: id("member"), role: roleSchema });
export const memberIdSchema = z.object({ memberId: id("member") });
export const invitationIdSchema = z.object({ invitationId: id("invitation") });
export const invitationTokenSchema = z.object({ token: z.string().regex(/^[0-9a-f]{64}$/, "This invitation link is incomplete.") });
