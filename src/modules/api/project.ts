import type * as z from "zod";
import type { accessRequestSchemaOut, controlSchemaOut, controlSummarySchema, frameworkSchemaOut } from "./schemas";

/** Domain rows → the API's resource shapes (dates as ISO-8601). Parsed again by the schema on the way out. */
const iso = (date: Date | null) => (date ? date.toISOString() : null);

type SummaryRow = {
  id: string; ref: string; title: string; status: string; visibility: string; areaId: string; area: string; ownerEmail: string | null;
  reviewCadenceDays: number; lastReviewedAt: Date | null; createdAt: Date; version: number; evidenceCount: number;
};

export function controlSummaryOf(row: SummaryRow): z.input<typeof controlSummarySchema> {
  return {
    id: row.id, ref: row.ref, title: row.title, status: row.status as never, visibility: row.visibility as never, area: { id: row.areaId, name: row.area },
    ownerEmail: row.ownerEmail, reviewCadenceDays: row.reviewCadenceDays, lastReviewedAt: iso(row.lastReviewedAt), createdAt: iso(row.createdAt)!, version: row.version, evidenceCount: row.evidenceCount,
  };
}

type FullRow = Omit<SummaryRow, "area" | "ownerEmail" | "evidenceCount"> & {
  description: string;
  icon: string | null;
  area: { name: string };
  owner: { email: string } | null;
  evidence: { id: string; label: string; kind: string; target: string; visibility: string; position: number }[];
};

export function controlOf(row: FullRow): z.input<typeof controlSchemaOut> {
  return {
    id: row.id, ref: row.ref, title: row.title, status: row.status as never, visibility: row.visibility as never, area: { id: row.areaId, name: row.area.name },
    ownerEmail: row.owner?.email ?? null, reviewCadenceDays: row.reviewCadenceDays, lastReviewedAt: iso(row.lastReviewedAt), createdAt: iso(row.createdAt)!, version: row.version,
    description: row.description,
    icon: row.icon as never,
    evidence: row.evidence.map((e) => ({ id: e.id, label: e.label, kind: e.kind as never, target: e.target, visibility: e.visibility as never, position: e.position })),
  };
}

type RequestRow = {
  id: string; email: string; fullName: string; company: string | null; reason: string | null; scope: { all: true } | { items: string[] };
  status: string; host: string; createdAt: Date; verifiedAt: Date | null; decidedAt: Date | null; decidedByRule: string | null; decisionReason: string | null;
  ndaVersion: { number: number } | null; grant: { id: string } | null;
};

export function accessRequestOf(row: RequestRow): z.input<typeof accessRequestSchemaOut> {
  return {
    id: row.id, email: row.email, fullName: row.fullName, company: row.company, reason: row.reason, scope: row.scope, status: row.status as never, host: row.host,
    createdAt: iso(row.createdAt)!, verifiedAt: iso(row.verifiedAt), decidedAt: iso(row.decidedAt), decidedByRule: row.decidedByRule, decisionReason: row.decisionReason,
    ndaVersion: row.ndaVersion?.number ?? null, grantId: row.grant?.id ?? null,
  };
}

const day = (date: unknown) => (date instanceof Date ? date.toISOString().slice(0, 10) : null);

/** A framework row (the content kit's rows are untyped records) as the API shows it. */
export function frameworkOf(row: Record<string, unknown>): z.input<typeof frameworkSchemaOut> {
  return {
    id: row.id as string, name: row.name as string, status: row.status as never, auditor: (row.auditor as string | null) ?? null, periodStart: day(row.periodStart), periodEnd: day(row.periodEnd),
    reportUrl: (row.reportUrl as string | null) ?? null, note: row.note as string, visibility: row.visibility as never, position: row.position as number, version: row.version as number,
    inheritedFrom: (row.inheritedFrom as string | null) ?? null, targetDate: day(row.targetDate), lastAuditedAt: day(row.lastAuditedAt),
  };
}

/** A content-kit row as its explicit schema shows it: only the schema's fields; calendar dates as YYYY-MM-DD. */
export function contentItemOf(fields: readonly string[], row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(fields.map((field) => [field, row[field] instanceof Date ? day(row[field]) : (row[field] ?? null)]));
}

type DocumentVersionRow = { number: number; label: string; effectiveDate: string | null; fileName: string; mimeType: string; size: number; sha256: string; uploadedAt: Date };
const versionOf = (v: DocumentVersionRow) => ({ number: v.number, label: v.label, effectiveDate: v.effectiveDate, fileName: v.fileName, mimeType: v.mimeType, size: v.size, sha256: v.sha256, uploadedAt: iso(v.uploadedAt)! });
type DocumentRow = { id: string; title: string; description: string; category: string; visibility: string; position: number; version: number; createdAt: Date; updatedAt: Date };
const documentFieldsOf = (d: DocumentRow) => ({
  id: d.id, title: d.title, description: d.description, category: d.category, visibility: d.visibility as never, position: d.position, version: d.version, createdAt: iso(d.createdAt)!, updatedAt: iso(d.updatedAt)!,
});

/** A document of the list (with its latest version), as the API shows it. */
export function documentSummaryOf(row: DocumentRow & { latestVersion: DocumentVersionRow | null; versionCount: number }) {
  return { ...documentFieldsOf(row), latestVersion: row.latestVersion ? versionOf(row.latestVersion) : null, versionCount: row.versionCount };
}

/** A document with all its versions, newest first. */
export function documentOf(row: DocumentRow & { versions: DocumentVersionRow[] }) {
  return { ...documentFieldsOf(row), versions: row.versions.map(versionOf) };
}

