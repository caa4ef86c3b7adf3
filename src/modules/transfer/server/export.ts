import "server-only";

import { localeOr } from "@/lib/locales";
import { EXPORT_FORMAT, type ExportBundle } from "@/modules/content/bundle";
import { toInput } from "@/modules/content/server/crud";
import { WITH_PARENT } from "@/modules/content/server/subprocessor-parent";
import type { Tx } from "@/server/db/client";
import { withTenant } from "@/server/db/tenant";
import type { OrgContext } from "@/server/gate";

const date = (value: Date | null | undefined) => (value ? value.toISOString().slice(0, 10) : undefined);
const clean = <T extends Record<string, unknown>>(value: T) => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null)) as T;

/** Everything the organisation authors, as one export bundle (src/modules/content/bundle.ts). */
export async function exportOrganization({ ctx }: { ctx: OrgContext }): Promise<ExportBundle> {
  return withTenant({ orgId: ctx.org.id, userId: ctx.user.id }, (tx) => readBundle(tx, ctx.org.id), { readOnly: true, timeoutMs: 60_000 });
}

export async function readBundle(tx: Tx, orgId: string): Promise<ExportBundle> {
  const where = { orgId };
  const [org, domains, controls, frameworks, subprocessors, disclosure, faqs, updates, sections, reviews, documents] = await Promise.all([
    tx.organization.findUniqueOrThrow({ where: { id: orgId }, select: { name: true, overview: true, brandColor: true, securityContactEmail: true, pageVersion: true, pageEffectiveDate: true, language: true } }),
    tx.controlArea.findMany({ where, orderBy: { position: "asc" } }),
    tx.control.findMany({ where, orderBy: [{ area: { position: "asc" } }, { position: "asc" }], include: { area: { select: { name: true } }, owner: { select: { email: true } }, evidence: { orderBy: { position: "asc" } } } }),
    tx.framework.findMany({ where, orderBy: { position: "asc" } }),
    tx.subprocessor.findMany({ where, orderBy: { position: "asc" }, include: WITH_PARENT }),
    tx.disclosurePolicy.findUnique({ where: { orgId } }),
    tx.faq.findMany({ where, orderBy: { position: "asc" } }),
    tx.update.findMany({ where, orderBy: [{ publishedAt: "desc" }, { createdAt: "desc" }] }),
    tx.section.findMany({ where, orderBy: { position: "asc" } }),
    tx.securityReview.findMany({ where, orderBy: { reviewedAt: "desc" }, include: { items: { orderBy: { position: "asc" } } } }),
    tx.document.findMany({ where, orderBy: { position: "asc" }, include: { versions: { orderBy: { number: "asc" } } } }),
  ]);
  return {
    format: EXPORT_FORMAT,
    exportedAt: new Date().toISOString(),
    organization: {
      name: org.name,
      overview: org.overview,
      brandColor: org.brandColor,
      securityContactEmail: org.securityContactEmail,
      ...clean({ pageVersion: org.pageVersion, pageEffectiveDate: date(org.pageEffectiveDate) }), language: localeOr(org.language),
    },
    domains: domains.map((d) => ({ name: d.name })),
    controls: controls.map((c) =>
      clean({
        ref: c.ref,
        domain: c.area.name,
        title: c.title,
        description: c.description,
        status: c.status,
        visibility: c.visibility,
        ownerEmail: c.owner?.email,
        reviewCadenceDays: c.reviewCadenceDays,
        lastReviewedAt: date(c.lastReviewedAt),
        icon: c.icon,
        evidence: c.evidence.map((e) => ({ label: e.label, kind: e.kind, target: e.target, visibility: e.visibility })),
      }),
    ),
    frameworks: frameworks.map((row) => clean(toInput("frameworks", row))),
    subprocessors: subprocessors.map((row) => clean(toInput("subprocessors", row))),
    disclosure: disclosure
      ? clean({
          policy: disclosure.policy,
          contacts: disclosure.contacts,
          encryptionUrl: disclosure.encryptionUrl,
          acknowledgmentsUrl: disclosure.acknowledgmentsUrl,
          preferredLanguages: disclosure.preferredLanguages,
          responseWithin: disclosure.responseWithin,
          responseUnit: disclosure.responseWithin === null ? null : disclosure.responseUnit,
          safeHarbor: disclosure.safeHarbor,
          bugBounty: disclosure.bugBounty,
          bugBountyUrl: disclosure.bugBountyUrl,
          expiresAt: date(disclosure.expiresAt),
        })
      : null,
    faqs: faqs.map((row) => clean(toInput("faqs", row))),
    updates: updates.map((row) => clean(toInput("updates", row))),
    sections: sections.map((row) => clean(toInput("sections", row))),
    reviews: reviews.map((r) =>
      clean({
        title: r.title,
        reviewedAt: date(r.reviewedAt),
        template: r.template,
        summary: r.summary,
        visibility: r.visibility,
        items: r.items.map((i) => clean({ area: i.area, ref: i.ref, question: i.question, result: i.result, evidence: i.evidence, finding: i.finding, resolution: i.resolution, remediationUrl: i.remediationUrl, rationale: i.rationale })),
      }),
    ),
    documents: documents.map((d) => ({
      title: d.title,
      description: d.description,
      category: d.category,
      visibility: d.visibility,
      versions: d.versions.map((v) => ({ number: v.number, label: v.label, effectiveDate: date(v.effectiveDate) ?? null, fileName: v.fileName, mimeType: v.mimeType, size: v.size, sha256: v.sha256 })),
    })),
  } as ExportBundle;
}
