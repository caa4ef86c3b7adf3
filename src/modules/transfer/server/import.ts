import "server-only";

import { randomUUID } from "node:crypto";
import canonicalize from "canonicalize";
import * as z from "zod";
import { can } from "@/modules/permissions/permissions";
import { recordAudit } from "@/modules/audit/server/audit";
import { EXPORT_FORMAT, exportBundleSchema } from "@/modules/content/bundle";
import { createItem, toInput, updateItem } from "@/modules/content/server/crud";
import { WITH_PARENT } from "@/modules/content/server/subprocessor-parent";
import { createControl, ensureArea, listMemberEmails, updateControl } from "@/modules/controls/server/controls";
import { getOrganizationSettings, updateOrganizationSettings } from "@/modules/organizations/server/organizations";
import { dayStart } from "@/lib/calendar-day";
import { disclosureRow } from "@/modules/disclosure/server/disclosure";
import type { Tx } from "@/server/db/client";
import { withTenant } from "@/server/db/tenant";
import { AppError } from "@/server/errors";
import type { OrgContext } from "@/server/gate";
import { controlFromCsv, parseCsv, subprocessorFromCsv, CONTROL_COLUMNS, SUBPROCESSOR_COLUMNS } from "../csv";
import { readBundle } from "./export";

/**
 * Import: parse (JSON export, or CSV of controls or subprocessors), check every row on its own,
 * preview what would be created, updated, left unchanged or rejected, then apply it all in one
 * transaction: all or nothing. Items are matched by their natural key (control by reference,
 * framework by name, subprocessor by vendor, FAQ by question, update by title and date,
 * section by title, review by title and date).
 */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 20_000;
export const IMPORT_FORMATS = ["json", "controls-csv", "subprocessors-csv"] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

type Shape = typeof exportBundleSchema.shape;
const SECTIONS = ["domains", "controls", "frameworks", "subprocessors", "faqs", "updates", "sections", "reviews"] as const;
type Section = (typeof SECTIONS)[number];
type Item<S extends Section> = z.output<Shape[S]>[number];

const ITEM_SCHEMAS = Object.fromEntries(SECTIONS.map((s) => [s, (exportBundleSchema.shape[s] as unknown as z.ZodDefault<z.ZodArray<z.ZodType>>).unwrap().element])) as Record<Section, z.ZodType>;

const KEYS: Record<Section, (item: Record<string, unknown>) => string> = {
  domains: (i) => String(i.name).toLowerCase(),
  controls: (i) => String(i.ref).toLowerCase(),
  frameworks: (i) => String(i.name).toLowerCase(),
  subprocessors: (i) => String(i.vendor).toLowerCase(),
  faqs: (i) => String(i.question).toLowerCase(),
  updates: (i) => `${String(i.title).toLowerCase()}@${String(i.publishedAt)}`,
  sections: (i) => String(i.title).toLowerCase(),
  reviews: (i) => `${String(i.title).toLowerCase()}@${String(i.reviewedAt)}`,
};

export type RowProblem = { section: Section | "file"; row: number; key?: string; messages: string[] };

export type ParsedImport = {
  format: ImportFormat;
  items: { [S in Section]: Item<S>[] };
  organization?: z.output<Shape["organization"]>;
  disclosure: z.output<Shape["disclosure"]>;
  problems: RowProblem[];
  skipped: string[];
  /** For a CSV: the fields its columns carry. An update changes only those (a missing column is not a reset). */
  present?: Set<string>;
};

const importRequestSchema = z.object({
  format: z.enum(IMPORT_FORMATS, { error: "Choose JSON (a Candor export), controls CSV or subprocessors CSV." }),
  text: z.string({ error: "Choose a file." }).min(1, "The file is empty.").max(MAX_IMPORT_BYTES, "The file is larger than 10 MB."),
});

function issues(error: z.ZodError) {
  return error.issues.map((issue) => `${issue.path.length ? `${issue.path.join(".")}: ` : ""}${issue.message}`);
}

function emptyItems(): ParsedImport["items"] {
  return { domains: [], controls: [], frameworks: [], subprocessors: [], faqs: [], updates: [], sections: [], reviews: [] };
}

