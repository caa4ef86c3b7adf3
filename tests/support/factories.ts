import { randomBytes } from "node:crypto";
import { createOrganization } from "@/modules/organizations/server/organizations";
import type { CurrentUser } from "@/modules/auth/server/sessions";
import type { Role } from "@/modules/access/permissions";
import type { OrgContext } from "@/server/gate";
import { db } from "@/server/db/client";

/** Factories call the real domain functions, so test data obeys production rules. */
export async function createUser(prefix = "user"): Promise<CurrentUser> {
  const user = await db.user.create({ data: { email: `${prefix}-${randomBytes(4).toString("hex")}@example.com` } });
  return { id: user.id, email: user.email, name: user.name };
}

export async function createOrg(owner?: CurrentUser, name = "Acme") {
  const user = owner ?? (await createUser("owner"));
  const org = await createOrganization({ user, input: { name, slug: `${name.toLowerCase()}-${randomBytes(3).toString("hex")}` } });
  const ctx: OrgContext = { user, org, role: "OWNER" };
  return { owner: user, org, ctx };
}

export async function addMember(orgId: string, role: Role) {
  const user = await createUser(role.toLowerCase());
  await db.member.create({ data: { orgId, userId: user.id, role } });
  return user;
}
