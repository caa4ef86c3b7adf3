import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { exportBundleSchema } from "@/modules/content/bundle";
import { REVIEW_TEMPLATES, isTemplateKey, templateKeys } from "@/modules/reviews/templates";

const raw: unknown = JSON.parse(readFileSync(path.resolve(import.meta.dirname, "../../prisma/demo-dataset.json"), "utf8"));

describe("demo dataset (prisma/demo-dataset.json)", () => {
  const parsed = exportBundleSchema.safeParse(raw);

  it("validates against the export format", () => {
    expect(parsed.error?.issues ?? []).toEqual([]);
    expect(parsed.success).toBe(true);
  });

  const bundle = exportBundleSchema.parse(raw);

  it("is the Demo Co organisation", () => {
    expect(bundle.organization?.name).toBe("Demo Co");
    expect(bundle.organization?.brandColor).toBe("#0f766e");
    expect(bundle.organization?.securityContactEmail).toBe("security@demo.test");
    expect(bundle.documents).toEqual([]);
  });

  it("has at least 25 controls in 6 domains, each in a listed domain, with unique refs", () => {
    expect(bundle.controls.length).toBeGreaterThanOrEqual(25);
    const domains = bundle.domains.map((d) => d.name);
    expect(new Set(domains).size).toBe(6);
    expect(domains).toHaveLength(6);
    for (const control of bundle.controls) expect(domains, control.ref).toContain(control.domain);
    for (const domain of domains) expect(bundle.controls.some((c) => c.domain === domain), domain).toBe(true);
    const refs = bundle.controls.map((c) => c.ref.toUpperCase());
    expect(new Set(refs).size).toBe(refs.length);
  });

  it("mixes statuses and visibilities honestly", () => {
    const count = (status: string) => bundle.controls.filter((c) => c.status === status).length;
    expect(count("IMPLEMENTED")).toBeGreaterThan(bundle.controls.length / 2);
    expect(count("IN_PROGRESS")).toBeGreaterThan(0);
    expect(count("PLANNED")).toBeGreaterThan(0);
    expect(count("NOT_APPLICABLE")).toBe(1);
    expect(bundle.controls.filter((c) => c.visibility === "PRIVATE")).toHaveLength(1);
    expect(bundle.controls.filter((c) => c.visibility === "NDA").length).toBeGreaterThan(0);
    for (const control of bundle.controls) {
      expect(control.evidence.length, control.ref).toBeGreaterThanOrEqual(1);
      expect(control.evidence.length, control.ref).toBeLessThanOrEqual(2);
      expect(control.reviewCadenceDays).toBeGreaterThanOrEqual(90);
      expect(control.reviewCadenceDays).toBeLessThanOrEqual(365);
      expect(control.lastReviewedAt?.startsWith("2026-"), control.ref).toBe(true);
    }
  });

  it("has a couple of controls overdue for review (as of the export date)", () => {
    const asOf = Date.parse(bundle.exportedAt ?? "");
    const overdue = bundle.controls.filter((c) => Date.parse(c.lastReviewedAt ?? "") + c.reviewCadenceDays * 86_400_000 <= asOf);
    expect(overdue.length).toBeGreaterThanOrEqual(2);
    expect(overdue.length).toBeLessThanOrEqual(4);
  });

  it("has 5 subprocessors, one removed and one planned", () => {
    expect(bundle.subprocessors).toHaveLength(5);
    expect(bundle.subprocessors.filter((s) => s.status === "REMOVED")).toHaveLength(1);
    expect(bundle.subprocessors.filter((s) => s.status === "PLANNED")).toHaveLength(1);
  });

  it("has 3 frameworks and claims no certification", () => {
    expect(bundle.frameworks).toHaveLength(3);
    expect(bundle.frameworks.some((f) => f.status === "CERTIFIED")).toBe(false);
    expect(bundle.frameworks.some((f) => /self-assessed/i.test(f.note))).toBe(true);
  });

  it("has a disclosure policy that can feed security.txt", () => {
    expect(bundle.disclosure?.contacts).toEqual(["mailto:security@demo.test"]);
    expect(bundle.disclosure?.bugBounty).toBe(false);
    expect(bundle.disclosure?.expiresAt?.startsWith("2027-")).toBe(true);
  });

  it("has FAQs, updates in three categories and two sections", () => {
    expect(bundle.faqs.length).toBeGreaterThanOrEqual(4);
    expect(bundle.updates.map((u) => u.category).sort()).toEqual(["GENERAL", "SECURITY", "SUBPROCESSOR"]);
    expect(bundle.sections.map((s) => s.title)).toEqual(["What we don't do", "Honesty policy"]);
  });

  it("has a dated review whose items all come from its template", () => {
    const templated = bundle.reviews.filter((r) => isTemplateKey(r.template) && r.template !== "custom");
    expect(templated.length).toBeGreaterThanOrEqual(1);
    for (const review of templated) {
      const template = REVIEW_TEMPLATES[review.template as keyof typeof REVIEW_TEMPLATES];
      expect(review.items.length).toBeGreaterThanOrEqual(8);
      for (const item of review.items) {
        expect(template.items.some((t) => t.ref === item.ref && t.area === item.area), `${item.area} ${item.ref}`).toBe(true);
      }
      expect(review.items.some((i) => i.resolution === "REMEDIATED" && i.remediationUrl)).toBe(true);
      expect(review.items.some((i) => i.resolution === "ACCEPTED" && i.rationale.trim())).toBe(true);
    }
  });
});

describe("review templates", () => {
  it("are keyed by their own key", () => {
    expect(Object.keys(REVIEW_TEMPLATES).sort()).toEqual([...templateKeys].sort());
    for (const key of templateKeys) expect(REVIEW_TEMPLATES[key].key).toBe(key);
  });

  it.each(templateKeys)("%s has unique refs", (key) => {
    const refs = REVIEW_TEMPLATES[key].items.map((i) => i.ref);
    expect(new Set(refs).size).toBe(refs.length);
  });

  it("ASVS 5.0 L2 has 40–70 rows in several areas, each citing an ASVS ID", () => {
    const { items } = REVIEW_TEMPLATES["asvs-5-l2"];
    expect(items.length).toBeGreaterThanOrEqual(40);
    expect(items.length).toBeLessThanOrEqual(70);
    expect(new Set(items.map((i) => i.area)).size).toBeGreaterThanOrEqual(8);
    for (const item of items) {
      expect(item.ref).toMatch(/^\d{1,2}\.\d{1,2}\.\d{1,2}$/);
      expect(item.question.trim().length).toBeGreaterThan(20);
    }
  });

  it("API Top 10 2023 has exactly API1:2023 … API10:2023", () => {
    const { items } = REVIEW_TEMPLATES["api-top10-2023"];
    expect(items).toHaveLength(10);
    expect(items.map((i) => i.ref)).toEqual(Array.from({ length: 10 }, (_, n) => `API${n + 1}:2023`));
  });

  it("custom has no items", () => {
    expect(REVIEW_TEMPLATES.custom.items).toEqual([]);
  });
});
