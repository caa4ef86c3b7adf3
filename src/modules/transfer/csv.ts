import Papa from "papaparse";
import { CONTROL_STATUSES, EVIDENCE_KINDS, LABELS, SUBPROCESSOR_STATUSES, VISIBILITIES } from "@/modules/content/schema";

/**
 * The CSV layouts for controls and subprocessors: one header row, one item per row. Evidence sits
 * in one cell: entries separated by " ;; ", each "label | kind | target | visibility".
 * Enum cells accept the value or its label, in any case ("In progress", "IN_PROGRESS").
 */
export const CONTROL_COLUMNS = ["ref", "domain", "title", "description", "status", "visibility", "owner_email", "review_cadence_days", "last_reviewed_at", "evidence"] as const;
export const SUBPROCESSOR_COLUMNS = ["vendor", "website", "purpose", "data_categories", "location", "transfer_mechanism", "since", "status", "effective_date", "removed_at", "visibility", "parent", "data_retention"] as const;

const EVIDENCE_SEPARATOR = " ;; ";

function enumValue(value: string | undefined, values: readonly string[], labels: Record<string, string>) {
  const text = (value ?? "").trim();
  if (!text) return undefined;
  const upper = text.toUpperCase().replace(/[\s-]+/g, "_");
  if (values.includes(upper)) return upper;
  const byLabel = Object.entries(labels).find(([, label]) => label.toLowerCase() === text.toLowerCase());
  return byLabel?.[0] ?? text; // unknown: let the schema say so
}

const blank = (value: string | undefined) => (value === undefined || value.trim() === "" ? undefined : value.trim());

export function parseCsv(text: string) {
  const result = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ""), {
    header: true,
    skipEmptyLines: "greedy",
    transformHeader: (h) => h.trim().toLowerCase().replace(/\s+/g, "_"),
    // Undo the quote our export puts before = + - @ (so "- item" Markdown survives a round trip).
    transform: (value) => (/^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value),
  });
  return { rows: result.data, fields: result.meta.fields ?? [], errors: result.errors.map((e) => ({ row: (e.row ?? 0) + 2, message: e.message })) };
}

export function controlFromCsv(row: Record<string, string>) {
  const evidence = (row.evidence ?? "")
    .split(EVIDENCE_SEPARATOR)
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const [label, kind, target, visibility] = entry.split("|").map((part) => part.trim());
      return { label, kind: enumValue(kind, EVIDENCE_KINDS, LABELS.evidenceKind), target, visibility: enumValue(visibility, VISIBILITIES, LABELS.visibility) ?? "PUBLIC" };
    });
  return {
    ref: blank(row.ref),
    // The column is `domain` (the export format's word for a control's area); `area` is accepted too.
    domain: blank(row.domain ?? row.area),
    title: blank(row.title),
    description: row.description ?? "",
    status: enumValue(row.status, CONTROL_STATUSES, LABELS.controlStatus),
    visibility: enumValue(row.visibility, VISIBILITIES, LABELS.visibility),
    ownerEmail: blank(row.owner_email),
    reviewCadenceDays: blank(row.review_cadence_days),
    lastReviewedAt: blank(row.last_reviewed_at),
    evidence,
  };
}

export function subprocessorFromCsv(row: Record<string, string>) {
  return {
    vendor: blank(row.vendor),
    website: blank(row.website),
    purpose: blank(row.purpose),
    dataCategories: row.data_categories ?? "",
    location: blank(row.location),
    transferMechanism: blank(row.transfer_mechanism),
    since: blank(row.since),
    status: enumValue(row.status, SUBPROCESSOR_STATUSES, LABELS.subprocessorStatus),
    effectiveDate: blank(row.effective_date),
    removedAt: blank(row.removed_at),
    visibility: enumValue(row.visibility, VISIBILITIES, LABELS.visibility),
    // Issue 15: the vendor this one sits behind, and how long it keeps the data. Files from before
    // these columns leave both as they are (a CSV updates only the columns it has).
    parent: blank(row.parent),
    dataRetention: row.data_retention === undefined ? undefined : row.data_retention.trim(),
  };
}

type ControlOut = { ref: string; domain: string; title: string; description: string; status: string; visibility: string; ownerEmail?: string; reviewCadenceDays: number; lastReviewedAt?: string; evidence: { label: string; kind: string; target: string; visibility: string }[] };
type SubprocessorOut = { vendor: string; website?: string; purpose: string; dataCategories: string; location: string; transferMechanism?: string; since?: string; status: string; effectiveDate?: string; removedAt?: string; visibility: string; parent?: string; dataRetention?: string };

/** CSV cells starting with = + - @ are prefixed so spreadsheets do not run them (CSV injection). */
export function controlsToCsv(controls: ControlOut[]) {
  return Papa.unparse(
    {
      fields: [...CONTROL_COLUMNS],
      data: controls.map((c) => [c.ref, c.domain, c.title, c.description, c.status, c.visibility, c.ownerEmail ?? "", c.reviewCadenceDays, c.lastReviewedAt ?? "", c.evidence.map((e) => [e.label, e.kind, e.target, e.visibility].join(" | ")).join(EVIDENCE_SEPARATOR)]),
    },
    { escapeFormulae: true },
  );
}

export function subprocessorsToCsv(items: SubprocessorOut[]) {
  return Papa.unparse(
    {
      fields: [...SUBPROCESSOR_COLUMNS],
      data: items.map((s) => [s.vendor, s.website ?? "", s.purpose, s.dataCategories, s.location, s.transferMechanism ?? "", s.since ?? "", s.status, s.effectiveDate ?? "", s.removedAt ?? "", s.visibility, s.parent ?? "", s.dataRetention ?? ""]),
    },
    { escapeFormulae: true },
  );
}
