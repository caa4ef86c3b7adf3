import "server-only";

import { createHash } from "node:crypto";
import { isoDay, utcDay } from "@/lib/calendar-day";
import { localeOr } from "@/lib/locales";
import { now } from "@/server/clock";
import { coverage, reviewDueAt, type StatusCounts } from "@/modules/controls/coverage";
import type { Tx } from "@/server/db/client";
import { publicViewSchema, type PublicView } from "../view";

/**
 * THE projection: the only code that decides what of an organisation is public. It reads the
 * draft content and keeps what is PUBLIC (NDA documents are listed, without their files); the
 * result is parsed by publicViewSchema, whose strict objects refuse any field not meant for the
 * public. Every public surface renders from its output, through a publication.
 */
const PUBLIC = "PUBLIC" as const;
const day = (value: Date | null | undefined) => (value ? isoDay(value) : null);

export type Projection = { view: PublicView; logo: { bytes: Uint8Array; mimeType: string; sha256: string } | null };

/** Everything public about an organisation, read in its scope (ten reads, one transaction). */
async function readPublic(tx: Tx, orgId: string) {
  const where = { orgId, visibility: PUBLIC };
  const [org, areas, frameworks, subprocessors, documents, faqs, updates, sections, reviews, disclosure] = await Promise.all([
    tx.organization.findUniqueOrThrow({
      where: { id: orgId },
      select: { name: true, slug: true, overview: true, brandColor: true, securityContactEmail: true, logoData: true, logoMimeType: true, pageVersion: true, pageEffectiveDate: true, subprocessorNoticeDays: true, language: true },
    }),
    tx.controlArea.findMany({ where: { orgId }, orderBy: { position: "asc" }, select: { name: true, controls: { where: { visibility: PUBLIC }, orderBy: { position: "asc" }, select: PUBLIC_CONTROL } } }),
    tx.framework.findMany({ where, orderBy: { position: "asc" } }),
    tx.subprocessor.findMany({ where, orderBy: { position: "asc" } }),
    tx.document.findMany({
      where: { orgId, visibility: { in: ["PUBLIC", "NDA"] } },
      orderBy: { position: "asc" },
      select: { id: true, title: true, description: true, category: true, visibility: true, versions: { orderBy: { number: "desc" }, take: 1 } },
    }),
    tx.faq.findMany({ where, orderBy: { position: "asc" }, select: { question: true, answer: true } }),
    tx.update.findMany({ where, orderBy: [{ publishedAt: "desc" }, { createdAt: "desc" }], select: { id: true, title: true, body: true, category: true, publishedAt: true } }),
    tx.section.findMany({ where, orderBy: { position: "asc" }, select: { title: true, body: true, comparison: true } }),
    tx.securityReview.findMany({ where, orderBy: { reviewedAt: "desc" }, include: { items: { orderBy: { position: "asc" } } } }),
    tx.disclosurePolicy.findUnique({ where: { orgId } }),
  ]);
  const upcoming = await upcomingChanges(tx, orgId);
  return { org, areas, frameworks, subprocessors, documents, faqs, updates, sections, reviews, disclosure, upcoming };
}

/**
 * Announced changes of public subprocessors that take effect after today (ADR 031): the notice
 * the page gives. The newest change of a subprocessor's day is listed with the others; each
 * carries its own "Object" link.
 */
async function upcomingChanges(tx: Tx, orgId: string) {
  const rows = await tx.subprocessorChange.findMany({
    where: { orgId, effectiveOn: { gt: utcDay(new Date(now())) }, subprocessor: { visibility: PUBLIC } },
    orderBy: [{ effectiveOn: "asc" }, { createdAt: "asc" }],
    take: 100,
    select: { id: true, vendor: true, kind: true, summary: true, effectiveOn: true, urgent: true, urgentReason: true },
  });
  return rows.map((r) => ({ id: r.id, vendor: r.vendor, kind: r.kind, summary: r.summary, effectiveOn: isoDay(r.effectiveOn), urgent: r.urgent, reason: r.urgent ? r.urgentReason : null }));
}

const PUBLIC_CONTROL = {
  ref: true,
  title: true,
  description: true,
  status: true,
  reviewCadenceDays: true,
  lastReviewedAt: true,
  createdAt: true,
  icon: true,
  evidence: { where: { visibility: PUBLIC }, orderBy: { position: "asc" }, select: { label: true, kind: true, target: true } },
} as const;

type Read = Awaited<ReturnType<typeof readPublic>>;

/** Public controls by area, with coverage over them. trust.json calls the areas `domains` (a published contract). */
function controlsView(areas: Read["areas"]) {
  const counts: StatusCounts = { IMPLEMENTED: 0, IN_PROGRESS: 0, PLANNED: 0, NOT_APPLICABLE: 0 };
  for (const area of areas) for (const control of area.controls) counts[control.status] += 1;
  return {
    coverage: coverage(counts),
    domains: areas
      .filter((area) => area.controls.length > 0)
      .map((area) => ({
        name: area.name,
        controls: area.controls.map(({ createdAt, icon, ...c }) => ({ ...c, lastReviewedAt: day(c.lastReviewedAt), reviewDueOn: day(reviewDueAt({ ...c, createdAt }))!, ...present({ icon }) })),
      })),
  };
}

