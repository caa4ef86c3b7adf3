import canonicalize from "canonicalize";
import type { MessageKey, MessageValues, Translate } from "./render/i18n";
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

/**
 * One change, in no language yet: its catalog key and values. `statuses` names the values that are
 * status codes (IMPLEMENTED…), said in the reader's words when the change is (sayChanges).
 */
export type Change = { key: MessageKey; values?: MessageValues; statuses?: string[] };

function compare<T>(before: T[], after: T[], key: (item: T) => string, describe: { added: (item: T) => Change; removed: (item: T) => Change; changed: (a: T, b: T) => Change[] }) {
  const lines: Change[] = [];
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

const STATUS = ["status"];
const FROM_TO = ["from", "to"];

/** What changed between two publications, in no language yet (describeChanges says it in one). */
export function changesBetween(before: PublicView | null, after: PublicView | null): Change[] {
  if (!before && after) return [{ key: "change.first" }];
  if (before && !after) return [{ key: "change.offline" }];
  if (!before || !after) return [];
  const lines: Change[] = [];
  if (before.organization.overview !== after.organization.overview) lines.push({ key: "change.overview" });
  if (before.organization.name !== after.organization.name) lines.push({ key: "change.name", values: { from: before.organization.name, to: after.organization.name } });
  const statusChange = (name: string, from: string, to: string): Change => ({ key: "change.status", values: { name, from, to }, statuses: FROM_TO });

  const controls = (view: PublicView) => view.controls.domains.flatMap((d) => d.controls.map((c) => ({ ...c, domain: d.name })));
  lines.push(
    ...compare(controls(before), controls(after), (c) => c.ref, {
      added: (c) => ({ key: "change.control.added", values: { ref: c.ref, title: c.title, status: c.status }, statuses: STATUS }),
      removed: (c) => ({ key: "change.control.removed", values: { ref: c.ref, title: c.title } }),
      changed: (a, b) => {
        const out: Change[] = [];
        if (a.status !== b.status) out.push(statusChange(b.ref, a.status, b.status));
        if (a.title !== b.title || a.description !== b.description || a.domain !== b.domain) out.push({ key: "change.control.description", values: { ref: b.ref } });
        if (!sameContent(a.evidence, b.evidence)) out.push({ key: "change.control.evidence", values: { ref: b.ref } });
        if (a.lastReviewedAt !== b.lastReviewedAt && out.length === 0) out.push({ key: "change.control.reviewed", values: { ref: b.ref, date: b.lastReviewedAt ?? "" } });
        return out;
      },
    }),
  );
  lines.push(
    ...compare(before.frameworks, after.frameworks, (f) => f.name, {
      added: (f) => ({ key: "change.framework.added", values: { name: f.name, status: f.status }, statuses: STATUS }),
      removed: (f) => ({ key: "change.framework.removed", values: { name: f.name } }),
      changed: (a, b): Change[] => [a.status !== b.status ? statusChange(b.name, a.status, b.status) : { key: "change.details", values: { name: b.name } }],
    }),
  );
  lines.push(
    ...compare(before.subprocessors, after.subprocessors, (s) => s.vendor, {
      added: (s) => ({ key: "change.sub.added", values: { vendor: s.vendor, location: s.location, purpose: s.purpose } }),
      removed: (s) => ({ key: "change.sub.notListed", values: { vendor: s.vendor } }),
      changed: (a, b): Change[] => [
        a.status === b.status
          ? { key: "change.sub.details", values: { vendor: b.vendor } }
          : b.status === "REMOVED"
            ? { key: "change.sub.removed", values: { vendor: b.vendor, date: b.removedAt ?? "none" } }
            : statusChange(b.vendor, a.status, b.status),
      ],
    }),
  );
  lines.push(
    ...compare(before.documents, after.documents, (d) => d.id, {
      added: (d) => ({ key: "change.doc.added", values: { title: d.title, nda: d.access === "nda" ? "yes" : "no" } }),
      removed: (d) => ({ key: "change.doc.removed", values: { title: d.title } }),
      changed: (a, b): Change[] => [a.version.number !== b.version.number ? { key: "change.doc.version", values: { title: b.title, version: b.version.label || `#${b.version.number}` } } : { key: "change.details", values: { name: b.title } }],
    }),
  );
  const simple = <T>(kind: string, a: T[], b: T[], key: (item: T) => string) =>
    compare(a, b, key, {
      added: (i) => ({ key: "change.item.added", values: { kind, name: key(i) } }),
      removed: (i) => ({ key: "change.item.removed", values: { kind, name: key(i) } }),
      changed: (_x, i) => [{ key: "change.item.updated", values: { kind, name: key(i) } }],
    });
  lines.push(...simple("faq", before.faqs, after.faqs, (f) => f.question));
  lines.push(...simple("update", before.updates, after.updates, (u) => u.title));
  lines.push(...simple("section", before.sections, after.sections, (s) => s.title));
  lines.push(...simple("review", before.reviews, after.reviews, (r) => `${r.title} (${r.reviewedAt})`));
  if (!sameContent(before.disclosure, after.disclosure)) lines.push({ key: after.disclosure ? "change.disclosure.updated" : "change.disclosure.withdrawn" });
  if (before.organization.logo?.sha256 !== after.organization.logo?.sha256) lines.push({ key: "change.logo" });
  return lines.length ? lines : [{ key: "change.none" }];
}

/** Changes in the words of the translator given; status codes in that language's words. */
export function sayChanges(changes: Change[], t: Translate): string[] {
  const status = (value: string) => (value in STATUS_KEYS ? t(STATUS_KEYS[value]!) : value);
  return changes.map(({ key, values, statuses }) => {
    const said = statuses && values ? { ...values, ...Object.fromEntries(statuses.map((name) => [name, status(String(values[name]))])) } : values;
    return t(key, said).trim();
  });
}

/**
 * What changed between two publications, in words a reader of the changelog understands:
 * "AC-07: Planned → Implemented", "Subprocessor added: X (EU, email delivery)", in the language
 * of the translator given (the changelog and feed in the visitor's; the dashboard, the API and
 * members' mail in English).
 */
export function describeChanges(before: PublicView | null, after: PublicView | null, t: Translate): string[] {
  return sayChanges(changesBetween(before, after), t);
}

/** A link of the chain as the memo below knows it: its hash names its view. */
type Link = { hash: string; view: PublicView | null };
/** The memo's bound, in changes held (~100 bytes each): a link that changed 1,000 controls holds 1,000. */
const MAX_CHANGES = 100_000;
const linkMemo = new Map<string, Change[]>();
let heldChanges = 0;

/**
 * What a link of the chain changed from the one before it (null: the first), remembered by the
 * two publications' hashes: a publication never changes, so neither does what it changed. The
 * changelog and the feed list every link's changes, on every host and in every language, each
 * time a publication is rendered: without this a publish compared every pair of the chain four
 * times over (~20 ms a pair for 1,000 controls), a cost that grew with the organisation's history.
 */
export function linkChanges(before: Link | null, after: Link): Change[] {
  const key = `${before?.hash ?? ""}>${after.hash}`;
  let changes = linkMemo.get(key);
  if (!changes) {
    changes = changesBetween(before?.view ?? null, after.view);
    linkMemo.set(key, changes);
    heldChanges += changes.length;
    // Oldest first, never the one just made.
    for (const [oldest, held] of linkMemo) {
      if (heldChanges <= MAX_CHANGES || oldest === key) break;
      linkMemo.delete(oldest);
      heldChanges -= held.length;
    }
  }
  return changes;
}
