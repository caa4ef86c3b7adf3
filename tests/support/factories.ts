import { randomBytes } from "node:crypto";
import { createOrganization } from "@/modules/organizations/server/organizations";
import type { CurrentUser } from "@/modules/auth/server/sessions";
import type { Role } from "@/modules/permissions/permissions";
import type { Actor, OrgContext } from "@/server/gate";
import { db } from "@/server/db/client";
import { withTenant } from "@/server/db/tenant";

/** Factories call the real domain functions, so test data obeys production rules. */
export async function createUser(prefix = "user"): Promise<CurrentUser> {
  const user = await db.user.create({ data: { email: `${prefix}-${randomBytes(4).toString("hex")}@example.com` } });
  return { id: user.id, email: user.email, name: user.name };
}

/** A signed-in person who proved themselves just now (no second factor unless said). */
export function actorFor(user: CurrentUser, options: { mfaEnabled?: boolean; verifiedAt?: Date } = {}): Actor {
  const verifiedAt = options.verifiedAt ?? new Date();
  return { user, mfaEnabled: options.mfaEnabled ?? false, verifiedAt, mfaVerifiedAt: options.mfaEnabled ? verifiedAt : null, complete: true };
}

export const TEST_REQUEST = { ip: "203.0.113.7", userAgent: "vitest" };

export function contextFor(user: CurrentUser, org: { id: string; slug: string; name: string }, role: Role): OrgContext {
  return { user, org, role, request: TEST_REQUEST, mfaEnabled: false };
}

export async function createOrg(owner?: CurrentUser, name = "Acme") {
  const user = owner ?? (await createUser("owner"));
  const org = await createOrganization({ user, input: { name, slug: `${name.toLowerCase()}-${randomBytes(6).toString("hex")}` }, request: TEST_REQUEST });
  return { owner: user, org, ctx: contextFor(user, org, "OWNER") };
}

/** Adds a member directly (as an accepted invitation would), inside the tenant's scope. */
export async function addMember(orgId: string, role: Role) {
  const user = await createUser(role.toLowerCase());
  await withTenant({ orgId }, (tx) => tx.member.create({ data: { orgId, userId: user.id, role } }));
  return user;
}
