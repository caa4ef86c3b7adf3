import { translator } from "@/modules/publishing/render/i18n";
import type { PageMeta } from "@/modules/publishing/render/page";
import { publicViewSchema, type PublicView } from "@/modules/publishing/view";

/**
 * A public view written out by hand, for tests of the public renderer: a tenant that published
 * nothing but its name (no controls, no policy, no contact), plus whatever a test adds. Parsed
 * by the real schema, so a test cannot render a view the projection could never produce.
 */
export function sparseView(overrides: Partial<PublicView> = {}): PublicView {
  return publicViewSchema.parse({
    organization: { name: "Sparse Ltd", slug: "sparse", overview: "", brandColor: null, securityContactEmail: null, logo: null },
    controls: { coverage: { total: 0, applicable: 0, IMPLEMENTED: 0, IN_PROGRESS: 0, PLANNED: 0, NOT_APPLICABLE: 0, percent: null }, domains: [] },
    frameworks: [],
    subprocessors: [],
    documents: [],
    faqs: [],
    updates: [],
    sections: [],
    reviews: [],
    disclosure: null,
    ...overrides,
  });
}

export function pageMeta(overrides: Partial<PageMeta> = {}): PageMeta {
  return {
    base: "/t/sparse",
    canonicalUrl: "http://localhost:3000/t/sparse",
    seq: 1,
    hash: "0".repeat(64),
    publishedAt: new Date("2026-12-01T10:00:00.000Z"),
    today: new Date("2026-12-01T00:00:00.000Z"),
    locale: "en",
    t: translator("en"),
    ...overrides,
  };
}
