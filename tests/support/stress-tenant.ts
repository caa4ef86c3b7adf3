/**
 * The stress tenant of the public page's design (issue 15), as an import bundle (the
 * `candor.export.v1` format the dashboard's import and applyImport() take): a very long name,
 * 100 controls in 10 areas (long titles, long evidence paths), 30 subprocessors (long names and
 * locations), frameworks of every status, empty sections. Used by tests/e2e/public-design.spec.ts
 * and `npm run bench:lighthouse`.
 */
export const LONG = "Extraordinarily Long Organisation Name for Internationalised Cross-Border Processing GmbH & Co. KG";

export function stressBundle() {
  const statuses = ["IMPLEMENTED", "IMPLEMENTED", "IMPLEMENTED", "IN_PROGRESS", "PLANNED", "NOT_APPLICABLE"];
  const icons = ["lock", "key", "shield", "server", "cloud", "users", "eye", "file", "bug", "database"];
  const domains = Array.from({ length: 10 }, (_, i) => (i === 0 ? "Identity, access management and privileged access review for production systems" : `Operations area ${i + 1}`));
  return {
    format: "candor.export.v1",
    organization: { name: LONG, overview: `${LONG} publishes this page to show how it protects customer data across all of its services.`, brandColor: "#ffff00", securityContactEmail: "security-team-with-a-long-address@stress-tenant.example" },
    domains: domains.map((name) => ({ name })),
    controls: Array.from({ length: 100 }, (_, i) => ({
      ref: `CTL-${String(i + 1).padStart(3, "0")}`,
      domain: domains[Math.floor(i / 10)],
      title: i % 7 === 0 ? `A deliberately long control title that keeps going to test wrapping on narrow screens, number ${i + 1}` : `Control number ${i + 1}`,
      description: `What control ${i + 1} does, with **emphasis** and \`config/path-${i + 1}.yaml\`.`,
      status: statuses[i % statuses.length],
      visibility: "PUBLIC",
      reviewCadenceDays: 3650,
      lastReviewedAt: "2026-06-01",
      ...(i % 3 === 0 ? { icon: icons[i % icons.length] } : {}),
      evidence: [{ label: "Configuration", kind: "CONFIG", target: `infrastructure/modules/very/deeply/nested/path/to/a/file-${i + 1}.tf`, visibility: "PUBLIC" }],
    })),
    frameworks: [
      { name: "SOC 2 Type II", status: "CERTIFIED", auditor: "An Auditor LLP", periodStart: "2026-01-01", periodEnd: "2030-12-31", visibility: "PUBLIC" },
      { name: "ISO/IEC 27001:2022", status: "CERTIFIED", auditor: "A Certification Body", periodStart: "2023-01-01", periodEnd: "2025-12-31", visibility: "PUBLIC" },
      { name: "PCI DSS", status: "IN_PROGRESS", targetDate: "2030-08-15", visibility: "PUBLIC" },
      { name: "Cloud Security Alliance STAR Level 2 with a long framework name", status: "INHERITED", inheritedFrom: "Supercalifragilisticexpialidocious Cloud", visibility: "PUBLIC" },
      { name: "FedRAMP", status: "NOT_PURSUED", visibility: "PUBLIC" },
    ],
    subprocessors: Array.from({ length: 30 }, (_, i) => ({
      vendor: i === 0 ? "Supercalifragilisticexpialidocious Cloud Infrastructure Provider Incorporated" : `Vendor ${i + 1}`,
      website: `https://vendor-${i + 1}.example`,
      purpose: "Processing of customer records for the purpose of delivering the service",
      dataCategories: "Names, email addresses, IP addresses, uploaded documents",
      location: i % 2 ? "Frankfurt am Main, Germany; Dublin, Ireland; Amsterdam, Netherlands" : "United States of America",
      transferMechanism: i % 2 ? undefined : "EU Standard Contractual Clauses (2021/914), module three",
      since: "2025-01-01",
      status: "ACTIVE",
      visibility: "PUBLIC",
    })),
    disclosure: null,
    faqs: [],
    updates: [],
    sections: [],
    reviews: [],
  };
}
