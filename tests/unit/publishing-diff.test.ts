import { describe, expect, it } from "vitest";
import { describeChanges } from "@/modules/publishing/diff";
import { publicViewSchema, type PublicView } from "@/modules/publishing/view";

// A view as the projection builds it (keys in schema order).
const draft: PublicView = publicViewSchema.parse({
  organization: { name: "Acme", slug: "acme", overview: "We care.", brandColor: null, securityContactEmail: "security@acme.example", logo: null },
  controls: {
    coverage: { total: 1, applicable: 1, IMPLEMENTED: 1, IN_PROGRESS: 0, PLANNED: 0, NOT_APPLICABLE: 0, percent: 100 },
    domains: [
      {
        name: "Access Control",
        controls: [
          {
            ref: "AC-01",
            title: "MFA for admins",
            description: "Enforced by the identity provider.",
            status: "IMPLEMENTED",
            reviewCadenceDays: 365,
            lastReviewedAt: "2026-10-01",
            evidence: [{ label: "IdP policy", kind: "URL", target: "https://acme.example/idp" }],
          },
        ],
      },
    ],
  },
  frameworks: [{ name: "SOC 2 Type II", status: "CERTIFIED", auditor: "Example LLP", periodStart: "2026-01-01", periodEnd: "2026-06-30", reportUrl: null, note: "" }],
  subprocessors: [
    { vendor: "Postmark", website: null, purpose: "Email delivery", dataCategories: "Email addresses", location: "US", transferMechanism: "SCCs", since: "2025-01-01", status: "ACTIVE", effectiveDate: null, removedAt: null },
  ],
  documents: [],
  faqs: [{ question: "Do you encrypt?", answer: "Yes." }],
  updates: [],
  sections: [],
  reviews: [],
  disclosure: {
    policy: "Write to us.",
    contacts: ["mailto:security@acme.example"],
    encryptionUrl: null,
    acknowledgmentsUrl: null,
    preferredLanguages: "en",
    responseTime: null,
    safeHarbor: "",
    bugBounty: false,
    bugBountyUrl: null,
    expiresAt: "2027-01-01",
  },
});

/** The same data with every object's keys in reverse order, as a parse of other bytes may give. */
function reordered(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reordered);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reordered(v)]));
  return value;
}

describe("describeChanges", () => {
  it("sees no change between a view and the same view with its keys in another order", () => {
    expect(describeChanges(reordered(draft) as PublicView, draft)).toEqual(["No visible change."]);
    expect(describeChanges(draft, reordered(draft) as PublicView)).toEqual(["No visible change."]);
  });

  it("still names real changes inside objects whose keys are reordered", () => {
    const live = reordered(draft) as PublicView;
    const next = structuredClone(draft);
    next.controls.domains[0]!.controls[0]!.evidence[0]!.target = "https://acme.example/idp-v2";
    next.subprocessors[0]!.location = "EU";
    next.disclosure!.responseTime = "3 business days";
    expect(describeChanges(live, next)).toEqual(["AC-01: evidence updated", "Subprocessor Postmark: details updated", "Disclosure policy updated."]);
  });
});
