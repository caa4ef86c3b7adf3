import "server-only";

import type { Prisma } from "@/generated/prisma/client";
import { addDays, dayStart } from "@/lib/calendar-day";
import type { Tx } from "@/server/db/client";
import { withTenant } from "@/server/db/tenant";
import type { OrgContext } from "@/server/gate";
import { AUDIT_EXPORT_LIMIT, AUDIT_PAGE_SIZE, type AuditFilter } from "../schema";
import { verifyChain, type StoredEvent } from "./chain";

function where(orgId: string, filter: AuditFilter): Prisma.AuditEventWhereInput {
  return {
    orgId,
    ...(filter.actor ? { actorEmail: { contains: filter.actor.toLowerCase() } } : {}),
    ...(filter.action ? { action: filter.action.endsWith("*") ? { startsWith: filter.action.slice(0, -1) } : filter.action } : {}),
    ...(filter.from || filter.to
      ? { createdAt: { ...(filter.from ? { gte: dayStart(filter.from) } : {}), ...(filter.to ? { lt: addDays(dayStart(filter.to), 1) } : {}) } }
      : {}),
  };
}

const LISTED = { id: true, seq: true, actorEmail: true, actorType: true, actorName: true, action: true, targetType: true, targetId: true, diff: true, ipAddress: true, userAgent: true, createdAt: true, hash: true } as const;

/** One page of the trail, newest first; `before` pages by sequence number (stable under inserts). */
export async function listAuditEvents({ ctx, filter }: { ctx: OrgContext; filter: AuditFilter }) {
  return withTenant({ orgId: ctx.org.id, userId: ctx.user.id }, async (tx) => {
    const rows = await tx.auditEvent.findMany({
      where: { ...where(ctx.org.id, filter), ...(filter.before ? { seq: { lt: filter.before } } : {}) },
      orderBy: { seq: "desc" },
      take: AUDIT_PAGE_SIZE + 1,
      select: LISTED,
    });
    const actions = await tx.auditEvent.findMany({ where: { orgId: ctx.org.id }, distinct: ["action"], select: { action: true }, orderBy: { action: "asc" } });
    return {
      events: rows.slice(0, AUDIT_PAGE_SIZE),
      nextBefore: rows.length > AUDIT_PAGE_SIZE ? rows[AUDIT_PAGE_SIZE - 1]!.seq : null,
      actions: actions.map((a) => a.action),
    };
  }, { readOnly: true });
}

export async function exportAuditEvents({ ctx, filter }: { ctx: OrgContext; filter: AuditFilter }) {
  return withTenant({ orgId: ctx.org.id, userId: ctx.user.id }, (tx) =>
    tx.auditEvent.findMany({ where: where(ctx.org.id, filter), orderBy: { seq: "asc" }, take: AUDIT_EXPORT_LIMIT, select: { ...LISTED, prevHash: true, actorId: true } }),
  { readOnly: true });
}

export async function loadChain(tx: Tx, orgId: string): Promise<StoredEvent[]> {
  const rows = await tx.auditEvent.findMany({ where: { orgId }, orderBy: { seq: "asc" } });
  return rows.map((row) => ({ ...row, diff: row.diff as unknown }));
}

/** Verifies an organisation's whole chain as a member sees it (the dashboard's "verify" button). */
export async function verifyAuditChain({ ctx }: { ctx: OrgContext }) {
  return withTenant({ orgId: ctx.org.id, userId: ctx.user.id }, async (tx) => verifyChain(await loadChain(tx, ctx.org.id)), { readOnly: true });
}
