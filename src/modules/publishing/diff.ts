import canonicalize from "canonicalize";
import type { MessageKey, Translate } from "./render/i18n";
import type { PublicView } from "./view";

/** The published status values, in the catalog's words (each language says them its own way). */
const STATUS_KEYS: Record<string, MessageKey> = {
  IMPLEMENTED: "control.status.implemented", IN_PROGRESS: "control.status.inProgress", PLANNED: "control.status.planned",
  NOT_APPLICABLE: "control.status.notApplicable", CERTIFIED: "cert.valid", ALIGNED: "cert.aligned", NOT_PURSUED: "cert.notPursued",
  INHERITED: "cert.inherited", ACTIVE: "sub.status.active", REMOVED: "sub.status.removed",
};

/**
 * Equal as published: compared in the canonical form (RFC 8785) that publications are hashed in.
 * A live view is parsed back from its canonical bytes (keys sorted) while the draft comes from
 * the projection (keys in schema order), so JSON.stringify would call every object changed.
 */
export function sameContent(a: unknown, b: unknown) {
  return canonicalize(a) === canonicalize(b);
}

function byKey<T>(items: T[], key: (item: T) => string) {
  return new Map(items.map((item) => [key(item), item]));
}

function compare<T>(before: T[], after: T[], key: (item: T) => string, describe: { added: (item: T) => string; removed: (item: T) => string; changed: (a: T, b: T) => string[] }) {
  const lines: string[] = [];
  const old = byKey(before, key);
  const next = byKey(after, key);
  for (const [k, item] of next) {
    const previous = old.get(k);
    if (!previous) lines.push(describe.added(item));
    else if (!sameContent(previous, item)) lines.push(...describe.changed(previous, item));
  }
  for (const [k, item] of old) if (!next.has(k)) lines.push(describe.removed(item));
  return lines;
}

/**
 * What changed between two publications, in words a reader of the changelog understands:
 * "AC-07: Planned → Implemented", "Subprocessor added: X (EU, email delivery)", in the language
 * of the translator given (the changelog and feed in the visitor's; the dashboard, the API and
 * members' mail in English).
 */
export function describeChanges(before: PublicView | null, after: PublicView | null, t: Translate): string[] {
  if (!before && after) return [t("change.first")];
  if (before && !after) return [t("change.offline")];
  if (!before || !after) return [];
  const status = (value: string) => (value in STATUS_KEYS ? t(STATUS_KEYS[value]!) : value);
  const lines: string[] = [];
  if (before.organization.overview !== after.organization.overview) lines.push(t("change.overview"));
  if (before.organization.name !== after.organization.name) lines.push(t("change.name", { from: before.organization.name, to: after.organization.name }));

  const controls = (view: PublicView) => view.controls.domains.flatMap((d) => d.controls.map((c) => ({ ...c, domain: d.name })));
  lines.push(
    ...compare(controls(before), controls(after), (c) => c.ref, {
      added: (c) => t("change.control.added", { ref: c.ref, title: c.title, status: status(c.status) }),
      removed: (c) => t("change.control.removed", { ref: c.ref, title: c.title }),
      changed: (a, b) => {
        const out: string[] = [];
        if (a.status !== b.status) out.push(t("change.status", { name: b.ref, from: status(a.status), to: status(b.status) }));
        if (a.title !== b.title || a.description !== b.description || a.domain !== b.domain) out.push(t("change.control.description", { ref: b.ref }));
        if (!sameContent(a.evidence, b.evidence)) out.push(t("change.control.evidence", { ref: b.ref }));
        if (a.lastReviewedAt !== b.lastReviewedAt && out.length === 0) out.push(t("change.control.reviewed", { ref: b.ref, date: b.lastReviewedAt ?? "" }).trim());
        return out;
      },
    }),
  );
  lines.push(
    ...compare(before.frameworks, after.frameworks, (f) => f.name, {
      added: (f) => t("change.framework.added", { name: f.name, status: status(f.status) }),
      removed: (f) => t("change.framework.removed", { name: f.name }),
      changed: (a, b) => (a.status !== b.status ? [t("change.status", { name: b.name, from: status(a.status), to: status(b.status) })] : [t("change.details", { name: b.name })]),
    }),
  );
  lines.push(
    ...compare(before.subprocessors, after.subprocessors, (s) => s.vendor, {
      added: (s) => t("change.sub.added", { vendor: s.vendor, location: s.location, purpose: s.purpose }),
      removed: (s) => t("change.sub.notListed", { vendor: s.vendor }),
      changed: (a, b) =>
        a.status !== b.status
          ? [b.status === "REMOVED" ? t("change.sub.removed", { vendor: b.vendor, date: b.removedAt ?? "none" }) : t("change.status", { name: b.vendor, from: status(a.status), to: status(b.status) })]
          : [t("change.sub.details", { vendor: b.vendor })],
    }),
  );
  lines.push(
    ...compare(before.documents, after.documents, (d) => d.id, {
      added: (d) => t("change.doc.added", { title: d.title, nda: d.access === "nda" ? "yes" : "no" }),
      removed: (d) => t("change.doc.removed", { title: d.title }),
      changed: (a, b) => (a.version.number !== b.version.number ? [t("change.doc.version", { title: b.title, version: b.version.label || `#${b.version.number}` })] : [t("change.details", { name: b.title })]),
    }),
  );
  const simple = <T>(kind: string, a: T[], b: T[], key: (item: T) => string) =>
    compare(a, b, key, {
      added: (i) => t("change.item.added", { kind, name: key(i) }),
      removed: (i) => t("change.item.removed", { kind, name: key(i) }),
      changed: (_x, i) => [t("change.item.updated", { kind, name: key(i) })],
    });
  lines.push(...simple("faq", before.faqs, after.faqs, (f) => f.question));
  lines.push(...simple("update", before.updates, after.updates, (u) => u.title));
  lines.push(...simple("section", before.sections, after.sections, (s) => s.title));
  lines.push(...simple("review", before.reviews, after.reviews, (r) => `${r.title} (${r.reviewedAt})`));
  if (!sameContent(before.disclosure, after.disclosure)) lines.push(t(after.disclosure ? "change.disclosure.updated" : "change.disclosure.withdrawn"));
  if (before.organization.logo?.sha256 !== after.organization.logo?.sha256) lines.push(t("change.logo"));
  return lines.length ? lines : [t("change.none")];
}
