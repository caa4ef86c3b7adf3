import "server-only";

import { randomUUID } from "node:crypto";
import canonicalize from "canonicalize";
import * as z from "zod";
import type { Prisma } from "@/generated/prisma/client";
import { can } from "@/modules/permissions/permissions";
import { recordAudit } from "@/modules/audit/server/audit";
import { EXPORT_FORMAT, exportBundleSchema } from "@/modules/content/bundle";
import { toStored } from "@/modules/content/server/crud";
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
    const expected = format === "controls-csv" ? CONTROL_COLUMNS : SUBPROCESSOR_COLUMNS;
    const required = format === "controls-csv" ? ["ref", "domain", "title", "status"] : ["vendor", "purpose", "location"];
    const missing = required.filter((column) => !csv.fields.includes(column));
    if (missing.length) throw new AppError("bad_request", `The CSV lacks the column${missing.length > 1 ? "s" : ""} ${missing.join(", ")}. Expected columns: ${expected.join(", ")}.`);
    for (const error of csv.errors) parsed.problems.push({ section: "file", row: error.row, messages: [error.message] });
    if (format === "controls-csv") raw.controls = csv.rows.map(controlFromCsv);
    else raw.subprocessors = csv.rows.map(subprocessorFromCsv);
    parsed.present = new Set(csv.fields.map((column) => column.replace(/_([a-z])/g, (_, ch: string) => ch.toUpperCase())));
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
    parsed.skipped.push("the organisation's overview, brand colour and security contact: only owners and admins change them.");
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
      await write(tx, ctx, parsed, existing);
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
function onlyPresent<T extends Record<string, unknown>>(fields: T, present: Set<string> | undefined, aliases: Record<string, string> = {}): Partial<T> {
  if (!present) return fields;
  return Object.fromEntries(Object.entries(fields).filter(([key]) => key === "domainId" ? present.has("domain") : present.has(aliases[key] ?? key))) as Partial<T>;
}

const day = (iso: string | undefined | null) => (iso ? new Date(`${iso}T00:00:00.000Z`) : null);