/** Public documents with their file; NDA ones listed without it. A document with no version yet is not listed. */
function documentsView(documents: Read["documents"]) {
  return documents.flatMap((d) => {
    const version = d.versions[0];
    if (!version) return [];
    const isPublic = d.visibility === PUBLIC;
    const file = isPublic ? { name: version.fileName, mimeType: version.mimeType, size: version.size, sha256: version.sha256 } : null;
    return [{ id: d.id, title: d.title, description: d.description, category: d.category, access: isPublic ? ("public" as const) : ("nda" as const), version: { number: version.number, label: version.label, effectiveDate: day(version.effectiveDate), file } }];
  });
}

function disclosureView(policy: Read["disclosure"]) {
  if (!policy) return null;
  const { policy: text, contacts, encryptionUrl, acknowledgmentsUrl, preferredLanguages, responseWithin, responseUnit, safeHarbor, bugBounty, bugBountyUrl } = policy;
  return { policy: text, contacts, encryptionUrl, acknowledgmentsUrl, preferredLanguages, responseWithin, responseUnit, safeHarbor, bugBounty, bugBountyUrl, expiresAt: day(policy.expiresAt) };
}

/** Only what is set (issue 15): absent fields keep earlier publications' shape. */
const present = <T extends Record<string, unknown>>(fields: T) => Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== null && v !== undefined && v !== "")) as { [K in keyof T]?: NonNullable<T[K]> };

const frameworkView = (f: Read["frameworks"][number]) => ({
  name: f.name,
  status: f.status,
  auditor: f.auditor,
  periodStart: day(f.periodStart),
  periodEnd: day(f.periodEnd),
  reportUrl: f.reportUrl,
  note: f.note,
  ...present({ inheritedFrom: f.status === "INHERITED" ? f.inheritedFrom : null, targetDate: day(f.targetDate), lastAuditedAt: day(f.lastAuditedAt) }),
});

/** The parent is named only when it is itself on the public list (a private vendor never leaks through its child). */
const subprocessorView = (publicVendors: Map<string, string>) => (s: Read["subprocessors"][number]) => ({
  vendor: s.vendor,
  website: s.website,
  purpose: s.purpose,
  dataCategories: s.dataCategories,
  location: s.location,
  transferMechanism: s.transferMechanism,
  since: day(s.since),
  status: s.status,
  effectiveDate: day(s.effectiveDate),
  removedAt: day(s.removedAt),
  ...present({ parent: s.parentId ? publicVendors.get(s.parentId) : null, dataRetention: s.dataRetention.trim() }),
});

const reviewView = (r: Read["reviews"][number]) => ({
  title: r.title,
  reviewedAt: day(r.reviewedAt)!,
  template: r.template,
  summary: r.summary,
  items: r.items.map((i) => ({ area: i.area, ref: i.ref, question: i.question, result: i.result, evidence: i.evidence, finding: i.finding, resolution: i.resolution, remediationUrl: i.remediationUrl, rationale: i.rationale })),
});

export async function projectPublicView(tx: Tx, orgId: string): Promise<Projection> {
  const read = await readPublic(tx, orgId);
  const { org } = read;
  const logo = org.logoData && org.logoMimeType ? { bytes: org.logoData, mimeType: org.logoMimeType, sha256: createHash("sha256").update(org.logoData).digest("hex") } : null;
  const view = {
    organization: {
      name: org.name,
      slug: org.slug,
      overview: org.overview,
      brandColor: org.brandColor,
      securityContactEmail: org.securityContactEmail,
      logo: logo ? { sha256: logo.sha256, mimeType: logo.mimeType } : null,
      ...present({ pageVersion: org.pageVersion, pageEffectiveDate: day(org.pageEffectiveDate), subprocessorNoticeDays: org.subprocessorNoticeDays || null, language: org.language === "en" ? null : localeOr(org.language) }),
    },
    controls: controlsView(read.areas),
    frameworks: read.frameworks.map(frameworkView),
    subprocessors: read.subprocessors.map(subprocessorView(new Map(read.subprocessors.map((s) => [s.id, s.vendor])))),
    ...(read.upcoming.length ? { upcomingChanges: read.upcoming } : {}),
    documents: documentsView(read.documents),
    faqs: read.faqs,
    updates: read.updates.map((u) => ({ ...u, publishedAt: day(u.publishedAt)! })),
    sections: read.sections.map(({ comparison, ...s }) => ({ ...s, ...(comparison ? { comparison: true as const } : {}) })),
    reviews: read.reviews.map(reviewView),
    disclosure: disclosureView(read.disclosure),
  };
  // Parsed by the public schema: a column added to a read above cannot reach the public by accident.
  return { view: publicViewSchema.parse(view), logo };
}
