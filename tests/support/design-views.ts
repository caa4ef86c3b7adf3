import { readFileSync } from "node:fs";
import path from "node:path";
import type { PublicView } from "@/modules/publishing/view";
import { sparseView } from "./public-view";

/**
 * Public views for tests of the page's design and budgets (issue 15), without a database: the
 * demo tenant's dataset (prisma/demo-dataset.json) shaped as the projection shapes it, and a
 * stress tenant (long names, 100 controls, 30 subprocessors, empty sections). Both are parsed by
 * the real schema through sparseView().
 */
type Control = PublicView["controls"]["domains"][number]["controls"][number];
type Sub = PublicView["subprocessors"][number];

function coverage(controls: Control[]): PublicView["controls"]["coverage"] {
  const count = (status: Control["status"]) => controls.filter((c) => c.status === status).length;
  const applicable = controls.length - count("NOT_APPLICABLE");
  return {
    total: controls.length,
    applicable,
    IMPLEMENTED: count("IMPLEMENTED"),
    IN_PROGRESS: count("IN_PROGRESS"),
    PLANNED: count("PLANNED"),
    NOT_APPLICABLE: count("NOT_APPLICABLE"),
    percent: applicable ? Math.round((100 * count("IMPLEMENTED")) / applicable) : null,
  };
}

function grouped(controls: (Control & { domain: string })[]): PublicView["controls"] {
  const domains = new Map<string, Control[]>();
  for (const { domain, ...control } of controls) domains.set(domain, [...(domains.get(domain) ?? []), control]);
  return { coverage: coverage(controls), domains: [...domains].map(([name, list]) => ({ name, controls: list })) };
}

type Row = Record<string, unknown>;
// Values copied as they are: sparseView() parses the result with the real schema.
const pick = <T>(row: Row, keys: string[]) => Object.fromEntries(keys.map((k) => [k, row[k] ?? null])) as T;
type Framework = PublicView["frameworks"][number];
type Policy = NonNullable<PublicView["disclosure"]>;

export function demoView(): PublicView {
  const data = JSON.parse(readFileSync(path.resolve("prisma/demo-dataset.json"), "utf8")) as Record<string, Row[]> & { organization: Row; disclosure: Row };
  const icons = ["key", "lock", "shield", "database", "eye", "users", "server", "clock"] as const;
  const controls = data.controls!.map((c, i) => ({
    domain: String(c.domain),
    ref: String(c.ref),
    title: String(c.title),
    description: String(c.description ?? ""),
    status: c.status as Control["status"],
    reviewCadenceDays: Number(c.reviewCadenceDays ?? 365),
    lastReviewedAt: (c.lastReviewedAt as string) ?? null,
    reviewDueOn: "2027-03-31",
    evidence: ((c.evidence as Row[]) ?? []).map((e) => ({ label: String(e.label), kind: e.kind as Control["evidence"][number]["kind"], target: String(e.target) })),
    icon: icons[i % icons.length],
  }));
  const org = data.organization;
  return sparseView({
    organization: {
      name: String(org.name),
      slug: "demo",
      overview: String(org.overview),
      brandColor: String(org.brandColor),
      securityContactEmail: String(org.securityContactEmail),
      logo: null,
      pageVersion: "v1.4.2",
      pageEffectiveDate: "2026-11-01",
      subprocessorNoticeDays: 30,
    },
    controls: grouped(controls),
    frameworks: [
      ...data.frameworks!.map((f) => ({ ...pick<Framework>(f, ["name", "status", "auditor", "periodStart", "periodEnd", "reportUrl"]), note: String(f.note ?? "") })),
      { name: "ISO/IEC 27001 (hosting)", status: "INHERITED" as const, auditor: null, periodStart: null, periodEnd: null, reportUrl: null, note: "", inheritedFrom: "Northwind Cloud" },
    ],
    subprocessors: data.subprocessors!.map((s) => pick<Sub>(s, ["vendor", "website", "purpose", "dataCategories", "location", "transferMechanism", "since", "status", "effectiveDate", "removedAt"])),
    faqs: data.faqs!.map((f) => ({ question: String(f.question), answer: String(f.answer) })),
    updates: data.updates!.map((u) => ({ title: String(u.title), body: String(u.body), category: u.category as never, publishedAt: String(u.publishedAt) })),
    sections: data.sections!.map((s) => ({ title: String(s.title), body: String(s.body) })),
    disclosure: {
      ...pick<Policy>(data.disclosure, ["policy", "encryptionUrl", "acknowledgmentsUrl", "bugBountyUrl", "expiresAt"]),
      contacts: ["mailto:security@demo.test"],
      preferredLanguages: "en",
      responseWithin: 1,
      responseUnit: "BUSINESS_DAYS",
      safeHarbor: String(data.disclosure.safeHarbor ?? ""),
      bugBounty: false,
    },
  });
}

const LONG = "Extraordinarily Long Organisation Name for Internationalised Cross-Border Processing GmbH & Co. KG";