/** Reads a file into checked items; bad rows are reported, never fatal. A file that is not the right kind at all is a 400. */
export function parseImport(input: unknown): ParsedImport {
  const { format, text } = importRequestSchema.parse(input);
  const parsed: ParsedImport = { format, items: emptyItems(), disclosure: null, problems: [], skipped: [] };
  const raw: Partial<Record<Section, unknown[]>> = {};

  if (format === "json") {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new AppError("bad_request", "The file is not valid JSON.");
    }
    if (!json || typeof json !== "object" || (json as { format?: unknown }).format !== EXPORT_FORMAT) {
      throw new AppError("bad_request", `This is not a Candor export (expected "format": "${EXPORT_FORMAT}").`);
    }
    const bundle = json as Record<string, unknown>;
    for (const section of SECTIONS) {
      const value = bundle[section];
      if (value === undefined) continue;
      if (!Array.isArray(value)) parsed.problems.push({ section, row: 0, messages: [`"${section}" must be a list.`] });
      else raw[section] = value;
    }
    const organization = exportBundleSchema.shape.organization.safeParse(bundle.organization);
    if (organization.success) parsed.organization = organization.data;
    else parsed.problems.push({ section: "file", row: 0, messages: issues(organization.error).map((m) => `organization.${m}`) });
    if (bundle.disclosure) {
      const disclosure = exportBundleSchema.shape.disclosure.safeParse(bundle.disclosure);
      if (disclosure.success) parsed.disclosure = disclosure.data;
      else parsed.problems.push({ section: "file", row: 0, messages: issues(disclosure.error).map((m) => `disclosure.${m}`) });
    }
    const documents = Array.isArray(bundle.documents) ? bundle.documents.length : 0;
    if (documents) parsed.skipped.push(`${documents} document${documents === 1 ? "" : "s"}: an export carries document metadata, not the files. Upload them in Documents.`);
  } else {
    const csv = parseCsv(text);
    if (format === "controls-csv" && csv.fields.includes("area") && !csv.fields.includes("domain")) csv.fields.push("domain");
    const expected = format === "controls-csv" ? CONTROL_COLUMNS : SUBPROCESSOR_COLUMNS;
    const required = format === "controls-csv" ? ["ref", "domain", "title", "status"] : ["vendor", "purpose", "location"];
    const missing = required.filter((column) => !csv.fields.includes(column));
    if (missing.length) throw new AppError("bad_request", `The CSV lacks the column${missing.length > 1 ? "s" : ""} ${missing.join(", ")}. Expected columns: ${expected.join(", ")}.`);
    for (const error of csv.errors) parsed.problems.push({ section: "file", row: error.row, messages: [error.message] });
    if (format === "controls-csv") raw.controls = csv.rows.map(controlFromCsv);
    else raw.subprocessors = csv.rows.map(subprocessorFromCsv);
    parsed.present = new Set(csv.fields.map((column) => column.replace(/_([a-z])/g, (_, ch: string) => ch.toUpperCase())));
    if (parsed.present.has("domain")) parsed.present.add("area");
  }

  const rows = Object.values(raw).reduce((sum, list) => sum + (list?.length ?? 0), 0);
  if (rows > MAX_IMPORT_ROWS) throw new AppError("bad_request", `The file has ${rows} rows; at most ${MAX_IMPORT_ROWS.toLocaleString("en")} are imported at once.`);

  for (const section of SECTIONS) {
    const seen = new Set<string>();
    (raw[section] ?? []).forEach((value, index) => {
      const row = format === "json" ? index + 1 : index + 2; // CSV: the header is row 1
      const result = ITEM_SCHEMAS[section].safeParse(value);
      if (!result.success) {
        parsed.problems.push({ section, row, messages: issues(result.error) });
        return;
      }
      const item = result.data as Record<string, unknown>;
      const key = KEYS[section](item);
      if (seen.has(key)) {
        parsed.problems.push({ section, row, key, messages: ["Appears twice in the file; only the first is imported."] });
        return;
      }
      seen.add(key);
      (parsed.items[section] as unknown[]).push(item);
    });
  }
  // Domains named by controls exist too.
  const domainNames = new Set(parsed.items.domains.map((d) => d.name.toLowerCase()));
  for (const control of parsed.items.controls) {
    if (!domainNames.has(control.domain.toLowerCase())) {
      domainNames.add(control.domain.toLowerCase());
      parsed.items.domains.push({ name: control.domain });
    }
  }
  return parsed;
}

