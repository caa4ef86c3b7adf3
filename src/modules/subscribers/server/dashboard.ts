import "server-only";

import type { Prisma } from "@/generated/prisma/client";
import { toCsv } from "@/modules/access/csv";
import { recordAudit } from "@/modules/audit/server/audit";
import { inTenant, versionedUpdate } from "@/server/db/write";
import { AppError } from "@/server/errors";
import type { OrgContext } from "@/server/gate";
import { deliveryModesSchema, removeSubscriberSchema, SUBSCRIBER_PAGE_SIZE, SUBSCRIBER_TOPICS, subscriberQuerySchema, type DeliveryMode } from "../schema";

/**
 * The organisation's side of its subscribers (ADR 030): counts, the list with search and pages,
 * removal, the CSV export and the delivery mode per topic. There is no way to add an address:
 * every subscriber confirmed their own.
 */
const where = (orgId: string, query: { q?: string | undefined; status?: "PENDING" | "CONFIRMED" | "UNSUBSCRIBED" | undefined }): Prisma.SubscriberWhereInput => ({
  orgId,
  ...(query.q ? { email: { contains: query.q.toLowerCase() } } : {}),
  ...(query.status ? { status: query.status } : {}),
});

const LIST_SELECT = { id: true, email: true, topics: true, status: true, createdAt: true, confirmedAt: true, unsubscribedAt: true } as const;

export type DeliveryModes = { securityMode: DeliveryMode; subprocessorsMode: DeliveryMode; certificationsMode: DeliveryMode; generalMode: DeliveryMode; version: number };
export const DEFAULT_MODES: DeliveryModes = { securityMode: "IMMEDIATE", subprocessorsMode: "IMMEDIATE", certificationsMode: "IMMEDIATE", generalMode: "IMMEDIATE", version: 1 };

/** The page's data: counts by status and (confirmed) by topic, one page of the list, the delivery modes. */
export async function subscriberOverview({ ctx, query: raw, window }: { ctx: OrgContext; query: unknown; /** The REST API's cursor page instead of the numbered page. */ window?: { limit: number; offset: number } }) {
  const query = subscriberQuerySchema.parse(raw ?? {});
  return inTenant(ctx, async (tx) => {
    const byStatus = await tx.subscriber.groupBy({ by: ["status"], where: { orgId: ctx.org.id }, _count: true });
    const byTopic: Record<string, number> = {};
    for (const topic of SUBSCRIBER_TOPICS) byTopic[topic] = await tx.subscriber.count({ where: { orgId: ctx.org.id, status: "CONFIRMED", topics: { has: topic } } });
    const filter = where(ctx.org.id, query);
    const total = await tx.subscriber.count({ where: filter });
    const rows = await tx.subscriber.findMany({ where: filter, orderBy: [{ createdAt: "desc" }, { id: "asc" }], skip: window?.offset ?? (query.page - 1) * SUBSCRIBER_PAGE_SIZE, take: window?.limit ?? SUBSCRIBER_PAGE_SIZE, select: LIST_SELECT });
    const settings = await tx.notificationSettings.findFirst({ where: { orgId: ctx.org.id }, select: { securityMode: true, subprocessorsMode: true, certificationsMode: true, generalMode: true, version: true } });
    return {
      counts: { PENDING: 0, CONFIRMED: 0, UNSUBSCRIBED: 0, ...Object.fromEntries(byStatus.map((g) => [g.status, g._count])) } as Record<"PENDING" | "CONFIRMED" | "UNSUBSCRIBED", number>,
      byTopic: byTopic as Record<(typeof SUBSCRIBER_TOPICS)[number], number>,
      list: { total, page: query.page, pageSize: SUBSCRIBER_PAGE_SIZE, rows },
      modes: settings ?? DEFAULT_MODES,
    };
  });
}

/** Removes a subscriber of this organisation (404 for any other id); the notices they were sent keep their address. */
export async function removeSubscriber({ ctx, input }: { ctx: OrgContext; input: unknown }) {
  const { id } = removeSubscriberSchema.parse(input);
  return inTenant(ctx, async (tx) => {
    const before = await tx.subscriber.findFirst({ where: { id, orgId: ctx.org.id }, select: { id: true, email: true, status: true, topics: true } });
    if (!before) throw new AppError("not_found", "No such subscriber.");
    await tx.subscriber.deleteMany({ where: { id, orgId: ctx.org.id } });
    await recordAudit(tx, ctx, { action: "subscriber.removed", targetType: "subscriber", targetId: id, before: { email: before.email, status: before.status, topics: before.topics } });
    return before;
  });
}

/** At most this many rows per export. */
export const SUBSCRIBERS_CSV_MAX_ROWS = 100_000;

/** Every subscriber as CSV (formula-safe cells); the export itself is recorded. */
export async function exportSubscribersCsv({ ctx }: { ctx: OrgContext }) {
  return inTenant(ctx, async (tx) => {
    const rows = await tx.subscriber.findMany({
      where: { orgId: ctx.org.id },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: SUBSCRIBERS_CSV_MAX_ROWS,
      select: { ...LIST_SELECT, host: true, ipAddress: true },
    });
    await recordAudit(tx, ctx, { action: "subscribers.export", targetType: "subscriber_list", after: { rows: rows.length } });
    const iso = (d: Date | null) => d?.toISOString() ?? "";
    return toCsv(
      ["email", "status", "topics", "subscribed_at", "confirmed_at", "unsubscribed_at", "host", "ip"],
      rows.map((r) => [r.email, r.status, r.topics.join(" "), iso(r.createdAt), iso(r.confirmedAt), iso(r.unsubscribedAt), r.host, r.ipAddress]),
    );
  });
}

/** The delivery mode per topic (incidents are always sent at once, whatever SECURITY's mode). Versioned; audited. */
export async function saveDeliveryModes({ ctx, input }: { ctx: OrgContext; input: unknown }) {
  const { version, ...modes } = deliveryModesSchema.parse(input);
  return inTenant(ctx, async (tx) => {
    await tx.notificationSettings.createMany({ data: [{ orgId: ctx.org.id }], skipDuplicates: true });
    const row = await tx.notificationSettings.findFirstOrThrow({ where: { orgId: ctx.org.id }, select: { id: true } });
    const { before, version: next } = await versionedUpdate({ model: tx.notificationSettings, key: { id: row.id, orgId: ctx.org.id }, version, missing: "No delivery settings." }, modes);
    const was = before as DeliveryModes;
    await recordAudit(tx, ctx, {
      action: "subscribers.delivery_modes",
      targetType: "notification_settings",
      targetId: row.id,
      before: { securityMode: was.securityMode, subprocessorsMode: was.subprocessorsMode, certificationsMode: was.certificationsMode, generalMode: was.generalMode },
      after: modes,
    });
    return { ...modes, version: next };
  });
}
