import "server-only";

import { recordAudit } from "@/modules/audit/server/audit";
import { now } from "@/server/clock";
import { inTenant } from "@/server/db/write";
import { AppError } from "@/server/errors";
import type { OrgContext } from "@/server/gate";
import { toCsv } from "../csv";
import { listDownloadsSchema, PAGE_SIZE, recordDownloadSchema } from "../schema";
import { auditPublic, inPublicTenant, readSettings, type PublicAccessContext } from "./context";
import { visitorEvidence } from "./ip";
import { resolveGranteeSession } from "./sessions";

/**
 * The download log: what each grantee downloaded, when, from where (as the organisation's
 * ipRecording setting allows), with the watermark's id and the SHA-256 of the bytes served.
 * Append-only (the application role may not update or delete it). The download route
 * (document-download.ts) calls recordDownload after resolving the grantee's session and before
 * serving; only an active grant (not revoked, not expired) gets a row.
 */

export async function recordDownload({ ctx, grantId, input }: { ctx: PublicAccessContext; grantId: string; input: unknown }) {
  const data = recordDownloadSchema.parse(input);
  return inPublicTenant(ctx, async (tx) => {
    const settings = await readSettings(tx, ctx.org.id);
    // Checked again in the row's own transaction: a revoke or expiry since the session was read refuses the download.
    const grant = await tx.accessGrant.findFirst({ where: { id: grantId, orgId: ctx.org.id, revokedAt: null, expiresAt: { gt: new Date(now()) } }, select: { id: true, email: true } });
    if (!grant) throw new AppError("not_found", "No such grant.");
    const row = await tx.downloadLog.create({
      data: { orgId: ctx.org.id, grantId: grant.id, email: grant.email, ...data, at: new Date(now()), ...visitorEvidence(ctx.request, settings.ipRecording) },
      select: { id: true },
    });
    await auditPublic(tx, ctx, settings, { action: "access.download", targetType: "document", targetId: data.documentId, after: { grantId, versionId: data.versionId, watermarkId: data.watermarkId, sha256: data.sha256 } });
    return row;
  });
}

function filters(orgId: string, input: ReturnType<typeof listDownloadsSchema.parse>) {
  return {
    orgId,
    ...(input.grantId ? { grantId: input.grantId } : {}),
    ...(input.documentId ? { documentId: input.documentId } : {}),
    ...(input.email ? { email: input.email } : {}),
    ...(input.from || input.to ? { at: { ...(input.from ? { gte: input.from } : {}), ...(input.to ? { lt: input.to } : {}) } } : {}),
  };
}

const DOWNLOAD_SELECT = { id: true, grantId: true, email: true, documentId: true, versionId: true, documentTitle: true, at: true, ipAddress: true, userAgent: true, watermarkId: true, sha256: true } as const;

export async function listDownloads({ ctx, input }: { ctx: OrgContext; input: unknown }) {
  const data = listDownloadsSchema.parse(input ?? {});
  return inTenant(ctx, async (tx) => {
    const where = filters(ctx.org.id, data);
    const total = await tx.downloadLog.count({ where });
    const downloads = await tx.downloadLog.findMany({ where, orderBy: [{ at: "desc" }, { id: "asc" }], skip: (data.page - 1) * PAGE_SIZE, take: PAGE_SIZE, select: DOWNLOAD_SELECT });
    return { total, page: data.page, pageSize: PAGE_SIZE, downloads };
  });
}

/** At most this many rows per export; the filters narrow a larger log. */
export const CSV_MAX_ROWS = 50_000;

/** The filtered log as CSV (every row, not one page). Exporting is itself recorded. */
export async function exportDownloadsCsv({ ctx, input }: { ctx: OrgContext; input: unknown }) {
  const data = listDownloadsSchema.parse(input ?? {});
  return inTenant(ctx, async (tx) => {
    const rows = await tx.downloadLog.findMany({ where: filters(ctx.org.id, data), orderBy: [{ at: "desc" }, { id: "asc" }], take: CSV_MAX_ROWS, select: DOWNLOAD_SELECT });
    await recordAudit(tx, ctx, { action: "access.downloads.export", targetType: "download_log", after: { rows: rows.length } });
    return toCsv(
      ["at", "email", "document", "document_id", "version_id", "grant_id", "ip", "user_agent", "watermark_id", "sha256"],
      rows.map((r) => [r.at.toISOString(), r.email, r.documentTitle, r.documentId, r.versionId, r.grantId, r.ipAddress, r.userAgent, r.watermarkId, r.sha256]),
    );
  });
}

/** A grantee's own downloads (their session on this host), newest first: what they took, when, and each copy's watermark. */
export async function granteeDownloads({ ctx, sessionToken }: { ctx: PublicAccessContext; sessionToken: unknown }) {
  const grantee = await resolveGranteeSession({ ctx, token: sessionToken });
  if (!grantee) throw new AppError("unauthenticated", "Your session has ended. Use your access link again.");
  const rows = await inPublicTenant(ctx, (tx) =>
    tx.downloadLog.findMany({
      where: { orgId: ctx.org.id, grantId: grantee.grantId },
      orderBy: [{ at: "desc" }, { id: "asc" }],
      take: 500,
      select: { documentTitle: true, documentId: true, versionId: true, at: true, watermarkId: true, sha256: true },
    }),
  );
  return { email: grantee.email, rows };
}
