import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ChangeReview } from "@/modules/publishing/components/change-review";
import { reviewChanges } from "@/modules/publishing/review";
import type { PublicView } from "@/modules/publishing/view";
import { sparseView } from "../support/public-view";

const control = (ref: string, title: string, status: string, extra: Record<string, unknown> = {}) => ({
  ref,
  title,
  description: "",
  status,
  reviewCadenceDays: 365,
  lastReviewedAt: null,
  evidence: [],
  ...extra,
});
const coverage = { total: 2, applicable: 2, IMPLEMENTED: 1, IN_PROGRESS: 0, PLANNED: 1, NOT_APPLICABLE: 0, percent: 50 };
const sub = (vendor: string, extra: Record<string, unknown> = {}) => ({
  vendor,
  website: null,
  purpose: "Email delivery",
  dataCategories: "",
  location: "EU",
  transferMechanism: null,
  since: null,
  status: "ACTIVE",
  effectiveDate: null,
  removedAt: null,
  ...extra,
});

const live: PublicView = sparseView({
  controls: { coverage, domains: [{ name: "Access Control", controls: [control("AC-01", "SSO for staff", "PLANNED"), control("AC-02", "Old control", "IMPLEMENTED")] }] } as PublicView["controls"],
  subprocessors: [sub("Mailer Ltd")] as PublicView["subprocessors"],
  faqs: [{ question: "Do you encrypt?", answer: "Yes, with AES-256." }],
});
const draft: PublicView = sparseView({
  organization: { ...live.organization, overview: "We publish our posture." },
  controls: { coverage, domains: [{ name: "Access Control", controls: [control("AC-01", "SSO for staff", "IMPLEMENTED", { description: "Okta for every login." })] }] } as PublicView["controls"],
  subprocessors: [sub("Mailer Ltd", { status: "REMOVED", removedAt: "2026-12-01" }), sub("Router Inc", { location: "US" })] as PublicView["subprocessors"],
  faqs: [{ question: "Do you encrypt?", answer: "Yes, with AES-256-GCM at rest and TLS 1.3 in transit." }],
});

describe("the publish page's review of a diff", () => {
  it("groups added, removed and changed by section, counted, with each field's before and after", () => {
    const review = reviewChanges(live, draft);
    expect(review.kind).toBe("diff");
    expect(review.counts).toEqual({ added: 1, removed: 1, changed: 4 });
    expect(review.sections.map((s) => s.label)).toEqual(["Organisation", "Controls", "Subprocessors", "FAQs"]);
    const [org, controls, subs, faqs] = review.sections;
    expect(org!.changed).toEqual([{ key: "organization", title: "Sparse Ltd", fields: [{ field: "Overview", before: "—", after: "We publish our posture." }] }]);
    expect(controls!.changed).toEqual([
      {
        key: "AC-01",
        title: "AC-01 SSO for staff",
        fields: [
          { field: "Description", before: "—", after: "Okta for every login." },
          { field: "Status", before: "Planned", after: "Implemented" },
        ],
      },
    ]);
    expect(controls!.removed).toEqual([{ key: "AC-02", title: "AC-02 Old control", fields: [] }]);
    expect(subs!.added.map((e) => e.title)).toEqual(["Router Inc"]);
    expect(subs!.changed[0]!.fields).toEqual([
      { field: "Status", before: "Active", after: "Removed" },
      { field: "Removed on", before: "—", after: "2026-12-01" },
    ]);
    expect(faqs!.changed[0]!.fields).toEqual([{ field: "Answer", before: "Yes, with AES-256.", after: "Yes, with AES-256-GCM at rest and TLS 1.3 in transit." }]);
  });

  it("a first publication is everything added; the same view is no change; nothing is offline", () => {
    const first = reviewChanges(null, live);
    expect(first.kind).toBe("first");
    expect(first.counts).toEqual({ added: 4, removed: 0, changed: 0 });
    expect(reviewChanges(live, structuredClone(live))).toEqual({ kind: "diff", sections: [], counts: { added: 0, removed: 0, changed: 0 } });
    expect(reviewChanges(live, null).kind).toBe("offline");
  });

  it("a moved control reads as its area changing; a long text is cut at 600 characters", () => {
    const moved = sparseView({ controls: { coverage, domains: [{ name: "Identity", controls: [control("AC-01", "SSO for staff", "PLANNED", { description: "x".repeat(700) })] }] } as PublicView["controls"] });
    const [section] = reviewChanges(sparseView({ controls: live.controls }), moved).sections;
    const fields = section!.changed.find((e) => e.key === "AC-01")!.fields;
    expect(fields.map((f) => f.field)).toEqual(["Area", "Description"]);
    expect(fields[0]).toEqual({ field: "Area", before: "Access Control", after: "Identity" });
    expect(fields[1]!.after).toBe(`${"x".repeat(600)}…`);
  });

  it("renders counts, sections and before → after, escaping whatever the tenant wrote", () => {
    const hostile = sparseView({ faqs: [{ question: "<script>alert(1)</script>", answer: '<img src=x onerror="alert(2)">' }] });
    const html = renderToStaticMarkup(<ChangeReview review={reviewChanges(sparseView(), hostile)} testId="pending-changes" />);
    expect(html).toContain('data-testid="pending-changes-counts">1 added in 1 section.</p>');
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).not.toContain("<script>");
    const changed = renderToStaticMarkup(<ChangeReview review={reviewChanges(live, draft)} testId="pending-changes" />);
    expect(changed).toContain("1 added · 1 removed · 4 changed in 4 sections.");
    expect(changed).toContain('<span class="sr-only">Before: </span>Planned');
    expect(changed).toContain('<span class="sr-only">After: </span>Implemented');
    expect(renderToStaticMarkup(<ChangeReview review={reviewChanges(live, live)} testId="t" />)).toContain("No visible change.");
  });
});
