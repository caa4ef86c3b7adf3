import "server-only";

import type { Role } from "@/modules/permissions/permissions";
import { constantSql, readAsUser } from "./db/tenant";
import { perRequest } from "./request-memo";

export type Membership = { role: Role; org: { id: string; slug: string; name: string; requireMfa: boolean } };
export type MembershipRow = { role: Role; id: string; slug: string; name: string; requireMfa: boolean };

/** Every organisation the person (`app_user_id()`) belongs to, with their role, by name. */
export const MEMBERSHIPS_SQL = constantSql`SELECT m.role::text AS role, o.id, o.slug, o.name, o."requireMfa"
     FROM "Member" m JOIN "Organization" o ON o.id = m."orgId"
     WHERE m."userId" = app_user_id()
     ORDER BY o.name, o.slug`;

const membershipsOf = (rows: MembershipRow[]): Membership[] => rows.map(({ role, ...org }) => ({ role, org }));

/**
 * Memberships read in the same message as this request's session (sessions.ts, readAsSession),
 * kept for the request (request-memo.ts: one Map per render, or per oneRequest()). With neither
 * there is no such Map (each call gets a new one) and memberships() reads for itself, which is
 * only slower.
 */
const readWithSession = perRequest(async () => new Map<string, Membership[]>());

/** Keeps what the session's read found for `userId` (only once that session is known valid). */
export async function rememberMemberships(userId: string, rows: MembershipRow[]) {
  (await readWithSession()).set(userId, membershipsOf(rows));
}

/**
 * Every organisation a person belongs to, with their role, by name: asked once per request. The
 * dashboard's layout lists them (the organisation menu) and the gate picks the one the URL names
 * from the same answer (request-memo.ts), so a page costs one membership read, not three; and
 * that read normally came with the session's (issue 10, item 4.4; ADR 042).
 */
export const memberships = perRequest(async (userId: string): Promise<Membership[]> => (await readWithSession()).get(userId) ?? membershipsOf(await readAsUser<MembershipRow>(userId, MEMBERSHIPS_SQL)));