type GrantRow = {
  id: string; email: string; fullName: string; company: string; scope: { all: true } | { items: string[] }; state: "active" | "expired" | "revoked"; createdAt: Date; expiresAt: Date;
  extendedAt: Date | null; revokedAt: Date | null; ndaVersion: number | null; downloads: number; version: number;
};

/** An access grant as the API shows it (the dashboard's shape, dates as ISO-8601; no sessions, no links). */
export function grantOf(g: GrantRow) {
  return {
    id: g.id, email: g.email, fullName: g.fullName, company: g.company, scope: g.scope, state: g.state, createdAt: iso(g.createdAt)!, expiresAt: iso(g.expiresAt)!,
    extendedAt: iso(g.extendedAt), revokedAt: iso(g.revokedAt), ndaVersion: g.ndaVersion, downloads: g.downloads, version: g.version,
  };
}

type GrantDetailRow = {
  grant: GrantRow & { revokedBy: string | null };
  downloads: { documentTitle: string; documentId: string; at: Date; sha256: string }[];
  acceptances: { id: string; acceptedAt: Date; ndaVersion: number; textSha256: string }[];
};

/** A grant with its recent downloads and NDA acceptances (no IP addresses or user agents leave here). */
export function grantDetailOf(d: GrantDetailRow) {
  return {
    ...grantOf(d.grant), revokedBy: d.grant.revokedBy,
    recentDownloads: d.downloads.map((x) => ({ documentTitle: x.documentTitle, documentId: x.documentId, at: iso(x.at)!, sha256: x.sha256 })),
    acceptances: d.acceptances.map((a) => ({ id: a.id, acceptedAt: iso(a.acceptedAt)!, ndaVersion: a.ndaVersion, textSha256: a.textSha256 })),
  };
}

type EndpointRow = {
  id: string; url: string; description: string; events: string[]; format: string; enabled: boolean; consecutiveFailures: number; disabledAt: Date | null; disabledReason: string | null;
  previousSecretExpiresAt: Date | null; version: number; createdAt: Date;
};

/** A webhook endpoint as the API shows it: never its secret (only create returns that, once). */
export function webhookEndpointOf(e: EndpointRow) {
  return {
    id: e.id, url: e.url, description: e.description, events: e.events as never[], format: e.format as never, enabled: e.enabled, consecutiveFailures: e.consecutiveFailures,
    disabledAt: iso(e.disabledAt), disabledReason: e.disabledReason, previousSecretExpiresAt: iso(e.previousSecretExpiresAt), version: e.version, createdAt: iso(e.createdAt)!,
  };
}

type Counts = { PASS: number; PARTIAL: number; FAIL: number; NOT_APPLICABLE: number; unanswered: number; total: number };
type ReviewRow = { id: string; title: string; reviewedAt: string; template: string; templateName: string; summary: string; visibility: string; version: number; createdAt: Date; updatedAt: Date; counts: Counts };
type ReviewItemRow = { id: string; area: string; ref: string; question: string; result: string | null; evidence: string; finding: string; resolution: string; remediationUrl: string | null; rationale: string; position: number };

/** A review of the list (its rows counted by result), as the API shows it. */
export function reviewSummaryOf(r: ReviewRow) {
  return {
    id: r.id, title: r.title, reviewedAt: r.reviewedAt, template: r.template, templateName: r.templateName, summary: r.summary, visibility: r.visibility as never,
    version: r.version, createdAt: iso(r.createdAt)!, updatedAt: iso(r.updatedAt)!, counts: { ...r.counts },
  };
}

/** A review with its checklist rows in order. */
export function reviewOf(r: ReviewRow & { items: ReviewItemRow[] }) {
  return {
    ...reviewSummaryOf(r),
    items: r.items.map((i) => ({
      id: i.id, area: i.area, ref: i.ref, question: i.question, result: i.result as never, evidence: i.evidence, finding: i.finding, resolution: i.resolution as never,
      remediationUrl: i.remediationUrl, rationale: i.rationale, position: i.position,
    })),
  };
}

type PublicationRequestRow = {
  id: string; status: string; note: string; reason: string | null; viewHash: string; requestedAt: Date; decidedAt: Date | null; publicationSeq: number | null;
  requestedBy: string | null; decidedBy: string | null;
};

/** A publication request as the API shows it (who asked and decided by email; never the requested view itself). */
export function publicationRequestSummaryOf(r: PublicationRequestRow) {
  return {
    id: r.id, status: r.status as never, note: r.note, reason: r.reason, viewHash: r.viewHash, requestedAt: iso(r.requestedAt)!, decidedAt: iso(r.decidedAt),
    publicationSeq: r.publicationSeq, requestedBy: r.requestedBy, decidedBy: r.decidedBy,
  };
}

export function publicationRequestOf(r: PublicationRequestRow & { changes: string[]; stale: boolean; changedSince: string[] }) {
  return { ...publicationRequestSummaryOf(r), changes: r.changes, stale: r.stale, changedSince: r.changedSince };
}

type DeliveryRow = {
  id: string; eventId: string; attempt: number; status: string; responseStatus: number | null; latencyMs: number | null; responseExcerpt: string | null; error: string | null;
  createdAt: Date; event: { type: string };
};

/** One attempt of the delivery log (the dashboard's columns). */
export function webhookDeliveryOf(d: DeliveryRow) {
  return {
    id: d.id, eventId: d.eventId, eventType: d.event.type, attempt: d.attempt, status: d.status as never, responseStatus: d.responseStatus, latencyMs: d.latencyMs,
    responseExcerpt: d.responseExcerpt, error: d.error, createdAt: iso(d.createdAt)!,
  };
}
