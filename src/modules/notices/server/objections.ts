import "server-only";

import { auditPublic, inPublicTenant, readSettings, type PublicAccessContext } from "@/modules/access/server/context";
import { visitorEvidence } from "@/modules/access/server/ip";
import { recordAudit } from "@/modules/audit/server/audit";
import { isoDay, utcDay } from "@/lib/calendar-day";
import type { Locale } from "@/lib/locales";
import { alertMembers } from "@/modules/alerts/server/alerts";
import { enqueueEmail } from "@/modules/email/server/outbox";
import { now } from "@/server/clock";
import { randomToken, sha256Hex } from "@/server/crypto";
import type { Tx } from "@/server/db/client";
import { inTenant, versionedUpdate } from "@/server/db/write";
import { AppError } from "@/server/errors";
import type { OrgContext } from "@/server/gate";
import { decideObjectionSchema, objectionReference, objectionSchema, objectionTokenSchema, OBJECTION_TTL_MINUTES, REGISTER_STATUSES } from "../schema";
import { emitEvent } from "@/modules/webhooks/server/emit";

/**
 * Objections to announced subprocessor changes (ADR 031): filed on a tenant host with a verified
 * email (a single-use token, SHA-256 stored, 30 minutes), then OPEN in the organisation's
 * register until an owner or admin resolves it or marks it withdrawn.
 */
export type ObjectableChange = { id: string; vendor: string; summary: string; effectiveOn: string; urgent: boolean; urgentReason: string | null };

const NO_SUCH_CHANGE = "There is no upcoming change to object to at this address.";

/**
 * A change one may object to: this organisation's, carried by a publication, of a public
 * subprocessor, not yet in effect. Anything else (unknown, past, another organisation's) is the
 * same not_found.
 */
export async function objectableChange(tx: Tx, orgId: string, changeId: string): Promise<ObjectableChange> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(changeId)) throw new AppError("not_found", NO_SUCH_CHANGE);
  const row = await tx.subprocessorChange.findFirst({
    where: { id: changeId, orgId, publicationId: { not: null }, effectiveOn: { gt: utcDay(new Date(now())) }, subprocessor: { visibility: "PUBLIC" } },
    select: { id: true, vendor: true, summary: true, effectiveOn: true, urgent: true, urgentReason: true },
  });
  if (!row) throw new AppError("not_found", NO_SUCH_CHANGE);
  return { ...row, effectiveOn: isoDay(row.effectiveOn) };
}

export async function loadObjectableChange(ctx: PublicAccessContext, changeId: string) {
  return inPublicTenant(ctx, (tx) => objectableChange(tx, ctx.org.id, changeId));
}

type Deliver = (tx: Tx, token: string, to: { email: string; vendor: string }) => Promise<unknown>;

export async function submitObjection({ ctx, input, deliver }: { ctx: PublicAccessContext; input: unknown; deliver?: Deliver }) {
  const data = objectionSchema.parse(input);
  const at = now();
  return inPublicTenant(ctx, async (tx) => {
    const change = await objectableChange(tx, ctx.org.id, data.changeId);
    const settings = await readSettings(tx, ctx.org.id);
    const token = randomToken();
    const row = await tx.subprocessorObjection.create({
      data: {
        orgId: ctx.org.id,
        changeId: change.id,
        email: data.email.toLowerCase(),
        company: data.company,
        reason: data.reason,
        tokenHash: sha256Hex(token),
        tokenExpiresAt: new Date(at + OBJECTION_TTL_MINUTES * 60_000),
        host: ctx.host,
        ...visitorEvidence(ctx.request, settings.ipRecording),
        createdAt: new Date(at),
      },
      select: { id: true },
    });
    await auditPublic(tx, ctx, settings, { action: "notices.objection.submit", targetType: "subprocessor_objection", targetId: row.id, after: { change: change.id, email: data.email.toLowerCase(), company: data.company, host: ctx.host } });
    await deliver?.(tx, token, { email: data.email.toLowerCase(), vendor: change.vendor });
    return { objectionId: row.id, token };
  });
}

const USED_OR_EXPIRED = "This link was already used or has expired. File your objection again.";