export type PlanEntry = { section: Section; key: string; label: string; action: "create" | "update" | "unchanged" };
export type ImportPlan = {
  counts: Record<Section, { create: number; update: number; unchanged: number; rejected: number }>;
  entries: PlanEntry[];
  problems: RowProblem[];
  skipped: string[];
  disclosure: "create" | "update" | "unchanged" | "none";
};

const same = (a: unknown, b: unknown) => canonicalize(a) === canonicalize(b);
const label = (section: Section, item: Record<string, unknown>) =>
  section === "controls" ? `${item.ref} ${item.title}` : String(item.name ?? item.vendor ?? item.question ?? item.title ?? "");

function plan(existing: Awaited<ReturnType<typeof readBundle>>, parsed: ParsedImport): ImportPlan {
  const counts = Object.fromEntries(SECTIONS.map((s) => [s, { create: 0, update: 0, unchanged: 0, rejected: 0 }])) as ImportPlan["counts"];
  const entries: PlanEntry[] = [];
  for (const section of SECTIONS) {
    const current = new Map((existing[section] as Record<string, unknown>[]).map((item) => [KEYS[section](item), item]));
    for (const item of parsed.items[section] as Record<string, unknown>[]) {
      const key = KEYS[section](item);
      const before = current.get(key);
      const action = !before ? "create" : same(before, item) ? "unchanged" : "update";
      counts[section][action] += 1;
      entries.push({ section, key, label: label(section, item), action });
    }
  }
  for (const problem of parsed.problems) if (problem.section !== "file") counts[problem.section].rejected += 1;
  const disclosure = !parsed.disclosure ? "none" : !existing.disclosure ? "create" : same(existing.disclosure, parsed.disclosure) ? "unchanged" : "update";
  return { counts, entries, problems: parsed.problems, skipped: parsed.skipped, disclosure };
}

/** Parses for this person: parts their role may not change are reported as skipped. */
function parseFor(ctx: OrgContext, input: unknown) {
  const parsed = parseImport(input);
  if (parsed.organization && !can(ctx.role, "org.settings.update")) {
    parsed.skipped.push("the organisation's overview, brand colour, security contact and page version: only owners and admins change them.");
  }
  return parsed;
}

/** What an import would do, without doing it. */
export async function previewImport({ ctx, input }: { ctx: OrgContext; input: unknown }) {
  const parsed = parseFor(ctx, input);
  const existing = await withTenant({ orgId: ctx.org.id, userId: ctx.user.id }, (tx) => readBundle(tx, ctx.org.id), { readOnly: true, timeoutMs: 60_000 });
  return plan(existing, parsed);
}

/**
 * Applies an import in one transaction. Rows with problems are not imported; `strict` refuses
 * the whole file when any row has a problem.
 */
export async function applyImport({ ctx, input, strict = false }: { ctx: OrgContext; input: unknown; strict?: boolean }) {
  const parsed = parseFor(ctx, input);
  if (strict && parsed.problems.length) throw new AppError("validation", `${parsed.problems.length} rows have problems; nothing was imported.`);
  return withTenant(
    { orgId: ctx.org.id, userId: ctx.user.id },
    async (tx) => {
      const existing = await readBundle(tx, ctx.org.id);
      const result = plan(existing, parsed);
      const changed = new Set(result.entries.filter((entry) => entry.action !== "unchanged").map((entry) => `${entry.section}:${entry.key}`));
      await write(tx, ctx, parsed, existing, changed);
      await recordAudit(tx, ctx, {
        action: "import.apply",
        targetType: "organization",
        targetId: ctx.org.id,
        after: { format: parsed.format, counts: result.counts, disclosure: result.disclosure, rejected: parsed.problems.length },
      });
      return result;
    },
    { timeoutMs: 180_000 },
  );
}

/** The fields a CSV's columns carry (all of them for JSON): a column absent from the file is left as it is. */
function onlyPresent<T extends Record<string, unknown>>(fields: T, present: Set<string> | undefined): Partial<T> {
  if (!present) return fields;
  return Object.fromEntries(Object.entries(fields).filter(([key]) => present.has(key))) as Partial<T>;
}

type Existing = Awaited<ReturnType<typeof readBundle>>;

