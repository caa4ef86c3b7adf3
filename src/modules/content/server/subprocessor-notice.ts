import "server-only";

import { recordAudit } from "@/modules/audit/server/audit";
import { isoDay, utcDay } from "@/lib/calendar-day";
import { now } from "@/server/clock";
import type { Tx } from "@/server/db/client";
import { AppError } from "@/server/errors";
import type { OrgContext } from "@/server/gate";
import { earliestEffectiveDay, NOTICE_FIELD_LABELS, NOTICE_FIELDS, type NoticeField } from "../notice";

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
