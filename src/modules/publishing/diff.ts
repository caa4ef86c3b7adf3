import canonicalize from "canonicalize";
import { LABELS } from "@/modules/content/schema";
import type { PublicView } from "./view";

/**
 * What changed between two publications, in words a reader of the changelog understands:
 * "AC-07: Planned → Implemented", "Subprocessor added: X (EU, email delivery)".
 */
const status = (value: string) => (LABELS.controlStatus as Record<string, string>)[value] ?? (LABELS.frameworkStatus as Record<string, string>)[value] ?? (LABELS.subprocessorStatus as Record<string, string>)[value] ?? value;

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

export function describeChanges(before: PublicView | null, after: PublicView | null): string[] {
  if (!before && after) return ["First publication."];
  if (before && !after) return ["The trust center was taken offline."];
  if (!before || !after) return [];
  const lines: string[] = [];
  if (before.organization.overview !== after.organization.overview) lines.push("Overview edited.");
  if (before.organization.name !== after.organization.name) lines.push(`Name: ${before.organization.name} → ${after.organization.name}`);

  const controls = (view: PublicView) => view.controls.domains.flatMap((d) => d.controls.map((c) => ({ ...c, domain: d.name })));
  lines.push(
    ...compare(controls(before), controls(after), (c) => c.ref, {
      added: (c) => `Control added: ${c.ref} ${c.title} (${status(c.status)})`,
      removed: (c) => `Control no longer published: ${c.ref} ${c.title}`,
      changed: (a, b) => {
        const out: string[] = [];
        if (a.status !== b.status) out.push(`${b.ref}: ${status(a.status)} → ${status(b.status)}`);
        if (a.title !== b.title || a.description !== b.description || a.domain !== b.domain) out.push(`${b.ref}: description updated`);
        if (!sameContent(a.evidence, b.evidence)) out.push(`${b.ref}: evidence updated`);
        if (a.lastReviewedAt !== b.lastReviewedAt && out.length === 0) out.push(`${b.ref}: reviewed ${b.lastReviewedAt ?? ""}`.trim());
        return out;
      },
    }),
  );
  lines.push(
    ...compare(before.frameworks, after.frameworks, (f) => f.name, {
      added: (f) => `Framework added: ${f.name} (${status(f.status)})`,
      removed: (f) => `Framework removed: ${f.name}`,
      changed: (a, b) => (a.status !== b.status ? [`${b.name}: ${status(a.status)} → ${status(b.status)}`] : [`${b.name}: details updated`]),
    }),
  );
  lines.push(
    ...compare(before.subprocessors, after.subprocessors, (s) => s.vendor, {
      added: (s) => `Subprocessor added: ${s.vendor} (${s.location}, ${s.purpose})`,
      removed: (s) => `Subprocessor no longer listed: ${s.vendor}`,
      changed: (a, b) =>
        a.status !== b.status
          ? [b.status === "REMOVED" ? `Subprocessor removed: ${b.vendor}${b.removedAt ? ` (on ${b.removedAt})` : ""}` : `${b.vendor}: ${status(a.status)} → ${status(b.status)}`]
          : [`Subprocessor ${b.vendor}: details updated`],
    }),
  );
  lines.push(
    ...compare(before.documents, after.documents, (d) => d.id, {
      added: (d) => `Document added: ${d.title}${d.access === "nda" ? " (under NDA)" : ""}`,
      removed: (d) => `Document removed: ${d.title}`,
      changed: (a, b) => (a.version.number !== b.version.number ? [`${b.title}: new version ${b.version.label || `#${b.version.number}`}`] : [`${b.title}: details updated`]),
    }),
  );
  const simple = <T>(label: string, a: T[], b: T[], key: (item: T) => string) =>
    compare(a, b, key, { added: (i) => `${label} added: ${key(i)}`, removed: (i) => `${label} removed: ${key(i)}`, changed: (_x, i) => [`${label} updated: ${key(i)}`] });
  lines.push(...simple("FAQ", before.faqs, after.faqs, (f) => f.question));
  lines.push(...simple("Update", before.updates, after.updates, (u) => u.title));
  lines.push(...simple("Section", before.sections, after.sections, (s) => s.title));
  lines.push(...simple("Security review", before.reviews, after.reviews, (r) => `${r.title} (${r.reviewedAt})`));
  if (!sameContent(before.disclosure, after.disclosure)) lines.push(after.disclosure ? "Disclosure policy updated." : "Disclosure policy withdrawn.");
  if (before.organization.logo?.sha256 !== after.organization.logo?.sha256) lines.push("Logo changed.");
  return lines.length ? lines : ["No visible change."];
}
