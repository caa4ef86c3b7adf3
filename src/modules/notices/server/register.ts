import "server-only";

import { inTenant } from "@/server/db/write";
import type { OrgContext } from "@/server/gate";
import { REGISTER_STATUSES, type RegisterQuery } from "../schema";
import { listObjections } from "./objections";

/** The register's page: the chosen tab's objections and how many each tab holds (unverified ones are nobody's business yet). */
export async function objectionRegister({ ctx, query }: { ctx: OrgContext; query: RegisterQuery }) {
  const [rows, groups] = await Promise.all([
    listObjections({ ctx, status: query.status }),
    inTenant(ctx, (tx) => tx.subprocessorObjection.groupBy({ by: ["status"], where: { orgId: ctx.org.id, status: { in: [...REGISTER_STATUSES] } }, _count: { _all: true } }), { readOnly: true }),
  ]);
  const counts = { OPEN: 0, RESOLVED: 0, WITHDRAWN: 0 };
  for (const group of groups) if (group.status in counts) counts[group.status as keyof typeof counts] = group._count._all;
  return { status: query.status, counts, rows };
}
