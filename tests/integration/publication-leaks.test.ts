import { describe, expect, it } from "vitest";
import { createControl, addEvidence } from "@/modules/controls/server/controls";
import { createItem } from "@/modules/content/server/crud";
import { saveDisclosure } from "@/modules/disclosure/server/disclosure";
import { createDocument } from "@/modules/documents/server/documents";
import { createReview } from "@/modules/reviews/server/reviews";
import { updateOrganizationSettings, getOrganizationSettings } from "@/modules/organizations/server/organizations";
import { publish } from "@/modules/publishing/server/publish";
import { changelog, feed, securityTxt, trustDocument, trustPage, verifyPage } from "@/modules/publishing/server/surfaces";
import { createOrg } from "../support/factories";

/**
 * The projection is the only door to the public (DESIGN.md invariant 4). An organisation gets
 * every content type in every visibility, each value marked with where it may appear; after
 * publishing, no PRIVATE value, and no NDA value other than an NDA document's listing, may
 * appear on any public surface: the page (HTML and its JSON-LD), trust.json, security.txt, the
 * feed, the changelog, the verification page.
 */
const get = (url: string) => new Request(`http://localhost:3000${url}`);
const pdf = (tag: string) => ({ name: `${tag}.pdf`, bytes: new TextEncoder().encode(`%PDF-1.4\n% ${tag}\n%%EOF\n`) });

describe("what publishing reveals", () => {
  it("no private or NDA value reaches any public surface", async () => {
    const { ctx, org } = await createOrg(undefined, "Leaky");
    const { version } = await getOrganizationSettings({ ctx });
    await updateOrganizationSettings({ ctx, input: { name: "Leaky", overview: "Public overview PUBLIC-overview", version }, logo: { kind: "keep" } });

    for (const visibility of ["PUBLIC", "NDA", "PRIVATE"] as const) {
      const v = visibility;
      const control = await createControl({ ctx, input: { ref: `C-${v}`, area: `Area ${v}-domain`, title: `${v}-control-title`, description: `${v}-control-description`, status: "IMPLEMENTED", visibility: v } });
      for (const evidenceVisibility of ["PUBLIC", "NDA", "PRIVATE"] as const) {
        await addEvidence({ ctx, controlId: control.id, input: { label: `${v}-control-${evidenceVisibility}-evidence`, kind: "CODE", target: `src/${v}-${evidenceVisibility}-target.ts`, visibility: evidenceVisibility } });
      }
      await createItem({ ctx, kind: "frameworks", input: { name: `${v}-framework`, status: "IN_PROGRESS", auditor: `${v}-auditor`, note: `${v}-framework-note`, visibility: v } });
      await createItem({ ctx, kind: "subprocessors", input: { vendor: `${v}-vendor`, purpose: `${v}-purpose`, dataCategories: `${v}-data`, location: `${v}-location`, visibility: v } });
      await createItem({ ctx, kind: "faqs", input: { question: `${v}-question?`, answer: `${v}-answer`, visibility: v } });
      await createItem({ ctx, kind: "updates", input: { title: `${v}-update-title`, body: `${v}-update-body`, category: "SECURITY", publishedAt: "2026-11-01", visibility: v } });
      await createItem({ ctx, kind: "sections", input: { title: `${v}-section-title`, body: `${v}-section-body`, visibility: v } });
      await createReview({ ctx, input: { title: `${v}-review-title`, reviewedAt: "2026-09-30", template: "api-top10-2023", summary: `${v}-review-summary`, visibility: v } });
      // NDA documents are listed (title, description, category: "LISTED"), never their file.
      const listed = v === "NDA" ? "LISTED" : v;
      await createDocument({ ctx, input: { title: `${listed}-document-title`, description: `${listed}-document-description`, category: `${listed}-category`, visibility: v }, file: pdf(`${v}-file-name`) });
    }
    await saveDisclosure({ ctx, input: { policy: "PUBLIC-policy", contacts: ["mailto:security@leaky.example"], preferredLanguages: "en", expiresAt: new Date(Date.now() + 200 * 86_400_000).toISOString().slice(0, 10), version: 0 } });
    await publish({ ctx });
    // A second publication, so the changelog and feed have diffs to show.
    await createItem({ ctx, kind: "faqs", input: { question: "PRIVATE-late-question?", answer: "PRIVATE-late-answer", visibility: "PRIVATE" } });
    await createItem({ ctx, kind: "faqs", input: { question: "PUBLIC-late-question?", answer: "PUBLIC-late-answer" } });
    await publish({ ctx });

    const slug = org.slug;
    const surfaces = {
      page: await (await trustPage(get(`/t/${slug}`), slug)).text(),
      trustJson: await (await trustDocument(get(`/t/${slug}/trust.json`), slug, null)).text(),
      firstTrustJson: await (await trustDocument(get(`/t/${slug}/trust.json?seq=1`), slug, "1")).text(),
      securityTxt: await (await securityTxt(get(`/t/${slug}/.well-known/security.txt`), slug)).text(),
      feed: await (await feed(get(`/t/${slug}/feed.xml`), slug)).text(),
      changelog: await (await changelog(get(`/t/${slug}/changelog`), slug)).text(),
      verify: await (await verifyPage(get(`/t/${slug}/verify`), slug)).text(),
    };
    for (const [surface, body] of Object.entries(surfaces)) {
      expect(body, surface).not.toMatch(/PRIVATE-/);
      expect(body, surface).not.toMatch(/NDA-/);
      expect(body, surface).not.toContain(ctx.user.email); // the publisher is not public
    }
    // The public values are there (the test would pass vacuously otherwise).
    for (const marker of ["PUBLIC-control-title", "PUBLIC-control-PUBLIC-evidence", "PUBLIC-framework", "PUBLIC-vendor", "PUBLIC-answer", "PUBLIC-update-title", "PUBLIC-section-body", "PUBLIC-review-summary", "PUBLIC-document-title", "PUBLIC-file-name.pdf", "LISTED-document-title", "PUBLIC-late-question?"]) {
      expect(surfaces.page, marker).toContain(marker);
      expect(surfaces.trustJson, marker).toContain(marker);
    }
    expect(surfaces.page).toContain("application/ld+json");
    expect(surfaces.changelog).toContain("FAQ added: PUBLIC-late-question?");
  });
});