/**
 * Writes the plan through the same domain writers as the forms (one path for a row, whatever
 * its source): they join this import's unit of work, so the file still commits all or nothing,
 * and every row gets the audit event its form would give it. Rows the plan found unchanged are
 * not written.
 */
async function write(tx: Tx, ctx: OrgContext, parsed: ParsedImport, existing: Existing, changed: Set<string>) {
  if (parsed.organization && can(ctx.role, "org.settings.update")) await importOrganization(ctx, parsed.organization, existing);
  await importControls(tx, ctx, parsed, existing, changed);
  for (const section of SIMPLE_SECTIONS) await importSimple(tx, ctx, section, parsed, changed);
  await importReviews(tx, ctx.org.id, parsed.items.reviews);

  if (parsed.disclosure) {
    const data = disclosureRow(parsed.disclosure);
    const orgId = ctx.org.id;
    if (existing.disclosure) await tx.disclosurePolicy.updateMany({ where: { orgId }, data: { ...data, version: { increment: 1 } } });
    else await tx.disclosurePolicy.create({ data: { ...data, orgId } });
  }
}

async function importOrganization(ctx: OrgContext, organization: NonNullable<ParsedImport["organization"]>, existing: Existing) {
  const { overview, brandColor, securityContactEmail, pageVersion, pageEffectiveDate, language } = organization;
  // A file without the page's version, date or language leaves the organisation's own (older exports had none).
  const page = { ...(pageVersion === undefined ? {} : { pageVersion }), ...(pageEffectiveDate === undefined ? {} : { pageEffectiveDate }), ...(language ? { language } : {}) };
  const next = { overview, brandColor: brandColor ?? null, securityContactEmail: securityContactEmail ?? null, ...page };
  const current = await getOrganizationSettings({ ctx });
  const merged = Object.fromEntries(Object.entries({ ...existing.organization, ...next }).filter(([, value]) => value !== null && value !== undefined));
  if (same(merged, Object.fromEntries(Object.entries(existing.organization ?? {}).filter(([, value]) => value !== null && value !== undefined)))) return;
  await updateOrganizationSettings({
    ctx,
    input: { name: current.name, overview, brandColor: brandColor ?? "", securityContactEmail: securityContactEmail ?? "", ...page, version: current.version },
    logo: { kind: "keep" },
  });
}

async function importControls(tx: Tx, ctx: OrgContext, parsed: ParsedImport, existing: Existing, changed: Set<string>) {
  const { items, present } = parsed;
  // Areas: existing ones keep their place (and their spelling); new ones follow, in the file's order.
  const areaNames = new Map(existing.domains.map((d) => [d.name.toLowerCase(), d.name]));
  for (const domain of items.domains) {
    if (areaNames.has(domain.name.toLowerCase())) continue;
    await ensureArea({ ctx, name: domain.name });
    areaNames.set(domain.name.toLowerCase(), domain.name);
  }
  if (!items.controls.length) return;
  const members = new Set(await listMemberEmails({ ctx }));
  const rows = new Map((await tx.control.findMany({ where: { orgId: ctx.org.id }, select: { id: true, ref: true, version: true } })).map((c) => [c.ref.toLowerCase(), c]));
  const before = new Map(existing.controls.map((c) => [c.ref.toLowerCase(), c]));
  for (const control of items.controls) {
    const key = control.ref.toLowerCase();
    if (!changed.has(`controls:${key}`)) continue;
    // An owner who is not a member is left out, as before the writers were shared: a row is not refused for it.
    const ownerEmail = control.ownerEmail && members.has(control.ownerEmail.toLowerCase()) ? control.ownerEmail : undefined;
    // The export format calls a control's area its `domain` (candor.export.v1); the writers say `area`.
    const { domain, ...fields } = control;
    const fromFile = { ...fields, area: areaNames.get(domain.toLowerCase()) ?? domain, ownerEmail };
    const row = rows.get(key);
    if (!row) {
      await createControl({ ctx, input: fromFile });
      continue;
    }
    const { evidence: _kept, domain: currentArea, ...current } = before.get(key)!;
    await updateControl({ ctx, id: row.id, input: { ...current, area: currentArea, ...onlyPresent(fromFile, present), version: row.version } });
  }
}

