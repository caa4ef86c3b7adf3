import { LABELS } from "@/modules/content/schema";
import { sameContent } from "./diff";
import type { PublicView } from "./view";

/**
 * The publish page's review of a diff (issue 15): what publishing would add, remove and change,
 * grouped by section and counted, each change readable field by field ("Status: Planned →
 * Implemented", a text's old and new wording). describeChanges (diff.ts) stays the one-line
 * summary the changelog, the feed and the audit trail use; this is the reviewer's long form.
 * Fields are read from the view itself, so a field added to the public view shows up here
 * without a change to this file (its name humanised).
 */

export type FieldChange = { field: string; before: string; after: string };
export type ReviewEntry = { key: string; title: string; fields: FieldChange[] };
export type ReviewSection = { key: string; label: string; added: ReviewEntry[]; removed: ReviewEntry[]; changed: ReviewEntry[] };
export type Review = { kind: "first" | "offline" | "diff"; sections: ReviewSection[]; counts: { added: number; removed: number; changed: number } };

/** A long text is shown up to here in a review; the preview shows it whole. */
export const REVIEW_TEXT_LIMIT = 600;

const FIELD_LABELS: Record<string, string> = {
  ref: "Reference",
  area: "Area",
  lastReviewedAt: "Last reviewed",
  reviewCadenceDays: "Review every (days)",
  dataCategories: "Data categories",
  transferMechanism: "Transfer mechanism",
  removedAt: "Removed on",
  effectiveDate: "Effective date",
  dataRetention: "Data retention",
  parent: "Behind (parent)",
  periodStart: "Period start",
  periodEnd: "Period end",
  reportUrl: "Report link",
  inheritedFrom: "Inherited from",
  targetDate: "Target date",
  lastAuditedAt: "Last audit",
  pageVersion: "Page version",
  pageEffectiveDate: "Effective date",
  brandColor: "Accent colour",
  securityContactEmail: "Security contact",
  subprocessorNoticeDays: "Notice period (days)",
  reviewedAt: "Reviewed on",
  publishedAt: "Dated",
  encryptionUrl: "Encryption key",
  acknowledgmentsUrl: "Acknowledgments",
  preferredLanguages: "Preferred languages",
  responseTime: "Response time",
  safeHarbor: "Safe harbor",
  bugBounty: "Bug bounty",
  bugBountyUrl: "Bug bounty link",
};

const humanise = (field: string) => FIELD_LABELS[field] ?? field.replace(/([a-z])([A-Z])/g, "$1 $2").replace(/^./, (c) => c.toUpperCase()).replace(/ ([A-Z])/g, (_m, c: string) => ` ${c.toLowerCase()}`);

const STATUS_LABELS: Record<string, string> = { ...LABELS.controlStatus, ...LABELS.frameworkStatus, ...LABELS.subprocessorStatus };

function clip(text: string) {
  return text.length > REVIEW_TEXT_LIMIT ? `${text.slice(0, REVIEW_TEXT_LIMIT)}…` : text;
}

/** A value as a reader reads it: statuses by their label, lists by their items' names, nothing as "—". */
export function valueText(field: string, value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (typeof value === "boolean") return value ? "Yes" : "No";
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return clip(field === "status" ? (STATUS_LABELS[value] ?? value) : value);
  if (Array.isArray(value)) return value.length === 0 ? "—" : clip(value.map((item) => (typeof item === "object" && item !== null ? nameOf(item as Record<string, unknown>) : String(item))).join(", "));
  return clip(nameOf(value as Record<string, unknown>));
}

/** What an object is called: its first naming field, else its string fields. */
function nameOf(item: Record<string, unknown>) {
  for (const key of ["label", "title", "name", "question", "ref", "file", "sha256"]) {
    const value = item[key];
    if (typeof value === "string" && value) return value;
    if (key === "file" && value && typeof value === "object") return nameOf(value as Record<string, unknown>);
  }
  return Object.values(item)
    .filter((v) => typeof v === "string" && v)
    .join(" · ");
}

/** The fields that differ, in the order the view lists them; `skip` names fields a reader does not author. */
export function fieldChanges(before: Record<string, unknown>, after: Record<string, unknown>, skip: readonly string[] = []): FieldChange[] {
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((f) => !skip.includes(f));
  return fields
    .filter((f) => !sameContent(before[f] ?? null, after[f] ?? null))
    .map((f) => ({ field: humanise(f), before: valueText(f, before[f]), after: valueText(f, after[f]) }));
}