/** 100 controls in 10 areas, 30 subprocessors (with nested providers), long names, empty sections. */
export function stressView(): PublicView {
  const statuses: Control["status"][] = ["IMPLEMENTED", "IMPLEMENTED", "IMPLEMENTED", "IN_PROGRESS", "PLANNED", "NOT_APPLICABLE"];
  const controls = Array.from({ length: 100 }, (_, i) => ({
    domain: `Area ${Math.floor(i / 10) + 1}: ${i < 10 ? "Identity, access management and privileged access review for production systems" : "Operations"}`,
    ref: `CTL-${String(i + 1).padStart(3, "0")}`,
    title: i % 7 === 0 ? `A deliberately long control title that keeps going to test wrapping on narrow screens number ${i + 1}` : `Control number ${i + 1}`,
    description: `What control ${i + 1} does, in a sentence or two, with **emphasis** and a \`config/path-${i + 1}.yaml\` reference.`,
    status: statuses[i % statuses.length]!,
    reviewCadenceDays: 365,
    lastReviewedAt: "2026-06-01",
    reviewDueOn: "2027-06-01",
    evidence: [{ label: "Configuration", kind: "CONFIG" as const, target: `infrastructure/modules/very/deeply/nested/path/to/a/file-${i + 1}.tf` }],
    ...(i % 3 === 0 ? { icon: "lock" as const } : {}),
  }));
  const subprocessors: Sub[] = Array.from({ length: 30 }, (_, i) => ({
    vendor: i === 0 ? "Supercalifragilisticexpialidocious Cloud Infrastructure Provider Incorporated" : `Vendor ${i + 1}`,
    website: `https://vendor-${i + 1}.example`,
    purpose: "Processing of customer records for the purpose of delivering the service",
    dataCategories: "Names, email addresses, IP addresses, uploaded documents",
    location: i % 2 ? "Frankfurt am Main, Germany; Dublin, Ireland; Amsterdam, Netherlands" : "United States of America",
    transferMechanism: i % 2 ? null : "EU Standard Contractual Clauses (2021/914), module three",
    since: "2025-01-01",
    status: i === 29 ? "PLANNED" : "ACTIVE",
    effectiveDate: i === 29 ? "2027-02-01" : null,
    removedAt: null,
    ...(i > 0 && i % 5 === 0 ? { parent: "Vendor 2" } : {}),
    ...(i % 4 === 0 ? { dataRetention: "30 days after the end of the contract" } : {}),
  }));
  return sparseView({
    organization: { name: LONG, slug: "stress", overview: `${LONG} publishes this page to show how it protects customer data across every one of its many services and regions.`, brandColor: "#ffff00", securityContactEmail: "security-team-with-a-long-address@stress-tenant.example", logo: null },
    controls: grouped(controls),
    frameworks: [
      { name: "SOC 2 Type II", status: "CERTIFIED", auditor: "An Auditor LLP", periodStart: "2026-01-01", periodEnd: "2027-12-31", reportUrl: null, note: "" },
      { name: "ISO/IEC 27001:2022", status: "CERTIFIED", auditor: "A Certification Body", periodStart: "2023-01-01", periodEnd: "2025-12-31", reportUrl: null, note: "" },
      { name: "PCI DSS", status: "IN_PROGRESS", auditor: null, periodStart: null, periodEnd: null, reportUrl: null, note: "", targetDate: "2027-08-15" },
      { name: "Cloud Security Alliance STAR Level 2 with a long framework name", status: "INHERITED", auditor: null, periodStart: null, periodEnd: null, reportUrl: null, note: "", inheritedFrom: "Supercalifragilisticexpialidocious Cloud" },
      { name: "FedRAMP", status: "NOT_PURSUED", auditor: null, periodStart: null, periodEnd: null, reportUrl: null, note: "" },
    ],
    subprocessors,
    // Empty sections: a section with no body is hidden, and nothing links to it.
    sections: [{ title: "An empty section", body: "   " }],
  });
}

/**
 * The bench's measured tenant (scripts/bench-public.ts) without a database: the demo cycled to
 * 100 controls, 30 subprocessors and 20 FAQs, plus 10 documents (4 under NDA).
 */
export function benchView(): PublicView {
  const demo = demoView();
  const cycle = <T>(items: T[], count: number, vary: (item: T, i: number) => T) => Array.from({ length: count }, (_, i) => vary(items[i % items.length]!, i));
  const all = demo.controls.domains.flatMap((d) => d.controls.map((c) => ({ ...c, domain: d.name })));
  const controls = cycle(all, 100, (c, i) => ({ ...c, ref: `${c.ref}-${Math.floor(i / all.length) + 1}` }));
  return sparseView({
    ...demo,
    controls: grouped(controls),
    subprocessors: cycle(demo.subprocessors, 30, (s, i) => ({ ...s, vendor: `${s.vendor} ${i + 1}` })),
    faqs: cycle(demo.faqs, 20, (f, i) => ({ ...f, question: `${f.question} (${i + 1})` })),
    documents: Array.from({ length: 10 }, (_, i) => ({
      id: `00000000-0000-4000-8000-${String(i + 1).padStart(12, "0")}`,
      title: `Policy document ${i + 1}`,
      description: `What document ${i + 1} covers.`,
      category: i < 4 ? "Audit reports" : "Policies",
      access: i < 4 ? ("nda" as const) : ("public" as const),
      version: { number: 1, label: "2026", effectiveDate: "2026-06-30", file: i < 4 ? null : { name: `document-${i + 1}.pdf`, mimeType: "application/pdf", size: 20_040, sha256: "a".repeat(64) } },
    })),
  });
}