/** Confirms the address (single use, before expiry): the objection is OPEN, owners and admins are mailed, the objector gets a receipt. */
export async function verifyObjection({ ctx, token, registerUrl, trustUrl, locale }: { ctx: PublicAccessContext; token: unknown; registerUrl: string; trustUrl: string; /** The receipt's language: the confirming page's (ADR 038). */ locale?: Locale }) {
  const parsed = objectionTokenSchema.safeParse(token);
  if (!parsed.success) throw new AppError("gone", USED_OR_EXPIRED);
  const at = now();
  return inPublicTenant(ctx, async (tx) => {
    const tokenHash = sha256Hex(parsed.data);
    const row = await tx.subprocessorObjection.findFirst({
      where: { orgId: ctx.org.id, tokenHash, status: "UNVERIFIED", tokenExpiresAt: { gt: new Date(at) } },
      select: { id: true, changeId: true, email: true, company: true, reason: true, change: { select: { vendor: true, summary: true, effectiveOn: true } }, org: { select: { name: true } } },
    });
    if (!row) throw new AppError("gone", USED_OR_EXPIRED);
    // Single use even under a race: only the transaction that still finds the hash wins.
    const claimed = await tx.subprocessorObjection.updateMany({ where: { id: row.id, orgId: ctx.org.id, tokenHash, status: "UNVERIFIED" }, data: { tokenHash: null, status: "OPEN", verifiedAt: new Date(at) } });
    if (claimed.count === 0) throw new AppError("gone", USED_OR_EXPIRED);
    const settings = await readSettings(tx, ctx.org.id);
    await auditPublic(tx, ctx, settings, { action: "notices.objection.verify", targetType: "subprocessor_objection", targetId: row.id, before: { status: "UNVERIFIED" }, after: { status: "OPEN" } });
    const reference = objectionReference(row.id);
    const about = { orgName: row.org.name, vendor: row.change.vendor, summary: row.change.summary.slice(0, 2000), effectiveOn: isoDay(row.change.effectiveOn) };
    // Owners and admins are told as each chose for objections (ADR 033): the mail now, a line in their digest, or nothing.
    await alertMembers(
      tx,
      { orgId: ctx.org.id, kind: "OBJECTION", subject: `Objection to ${row.change.vendor} (${reference})`, lines: [`${row.company}: ${row.reason.slice(0, 300)}`], link: new URL(registerUrl).pathname, ref: row.id },
      { template: "objection-filed", props: { ...about, objectorEmail: row.email, company: row.company, reason: row.reason, reference, url: registerUrl } },
    );
    await enqueueEmail(tx, { to: row.email, template: "objection-receipt", props: { ...about, locale, reference, url: trustUrl } });
    await emitEvent(tx, { orgId: ctx.org.id, type: "objection.created", data: { objectionId: row.id, reference, changeId: row.changeId, vendor: row.change.vendor, company: row.company } });
    return { objectionId: row.id, reference };
  });
}

export type RegisterStatus = (typeof REGISTER_STATUSES)[number];

/** The register: verified objections of one status, newest first, with their change. */
export async function listObjections({ ctx, status }: { ctx: OrgContext; status: RegisterStatus }) {
  return inTenant(
    ctx,
    (tx) =>
      tx.subprocessorObjection.findMany({
        where: { orgId: ctx.org.id, status },
        orderBy: { verifiedAt: "desc" },
        take: 200,
        select: { id: true, email: true, company: true, reason: true, status: true, verifiedAt: true, decidedAt: true, note: true, version: true, change: { select: { id: true, vendor: true, summary: true, effectiveOn: true } } },
      }),
    { readOnly: true },
  );
}

/** Resolve, or mark withdrawn, an OPEN objection, with a note (versioned, audited). */
export async function decideObjection({ ctx, input }: { ctx: OrgContext; input: unknown }) {
  const data = decideObjectionSchema.parse(input);
  return inTenant(ctx, async (tx) => {
    const saved = await versionedUpdate(
      {
        model: tx.subprocessorObjection,
        find: () => tx.subprocessorObjection.findFirst({ where: { id: data.id, orgId: ctx.org.id, status: { not: "UNVERIFIED" } }, select: { status: true, note: true } }),
        key: { id: data.id, orgId: ctx.org.id },
        version: data.version,
        missing: "No such objection.",
      },
      (before) => {
        if (before.status !== "OPEN") throw new AppError("conflict", "This objection was already decided.");
        return { status: data.status, note: data.note, decidedAt: new Date(now()), decidedById: ctx.user.id };
      },
    );
    await recordAudit(tx, ctx, { action: "notices.objection.decide", targetType: "subprocessor_objection", targetId: data.id, before: { status: saved.before.status }, after: { status: data.status, note: data.note } });
    return { version: saved.version };
  });
}
