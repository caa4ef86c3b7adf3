import "server-only";

import { recordAudit } from "@/modules/audit/server/audit";
import { now } from "@/server/clock";
import { db } from "@/server/db/client";
import { withTenant } from "@/server/db/tenant";

/**
 * The expiry sweep, for the worker (idempotent; run it as often as you like): unverified requests
 * past their token's lifetime become EXPIRED (their token hash is dropped, so they never reach the
 * queue), and sessions of grants that have expired are ended. Correctness does not wait for it:
 * every check compares times when a token or session is used; this only tidies and records.
 */
export async function expireAccess(orgId: string, at = now()) {
  return withTenant({ orgId }, async (tx) => {
    const when = new Date(at);
    const requests = await tx.accessRequest.updateMany({ where: { orgId, status: "UNVERIFIED", tokenExpiresAt: { lte: when } }, data: { status: "EXPIRED", tokenHash: null } });
    const sessions = await tx.granteeSession.updateMany({ where: { orgId, endedAt: null, OR: [{ expiresAt: { lte: when } }, { grant: { expiresAt: { lte: when } } }] }, data: { endedAt: when } });
    if (requests.count + sessions.count > 0) {
      await recordAudit(tx, { org: { id: orgId }, user: null, request: { ip: null, userAgent: "worker" } }, { action: "access.expire", targetType: "organization", targetId: orgId, after: { requestsExpired: requests.count, sessionsEnded: sessions.count } });
    }
    return { requestsExpired: requests.count, sessionsEnded: sessions.count };
  });
}

/** Every organisation, one scope each (candor_org_ids() reveals ids only). */
export async function expireAccessEverywhere(at = now()) {
  const orgs = await db.$queryRaw<{ id: string }[]>`SELECT candor_org_ids() AS id`;
  let requestsExpired = 0;
  let sessionsEnded = 0;
  for (const { id } of orgs) {
    const result = await expireAccess(id, at);
    requestsExpired += result.requestsExpired;
    sessionsEnded += result.sessionsEnded;
  }
  return { requestsExpired, sessionsEnded };
}