const SIMPLE_SECTIONS = ["frameworks", "subprocessors", "faqs", "updates", "sections"] as const;
type SimpleSection = (typeof SIMPLE_SECTIONS)[number];

/** Frameworks, subprocessors, FAQs, updates and sections: createItem / updateItem, as their forms. */
async function importSimple(tx: Tx, ctx: OrgContext, section: SimpleSection, parsed: ParsedImport, changed: Set<string>) {
  const list = parsed.items[section] as Record<string, unknown>[];
  if (!list.length) return;
  const delegate = (tx as unknown as Record<string, { findMany(a: unknown): Promise<(Record<string, unknown> & { id: string; version: number })[]> }>)[MODELS[section]]!;
  const include = section === "subprocessors" ? WITH_PARENT : undefined;
  const current = new Map((await delegate.findMany({ where: { orgId: ctx.org.id }, include })).map((row) => [KEYS[section](toInput(section, row)), row]));
  const { items, deferred } = section === "subprocessors" ? deferParents(list) : { items: list, deferred: [] };
  for (const item of items) {
    const key = KEYS[section](item);
    if (!changed.has(`${section}:${key}`)) continue;
    const row = current.get(key);
    try {
      if (!row) await createItem({ ctx, kind: section, input: item });
      else await updateItem({ ctx, kind: section, id: row.id, input: { ...toInput(section, row), ...onlyPresent(item, parsed.present), version: row.version } });
    } catch (error) {
      // The notice period (ADR 031) refuses the whole import, naming the row: nothing is half-imported.
      if (section === "subprocessors" && error instanceof AppError && error.code === "validation") throw new AppError("validation", `Subprocessor “${String(item.vendor)}”: ${error.message}`, error.details);
      throw error;
    }
  }
  for (const item of deferred) {
    const row = (await delegate.findMany({ where: { orgId: ctx.org.id, vendor: { equals: String(item.vendor), mode: "insensitive" } }, include }))[0]!;
    try {
      await updateItem({ ctx, kind: section, id: row.id, input: { ...toInput(section, row), parent: item.parent, version: row.version } });
    } catch (error) {
      if (error instanceof AppError && error.code === "validation") throw new AppError("validation", `Subprocessor “${String(item.vendor)}”: ${error.message}`, error.details);
      throw error;
    }
  }
}

/**
 * A subprocessor whose parent comes later in the file (issue 15) is written without it first, in
 * the file's order (which is the page's order), and given its parent once every row exists.
 */
function deferParents(list: Record<string, unknown>[]) {
  const key = (value: unknown) => String(value ?? "").toLowerCase();
  const later = new Map(list.map((item, index) => [key(item.vendor), index]));
  const deferred: Record<string, unknown>[] = [];
  const items = list.map((item, index) => {
    const at = item.parent ? later.get(key(item.parent)) : undefined;
    if (at === undefined || at < index) return item;
    deferred.push(item);
    const { parent: _later, ...rest } = item;
    return rest;
  });
  return { items, deferred };
}

const MODELS: Record<SimpleSection, string> = { frameworks: "framework", subprocessors: "subprocessor", faqs: "faq", updates: "update", sections: "section" };

/**
 * Reviews are written here, not through the review writers: a review's form starts from a
 * template's checklist, while an import carries the checklist it had. (Left for a review writer
 * that takes a checklist.)
 */
async function importReviews(tx: Tx, orgId: string, reviews: ParsedImport["items"]["reviews"]) {
  for (const review of reviews) {
    const { items: reviewItems, ...header } = review;
    const data = { ...header, reviewedAt: dayStart(header.reviewedAt) };
    const found = await tx.securityReview.findFirst({ where: { orgId, title: { equals: header.title, mode: "insensitive" }, reviewedAt: data.reviewedAt } });
    const reviewId = found?.id ?? randomUUID();
    if (found) {
      await tx.securityReview.updateMany({ where: { id: found.id, orgId }, data: { ...data, version: { increment: 1 } } });
      await tx.reviewItem.deleteMany({ where: { orgId, reviewId } });
    } else {
      await tx.securityReview.create({ data: { ...data, id: reviewId, orgId } });
    }
    await tx.reviewItem.createMany({ data: reviewItems.map((item, index) => ({ ...item, remediationUrl: item.remediationUrl ?? null, result: item.result ?? null, orgId, reviewId, position: index + 1 })) });
  }
}
