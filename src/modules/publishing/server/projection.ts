import "server-only";

import { createHash } from "node:crypto";
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
const day = (value: Date | null | undefined) => (value ? value.toISOString().slice(0, 10) : null);

export type Projection = { view: PublicView; logo: { bytes: Uint8Array; mimeType: string; sha256: string } | null };

export async function projectPublicView(tx: Tx, orgId: string): Promise<Projection> {
  const where = { orgId, visibility: PUBLIC };
  const [org, domains, frameworks, subprocessors, documents, faqs, updates, sections, reviews, disclosure] = await Promise.all([
    tx.organization.findUniqueOrThrow({
      where: { id: orgId },
      select: { name: true, slug: true, overview: true, brandColor: true, securityContactEmail: true, logoData: true, logoMimeType: true },
    }),
    tx.controlDomain.findMany({
      where: { orgId },
      orderBy: { position: "asc" },
      select: {
        name: true,
        controls: {
          where: { visibility: PUBLIC },
          orderBy: { position: "asc" },
          select: {
            ref: true,
            title: true,
            description: true,
            status: true,
            reviewCadenceDays: true,
            lastReviewedAt: true,
            createdAt: true,
            evidence: { where: { visibility: PUBLIC }, orderBy: { position: "asc" }, select: { label: true, kind: true, target: true } },
          },
        },
      },
    }),
    tx.framework.findMany({ where, orderBy: { position: "asc" } }),
    tx.subprocessor.findMany({ where, orderBy: { position: "asc" } }),
    tx.document.findMany({
      where: { orgId, visibility: { in: ["PUBLIC", "NDA"] } },
      orderBy: { position: "asc" },
      select: { id: true, title: true, description: true, category: true, visibility: true, versions: { orderBy: { number: "desc" }, take: 1 } },
    }),
    tx.faq.findMany({ where, orderBy: { position: "asc" }, select: { question: true, answer: true } }),
    tx.update.findMany({ where, orderBy: [{ publishedAt: "desc" }, { createdAt: "desc" }], select: { title: true, body: true, category: true, publishedAt: true } }),
    tx.section.findMany({ where, orderBy: { position: "asc" }, select: { title: true, body: true } }),
    tx.securityReview.findMany({ where, orderBy: { reviewedAt: "desc" }, include: { items: { orderBy: { position: "asc" } } } }),
    tx.disclosurePolicy.findUnique({ where: { orgId } }),
  ]);

  const counts: StatusCounts = { IMPLEMENTED: 0, IN_PROGRESS: 0, PLANNED: 0, NOT_APPLICABLE: 0 };
  for (const domain of domains) for (const control of domain.controls) counts[control.status] += 1;

  const logo = org.logoData && org.logoMimeType ? { bytes: org.logoData, mimeType: org.logoMimeType, sha256: createHash("sha256").update(org.logoData).digest("hex") } : null;

  const view = {
    organization: {
      name: org.name,
      slug: org.slug,
      overview: org.overview,
      brandColor: org.brandColor,
      securityContactEmail: org.securityContactEmail,
      logo: logo ? { sha256: logo.sha256, mimeType: logo.mimeType } : null,
    },
    controls: {
      coverage: coverage(counts),
      domains: domains
        .filter((domain) => domain.controls.length > 0)
        .map((domain) => ({
          name: domain.name,
          controls: domain.controls.map(({ createdAt, ...c }) => ({ ...c, lastReviewedAt: day(c.lastReviewedAt), reviewDueOn: day(reviewDueAt({ ...c, createdAt }))! })),
        })),
    },
    frameworks: frameworks.map((f) => ({ name: f.name, status: f.status, auditor: f.auditor, periodStart: day(f.periodStart), periodEnd: day(f.periodEnd), reportUrl: f.reportUrl, note: f.note })),
    subprocessors: subprocessors.map((s) => ({
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
    })),
    documents: documents
      .filter((d) => d.versions.length > 0)
      .map((d) => {
        const version = d.versions[0]!;
        const isPublic = d.visibility === PUBLIC;
        return {
          id: d.id,
          title: d.title,
          description: d.description,
          category: d.category,
          access: isPublic ? ("public" as const) : ("nda" as const),
          version: {
            number: version.number,
            label: version.label,
            effectiveDate: day(version.effectiveDate),
            file: isPublic ? { name: version.fileName, mimeType: version.mimeType, size: version.size, sha256: version.sha256 } : null,
          },
        };
      }),
    faqs,
    updates: updates.map((u) => ({ ...u, publishedAt: day(u.publishedAt)! })),
    sections,
    reviews: reviews.map((r) => ({
      title: r.title,
      reviewedAt: day(r.reviewedAt)!,
      template: r.template,
      summary: r.summary,
      items: r.items.map((i) => ({ area: i.area, ref: i.ref, question: i.question, result: i.result, evidence: i.evidence, finding: i.finding, resolution: i.resolution, remediationUrl: i.remediationUrl, rationale: i.rationale })),
    })),
    disclosure: disclosure
      ? {
          policy: disclosure.policy,
          contacts: disclosure.contacts,
          encryptionUrl: disclosure.encryptionUrl,
          acknowledgmentsUrl: disclosure.acknowledgmentsUrl,
          preferredLanguages: disclosure.preferredLanguages,
          responseWithin: disclosure.responseWithin,
          responseUnit: disclosure.responseUnit,
          safeHarbor: disclosure.safeHarbor,
          bugBounty: disclosure.bugBounty,
          bugBountyUrl: disclosure.bugBountyUrl,
          expiresAt: day(disclosure.expiresAt),
        }
      : null,
  };
  return { view: publicViewSchema.parse(view), logo };
}
