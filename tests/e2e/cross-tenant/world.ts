import { createHash, randomBytes } from "node:crypto";
import { sql, sqlOne } from "../fixtures";

/**
 * Two organisations, A and B, each with a member of every role, made directly in the database
 * (as fixtures, not through the UI) and each person with a fresh session, so the only thing a
 * test varies is who asks for what.
 */
export const ROLES = ["OWNER", "ADMIN", "EDITOR", "VIEWER"] as const;
export type Role = (typeof ROLES)[number];
export type Person = { email: string; userId: string; memberId: string; sessionToken: string };
export type Org = { id: string; slug: string; name: string; people: Record<Role, Person>; invitationId: string };
export type World = { a: Org; b: Org };

const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");

async function makeOrg(label: string): Promise<Org> {
  const suffix = randomBytes(3).toString("hex");
  const slug = `${label.toLowerCase()}-${suffix}`;
  const org = await sqlOne<{ id: string }>(`INSERT INTO "Organization" (slug, name) VALUES ($1, $2) RETURNING id`, [slug, `Org ${label}`]);
  const people = {} as Record<Role, Person>;
  for (const role of ROLES) {
    const email = `${label.toLowerCase()}-${role.toLowerCase()}-${suffix}@example.com`;
    const user = await sqlOne<{ id: string }>(`INSERT INTO "User" (email) VALUES ($1) RETURNING id`, [email]);
    const member = await sqlOne<{ id: string }>(`INSERT INTO "Member" ("orgId", "userId", role) VALUES ($1, $2, $3) RETURNING id`, [org.id, user.id, role]);
    const sessionToken = randomBytes(32).toString("hex");
    await sql(`INSERT INTO "Session" ("sessionToken", "userId", expires) VALUES ($1, $2, now() + interval '1 day')`, [sha256(sessionToken), user.id]);
    people[role] = { email, userId: user.id, memberId: member.id, sessionToken };
  }
  const invitation = await sqlOne<{ id: string }>(
    `INSERT INTO "Invitation" ("orgId", email, role, "tokenHash", "expiresAt") VALUES ($1, $2, 'EDITOR', $3, now() + interval '7 days') RETURNING id`,
    [org.id, `invitee-${suffix}@example.com`, sha256(randomBytes(32).toString("hex"))],
  );
  return { id: org.id, slug, name: `Org ${label}`, people, invitationId: invitation.id };
}

export async function makeWorld(): Promise<World> {
  return { a: await makeOrg("A"), b: await makeOrg("B") };
}

/** Everything of A's a write could change: compared before and after the suite. */
export async function snapshot(org: Org) {
  return {
    organization: await sql(`SELECT name, overview, "brandColor", "securityContactEmail", "requireMfa", version FROM "Organization" WHERE id = $1`, [org.id]),
    members: await sql(`SELECT id, "userId", role FROM "Member" WHERE "orgId" = $1 ORDER BY id`, [org.id]),
    invitations: await sql(`SELECT id, email, role, "tokenHash", "revokedAt", "acceptedAt" FROM "Invitation" WHERE "orgId" = $1 ORDER BY id`, [org.id]),
  };
}
