import "server-only";

import { recordAudit } from "@/modules/audit/server/audit";
import { isoDay, utcDay } from "@/lib/calendar-day";
import { now } from "@/server/clock";
import type { Tx } from "@/server/db/client";
import { inTenant } from "@/server/db/write";
import { AppError } from "@/server/errors";
import type { OrgContext } from "@/server/gate";
import { earliestEffectiveDay, NOTICE_FIELD_LABELS, NOTICE_FIELDS, type NoticeField } from "../schema";

/**
 * The notice rule (ADR 031). Called by the subprocessor writer (content/server/crud.ts) in the
 * same transaction as the row it describes, whatever the source (form, import): a new
 * subprocessor, or a change of its purpose, data categories or location, is recorded as a
 * SubprocessorChange with the day it takes effect; a day earlier than today + the organisation's
 * notice period is refused (422 at `effectiveDate`) unless the change is urgent with a reason.
 * Any other edit records nothing.
 */
type Row = Record<string, unknown> & { id: string };
type Fields = Record<NoticeField, string>;

const fieldsOf = (row: Record<string, unknown>): Fields =>
  Object.fromEntries(NOTICE_FIELDS.map((f) => [f, String(row[f] ?? "").trim()])) as Fields;

/** "Location: Frankfurt, DE → Virginia, US; Purpose: …", or the new subprocessor in words. */
export function describeChange(before: Fields | null, after: Fields): string {
  if (!before) return `New subprocessor: ${after.purpose}${after.dataCategories ? `; data: ${after.dataCategories}` : ""}; location: ${after.location}`;
  return NOTICE_FIELDS.filter((f) => before[f] !== after[f])
    .map((f) => `${NOTICE_FIELD_LABELS[f]}: ${before[f] || "(none)"} → ${after[f] || "(none)"}`)
    .join("; ");
}

export async function noteSubprocessorChange(tx: Tx, ctx: OrgContext, input: { before: Record<string, unknown> | null; after: Row; urgent: boolean; urgentReason: string }) {
  const before = input.before ? fieldsOf(input.before) : null;
  const after = fieldsOf(input.after);
  if (before && NOTICE_FIELDS.every((f) => before[f] === after[f])) return null;
  const org = await tx.organization.findUniqueOrThrow({ where: { id: ctx.org.id }, select: { subprocessorNoticeDays: true } });
  const today = isoDay(utcDay(new Date(now())));
  const effective = input.after.effectiveDate instanceof Date ? isoDay(input.after.effectiveDate) : today;
  const earliest = earliestEffectiveDay(today, org.subprocessorNoticeDays);
  const reason = input.urgentReason.trim();
  if (input.urgent && !reason) throw new AppError("validation", "An urgent change needs a reason.", { fieldErrors: { urgentReason: ["An urgent change needs a reason: it is shown on the public page."] } });
  if (org.subprocessorNoticeDays > 0 && effective < earliest && !input.urgent) {
    const sentence = `The earliest effective date allowed is ${earliest} (today plus the ${org.subprocessorNoticeDays}-day notice period). Choose that date or later, or mark the change urgent and say why.`;
    throw new AppError("validation", sentence, { fieldErrors: { effectiveDate: [sentence] } });
  }
  const change = await tx.subprocessorChange.create({
    data: {
      orgId: ctx.org.id,
      subprocessorId: input.after.id,
      vendor: String(input.after.vendor),
      kind: before ? "CHANGED" : "ADDED",
      summary: describeChange(before, after).slice(0, 2000),
      before: before ?? undefined,
      after,
      effectiveOn: new Date(`${effective}T00:00:00.000Z`),
      urgent: input.urgent,
      urgentReason: input.urgent ? reason : null,
      createdById: ctx.user.id,
      createdByEmail: ctx.user.email,
    },
    select: { id: true, kind: true, summary: true },
  });
  await recordAudit(tx, ctx, {
    action: "notices.change.create",
    targetType: "subprocessor_change",
    targetId: change.id,
    after: { vendor: input.after.vendor, kind: change.kind, summary: change.summary, effectiveOn: effective, urgent: input.urgent, urgentReason: input.urgent ? reason : null },
  });
  return change;
}

/**
 * Who was notified of a change, and when: the evidence a DPA asks for. Empty for now: the
 * subscribers' fan-out (another branch of issue 13) creates the PublicationNotice table; the
 * lead wires this query to it at merge (publication notices of the publication that carried the
 * change, joined to their subscribers). The CSV export's shape is fixed and tested already.
 */
export async function noticeRecipientsForChange(_tx: Tx, _orgId: string, _changeId: string): Promise<{ email: string; notifiedAt: Date; channel: string }[]> {
  return [];
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