type Row = Record<string, unknown>;
type Spec = { key: string; label: string; items: (view: PublicView) => Row[]; id: (item: Row) => string; title: (item: Row) => string; skip?: readonly string[] };
const rows = (items: readonly object[]) => items as unknown as Row[];

function section(spec: Spec, before: PublicView, after: PublicView): ReviewSection {
  const old = new Map(spec.items(before).map((item) => [spec.id(item), item]));
  const next = new Map(spec.items(after).map((item) => [spec.id(item), item]));
  const out: ReviewSection = { key: spec.key, label: spec.label, added: [], removed: [], changed: [] };
  for (const [id, item] of next) {
    const previous = old.get(id);
    if (!previous) out.added.push({ key: id, title: spec.title(item), fields: [] });
    else if (!sameContent(previous, item)) out.changed.push({ key: id, title: spec.title(item), fields: fieldChanges(previous, item, spec.skip) });
  }
  for (const [id, item] of old) if (!next.has(id)) out.removed.push({ key: id, title: spec.title(item), fields: [] });
  return out;
}

// The area after the title: a moved control reads "Area: Access → Identity".
const controlsOf = (view: PublicView) => rows(view.controls.domains.flatMap((d) => d.controls.map(({ ref, title, ...c }) => ({ ref, title, area: d.name, ...c }))));
const single = (value: object | null | undefined) => (value ? rows([value]) : []);

const SECTIONS: Spec[] = [
  { key: "organization", label: "Organisation", items: (v) => rows([v.organization]), id: () => "organization", title: (o) => String(o.name), skip: ["slug"] },
  { key: "controls", label: "Controls", items: controlsOf, id: (c) => String(c.ref), title: (c) => `${c.ref} ${c.title}`, skip: ["reviewDueOn"] },
  { key: "frameworks", label: "Certifications and frameworks", items: (v) => rows(v.frameworks), id: (f) => String(f.name), title: (f) => String(f.name) },
  { key: "subprocessors", label: "Subprocessors", items: (v) => rows(v.subprocessors), id: (s) => String(s.vendor), title: (s) => String(s.vendor) },
  { key: "upcoming", label: "Announced subprocessor changes", items: (v) => rows(v.upcomingChanges ?? []), id: (u) => String(u.id), title: (u) => `${u.vendor}: ${u.summary}` },
  { key: "documents", label: "Documents", items: (v) => rows(v.documents), id: (d) => String(d.id), title: (d) => String(d.title) },
  { key: "faqs", label: "FAQs", items: (v) => rows(v.faqs), id: (f) => String(f.question), title: (f) => String(f.question) },
  { key: "updates", label: "Updates", items: (v) => rows(v.updates), id: (u) => String(u.id ?? u.title), title: (u) => String(u.title) },
  { key: "sections", label: "Sections", items: (v) => rows(v.sections), id: (s) => String(s.title), title: (s) => String(s.title) },
  { key: "reviews", label: "Security reviews", items: (v) => rows(v.reviews), id: (r) => `${r.title} (${r.reviewedAt})`, title: (r) => `${r.title} (${r.reviewedAt})` },
  { key: "disclosure", label: "Disclosure policy", items: (v) => single(v.disclosure), id: () => "disclosure", title: () => "Disclosure policy" },
];

/** The review of publishing `after` where `before` is live (null: never published or offline). */
export function reviewChanges(before: PublicView | null, after: PublicView | null): Review {
  if (!after) return { kind: "offline", sections: [], counts: { added: 0, removed: 0, changed: 0 } };
  const base = before ?? emptyLike(after);
  const sections = SECTIONS.map((spec) => section(spec, base, after)).filter((s) => s.added.length + s.removed.length + s.changed.length > 0);
  const count = (pick: (s: ReviewSection) => unknown[]) => sections.reduce((n, s) => n + pick(s).length, 0);
  return { kind: before ? "diff" : "first", sections, counts: { added: count((s) => s.added), removed: count((s) => s.removed), changed: count((s) => s.changed) } };
}

/** A view with nothing in it but the organisation, so a first publication reviews as all added. */
function emptyLike(view: PublicView): PublicView {
  return { ...view, controls: { ...view.controls, domains: [] }, frameworks: [], subprocessors: [], upcomingChanges: [], documents: [], faqs: [], updates: [], sections: [], reviews: [], disclosure: null };
}
