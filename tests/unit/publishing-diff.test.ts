import { describe, expect, it } from "vitest";
import { describeChanges, linkChanges, sayChanges } from "@/modules/publishing/diff";
import { translator } from "@/modules/publishing/render/i18n";
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
    expect(describeChanges(reordered(draft) as PublicView, draft, translator("en"))).toEqual(["No visible change."]);
    expect(describeChanges(draft, reordered(draft) as PublicView, translator("en"))).toEqual(["No visible change."]);
  });

  it("still names real changes inside objects whose keys are reordered", () => {
    const live = reordered(draft) as PublicView;
    const next = structuredClone(draft);
    next.controls.domains[0]!.controls[0]!.evidence[0]!.target = "https://acme.example/idp-v2";
    next.subprocessors[0]!.location = "EU";
    next.disclosure!.responseTime = "3 business days";
    expect(describeChanges(live, next, translator("en"))).toEqual(["AC-01: evidence updated", "Subprocessor Postmark: details updated", "Disclosure policy updated."]);
  });

  it("speaks the reader's language: the changelog and feed pass the visitor's translator; tenant words stay as written", () => {
    const next = structuredClone(draft);
    next.controls.domains[0]!.controls[0]!.status = "IN_PROGRESS";
    next.subprocessors[0]!.status = "REMOVED";
    next.subprocessors[0]!.removedAt = "2026-11-01";
    next.organization.overview = "We care a lot.";
    const expected: Record<"en" | "de" | "fr" | "nl" | "es" | "it", string[]> = {
      en: ["Overview edited.", "AC-01: Implemented → In progress", "Subprocessor removed: Postmark (on 2026-11-01)"],
      de: ["Überblick bearbeitet.", "AC-01: Umgesetzt → In Umsetzung", "Unterauftragsverarbeiter entfernt: Postmark (am 2026-11-01)"],
      fr: ["Présentation modifiée.", "AC-01 : Mis en œuvre → En cours", "Sous-traitant retiré : Postmark (le 2026-11-01)"],
      nl: ["Overzicht bewerkt.", "AC-01: Geïmplementeerd → In uitvoering", "Subverwerker verwijderd: Postmark (op 2026-11-01)"],
      es: ["Resumen editado.", "AC-01: Implantado → En curso", "Subencargado retirado: Postmark (el 2026-11-01)"],
      it: ["Panoramica modificata.", "AC-01: Attuato → In corso", "Sub-responsabile rimosso: Postmark (il 2026-11-01)"],
    };
    for (const [locale, lines] of Object.entries(expected)) {
      expect(describeChanges(draft, next, translator(locale as keyof typeof expected)), locale).toEqual(lines);
    }
    expect(describeChanges(null, draft, translator("de"))).toEqual(["Erste Veröffentlichung."]);
    const faq = structuredClone(draft);
    faq.faqs = [{ question: "<b>Do you encrypt?</b>", answer: "Yes." }] as PublicView["faqs"];
    expect(describeChanges(draft, faq, translator("fr"))).toContain("FAQ ajoutée : <b>Do you encrypt?</b>");
  });
});

describe("linkChanges: what a link of the chain changed, remembered by the two publications' hashes", () => {
  const next = structuredClone(draft);
  next.controls.domains[0]!.controls[0]!.status = "PLANNED";
  const third = structuredClone(next);
  third.faqs = [];
  /** Links whose view is counted each time it is read (a stored link parses its document on a read). */
  const readCounter = () => {
    let count = 0;
    const counted = (hash: string, view: PublicView) => ({
      hash,
      get view() {
        count++;
        return view;
      },
    });
    return { counted, reads: () => count };
  };

  it("is remembered without its language: said in English first, then in German with German status words", () => {
    const changes = linkChanges({ hash: "h1", view: draft }, { hash: "h2", view: next });
    expect(sayChanges(changes, translator("en"))).toEqual(["AC-01: Implemented → Planned"]);
    expect(sayChanges(linkChanges({ hash: "h1", view: draft }, { hash: "h2", view: next }), translator("de"))).toEqual(["AC-01: Umgesetzt → Geplant"]);
  });

  it("is keyed by both ends: the same publication after another predecessor, or after none, is compared afresh", () => {
    expect(sayChanges(linkChanges({ hash: "h2", view: next }, { hash: "h3", view: third }), translator("en"))).toEqual(["FAQ removed: Do you encrypt?"]);
    expect(sayChanges(linkChanges({ hash: "h1", view: draft }, { hash: "h3", view: third }), translator("en"))).toEqual(["AC-01: Implemented → Planned", "FAQ removed: Do you encrypt?"]);
    expect(sayChanges(linkChanges(null, { hash: "h3", view: third }), translator("en"))).toEqual(["First publication."]);
  });

  it("reads a link's view only when the pair is not remembered (a stored document is parsed only then)", () => {
    const { counted, reads } = readCounter();
    linkChanges(counted("r1", draft), counted("r2", next));
    expect(reads()).toBe(2);
    linkChanges(counted("r1", draft), counted("r2", next));
    expect(reads()).toBe(2);
  });

  it("holds a bounded number of changes: two links of 60,000 changes each do not both stay remembered", () => {
    const empty = structuredClone(draft);
    empty.controls.domains[0]!.controls = [];
    const many = structuredClone(draft);
    const control = draft.controls.domains[0]!.controls[0]!;
    many.controls.domains[0]!.controls = Array.from({ length: 60_000 }, (_, i) => ({ ...control, ref: `M-${i}` }));
    const { counted, reads } = readCounter();
    expect(linkChanges(counted("big0", empty), counted("big1", many))).toHaveLength(60_000);
    expect(linkChanges(counted("big0", empty), counted("big2", many))).toHaveLength(60_000);
    expect(reads()).toBe(4);
    linkChanges(counted("big0", empty), counted("big2", many)); // the newer one is remembered
    expect(reads()).toBe(4);
    linkChanges(counted("big0", empty), counted("big1", many)); // the older one was let go
    expect(reads()).toBe(6);
  });
});
