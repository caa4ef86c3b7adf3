import "server-only";

import { recordAudit } from "@/modules/audit/server/audit";
import { isoDay } from "@/lib/calendar-day";
import type { Tx } from "@/server/db/client";
import { inTenant } from "@/server/db/write";
import { AppError } from "@/server/errors";
import type { OrgContext } from "@/server/gate";

/**
 * Who was notified of a change, and when: the evidence a DPA asks for. A change is announced by
 * the first publication that carried it (`publicationId`); its notices to subscribers of the
 * subprocessors topic that were sent (at once or in a digest) are the record, with the address
 * as it was when sent (the notice keeps it after the subscriber is removed).
 */
export async function noticeRecipientsForChange(tx: Tx, orgId: string, changeId: string): Promise<{ email: string; notifiedAt: Date; channel: string }[]> {
  const change = await tx.subprocessorChange.findFirst({ where: { id: changeId, orgId }, select: { publicationId: true } });
  if (!change?.publicationId) return [];
  const notices = await tx.publicationNotice.findMany({
    where: { orgId, publicationId: change.publicationId, topics: { has: "SUBPROCESSORS" }, status: "SENT", sentAt: { not: null } },
    orderBy: [{ sentAt: "asc" }, { email: "asc" }],
    select: { email: true, sentAt: true, mode: true },
  });
  return notices.map((notice) => ({ email: notice.email, notifiedAt: notice.sentAt!, channel: notice.mode.toLowerCase() }));
}

export async function listChanges({ ctx }: { ctx: OrgContext }) {
  return inTenant(
    ctx,
    (tx) =>
      tx.subprocessorChange.findMany({
        where: { orgId: ctx.org.id },
        orderBy: [{ effectiveOn: "desc" }, { createdAt: "desc" }],
        take: 200,
        select: { id: true, vendor: true, kind: true, summary: true, effectiveOn: true, urgent: true, urgentReason: true, createdAt: true, createdByEmail: true, publicationId: true, _count: { select: { objections: { where: { status: { not: "UNVERIFIED" } } } } } },
      }),
    { readOnly: true },
  ).then(async (rows) => {
    const ids = rows.map((r) => r.publicationId).filter((id): id is string => Boolean(id));
    const seqs = ids.length ? await inTenant(ctx, (tx) => tx.publication.findMany({ where: { orgId: ctx.org.id, id: { in: ids } }, select: { id: true, seq: true } }), { readOnly: true }) : [];
    const seqOf = new Map(seqs.map((p) => [p.id, p.seq]));
    return rows.map(({ _count, publicationId, ...row }) => ({ ...row, objections: _count.objections, publicationSeq: publicationId ? (seqOf.get(publicationId) ?? null) : null }));
  });
}

const csvCell = (value: string) => (/[",\r\n]/.test(value) || /^[=+\-@\t]/.test(value) ? `"${(/^[=+\-@\t]/.test(value) ? `'${value}` : value).replace(/"/g, '""')}"` : value);

/** "Who was notified" for one change, as CSV: one line per person told. Audited (it carries personal data). */
export async function noticeRecipientsCsv({ ctx, changeId }: { ctx: OrgContext; changeId: string }) {
  if (!/^[0-9a-f-]{36}$/.test(changeId)) throw new AppError("not_found", "No such change.");
  return inTenant(ctx, async (tx) => {
    const change = await tx.subprocessorChange.findFirst({ where: { id: changeId, orgId: ctx.org.id }, select: { id: true, vendor: true, effectiveOn: true } });
    if (!change) throw new AppError("not_found", "No such change.");
    const rows = await noticeRecipientsForChange(tx, ctx.org.id, change.id);
    const lines = ["change_id,vendor,effective_on,email,notified_at,channel"];
    for (const r of rows) lines.push([change.id, change.vendor, isoDay(change.effectiveOn), r.email, r.notifiedAt.toISOString(), r.channel].map(csvCell).join(","));
    await recordAudit(tx, ctx, { action: "notices.change.export", targetType: "subprocessor_change", targetId: change.id, after: { rows: rows.length } });
    return { filename: `notified-${change.id.slice(0, 8)}.csv`, text: `${lines.join("\r\n")}\r\n` };
  });
}

/** The changes page: the organisation's notice period and its recorded changes. */
export async function changesOverview({ ctx }: { ctx: OrgContext }) {
  const [org, changes] = await Promise.all([
    inTenant(ctx, (tx) => tx.organization.findUniqueOrThrow({ where: { id: ctx.org.id }, select: { subprocessorNoticeDays: true } }), { readOnly: true }),
    listChanges({ ctx }),
  ]);
  return { noticeDays: org.subprocessorNoticeDays, changes };
}