async function write(tx: Tx, ctx: OrgContext, parsed: ParsedImport, existing: Awaited<ReturnType<typeof readBundle>>) {
  const orgId = ctx.org.id;
  const { items } = parsed;

  if (parsed.organization && can(ctx.role, "org.settings.update")) {
    const { overview, brandColor, securityContactEmail } = parsed.organization;
    await tx.organization.update({ where: { id: orgId }, data: { overview, brandColor: brandColor ?? null, securityContactEmail: securityContactEmail ?? null, version: { increment: 1 } } });
  }

  // Domains: existing ones keep their place; new ones follow, in the file's order.
  const domains = new Map((await tx.controlDomain.findMany({ where: { orgId } })).map((d) => [d.name.toLowerCase(), d]));
  let domainPosition = Math.max(0, ...[...domains.values()].map((d) => d.position));
  for (const domain of items.domains) {
    if (domains.has(domain.name.toLowerCase())) continue;
    const created = await tx.controlDomain.create({ data: { orgId, name: domain.name, position: ++domainPosition } });
    domains.set(domain.name.toLowerCase(), created);
  }

  if (items.controls.length) {
    const members = new Map((await tx.member.findMany({ where: { orgId }, select: { userId: true, user: { select: { email: true } } } })).map((m) => [m.user.email, m.userId]));
    const current = new Map((await tx.control.findMany({ where: { orgId }, select: { id: true, ref: true } })).map((c) => [c.ref.toLowerCase(), c.id]));
    const positions = new Map<string, number>();
    for (const row of await tx.control.groupBy({ by: ["domainId"], where: { orgId }, _max: { position: true } })) positions.set(row.domainId, row._max.position ?? 0);
    const creates: Prisma.ControlCreateManyInput[] = [];
    const evidence: Prisma.EvidenceCreateManyInput[] = [];
    for (const control of items.controls) {
      const domainId = domains.get(control.domain.toLowerCase())!.id;
      const fields = {
        ref: control.ref,
        title: control.title,
        description: control.description,
        status: control.status,
        visibility: control.visibility,
        reviewCadenceDays: control.reviewCadenceDays,
        lastReviewedAt: day(control.lastReviewedAt),
        domainId,
        ownerId: control.ownerEmail ? (members.get(control.ownerEmail.toLowerCase()) ?? null) : null,
      };
      let id = current.get(control.ref.toLowerCase());
      if (id) {
        await tx.control.update({ where: { id }, data: { ...onlyPresent(fields, parsed.present, { ownerId: "ownerEmail" }), version: { increment: 1 } } });
        if (parsed.present && !parsed.present.has("evidence")) {
          current.set(control.ref.toLowerCase(), id);
          continue; // no evidence column: the control keeps its evidence
        }
        await tx.evidence.deleteMany({ where: { orgId, controlId: id } });
      } else {
        id = randomUUID();
        const position = (positions.get(domainId) ?? 0) + 1;
        positions.set(domainId, position);
        creates.push({ ...fields, id, orgId, position });
      }
      control.evidence.forEach((e, index) => evidence.push({ orgId, controlId: id!, label: e.label, kind: e.kind, target: e.target, visibility: e.visibility, position: index + 1 }));
    }
    for (let i = 0; i < creates.length; i += 1_000) await tx.control.createMany({ data: creates.slice(i, i + 1_000) });
    for (let i = 0; i < evidence.length; i += 1_000) await tx.evidence.createMany({ data: evidence.slice(i, i + 1_000) });
  }

  await upsertSimple(tx, orgId, "frameworks", items.frameworks, "framework", (i) => ({ name: { equals: i.name, mode: "insensitive" } }));
  await upsertSimple(tx, orgId, "subprocessors", items.subprocessors, "subprocessor", (i) => ({ vendor: { equals: i.vendor, mode: "insensitive" } }), parsed.present);
  await upsertSimple(tx, orgId, "faqs", items.faqs, "faq", (i) => ({ question: { equals: i.question, mode: "insensitive" } }));
  await upsertSimple(tx, orgId, "updates", items.updates, "update", (i) => ({ title: { equals: i.title, mode: "insensitive" }, publishedAt: day(i.publishedAt as string) }));
  await upsertSimple(tx, orgId, "sections", items.sections, "section", (i) => ({ title: { equals: i.title, mode: "insensitive" } }));

  for (const review of items.reviews) {
    const { items: reviewItems, ...header } = review;
    const data = { ...header, reviewedAt: day(header.reviewedAt)! };
    const found = await tx.securityReview.findFirst({ where: { orgId, title: { equals: header.title, mode: "insensitive" }, reviewedAt: data.reviewedAt } });
    const reviewId = found?.id ?? randomUUID();
    if (found) {
      await tx.securityReview.update({ where: { id: found.id }, data: { ...data, version: { increment: 1 } } });
      await tx.reviewItem.deleteMany({ where: { orgId, reviewId } });
    } else {
      await tx.securityReview.create({ data: { ...data, id: reviewId, orgId } });
    }
    await tx.reviewItem.createMany({ data: reviewItems.map((item, index) => ({ ...item, remediationUrl: item.remediationUrl ?? null, result: item.result ?? null, orgId, reviewId, position: index + 1 })) });
  }

  if (parsed.disclosure) {
    const data = disclosureRow(parsed.disclosure);
    if (existing.disclosure) await tx.disclosurePolicy.update({ where: { orgId }, data: { ...data, version: { increment: 1 } } });
    else await tx.disclosurePolicy.create({ data: { ...data, orgId } });
  }
}

type SimpleSection = "frameworks" | "subprocessors" | "faqs" | "updates" | "sections";

async function upsertSimple(
  tx: Tx,
  orgId: string,
  section: SimpleSection,
  list: Record<string, unknown>[],
  model: string,
  match: (item: Record<string, unknown>) => Record<string, unknown>,
  present?: Set<string>,
) {
  if (!list.length) return;
  const delegate = (tx as unknown as Record<string, { findFirst(a: unknown): Promise<{ id: string } | null>; update(a: unknown): Promise<unknown>; create(a: unknown): Promise<unknown>; aggregate(a: unknown): Promise<{ _max: { position?: number | null } }> }>)[model]!;
  const ordered = section !== "updates";
  let position = ordered ? ((await delegate.aggregate({ where: { orgId }, _max: { position: true } }))._max.position ?? 0) : 0;
  for (const item of list) {
    const data = toStored(section, item);
    const found = await delegate.findFirst({ where: { orgId, ...match(item) }, select: { id: true } });
    if (found) await delegate.update({ where: { id: found.id }, data: { ...onlyPresent(data, present), version: { increment: 1 } } });
    else await delegate.create({ data: { ...data, orgId, ...(ordered ? { position: ++position } : {}) } });
  }
}
