import "server-only";

import * as z from "zod";
import { recordAudit } from "@/modules/audit/server/audit";
import { dayStart } from "@/lib/calendar-day";
import type { Tx } from "@/server/db/client";
import { inTenant, nextPosition, reorder, versionedDelete, versionedUpdate } from "@/server/db/write";
import { AppError } from "@/server/errors";
import { pageNumber, searchText } from "@/server/query-params";
import type { OrgContext } from "@/server/gate";
import { KINDS, type KindKey } from "../kinds";
import { noteSubprocessorChange } from "./subprocessor-notice";
import { parentName, resolveParent, WITH_PARENT } from "./subprocessor-parent";

/**
 * Storage for the simple content types (KINDS): list with search, filter and pages; create;
 * update and delete with optimistic concurrency; reorder. Every write is audited in its
 * transaction and runs in the tenant's scope.
 */
type Row = Record<string, unknown> & { id: string; version: number; position?: number };
type Delegate = {
  findMany(args: unknown): Promise<Row[]>;
  count(args: unknown): Promise<number>;
  findFirst(args: unknown): Promise<Row | null>;
  create(args: unknown): Promise<Row>;
  updateMany(args: unknown): Promise<{ count: number }>;
  deleteMany(args: unknown): Promise<{ count: number }>;
  aggregate(args: unknown): Promise<{ _max: { position: number | null } }>;
};

const STORAGE: Record<KindKey, { model: string; dates: string[]; search: string[]; order: unknown; include?: unknown }> = {
  frameworks: { model: "framework", dates: ["periodStart", "periodEnd", "targetDate", "lastAuditedAt"], search: ["name", "auditor", "note"], order: [{ position: "asc" }] },
  subprocessors: { model: "subprocessor", dates: ["since", "effectiveDate", "removedAt"], search: ["vendor", "purpose", "dataCategories", "location"], order: [{ position: "asc" }], include: WITH_PARENT },
  faqs: { model: "faq", dates: [], search: ["question", "answer"], order: [{ position: "asc" }] },
  updates: { model: "update", dates: ["publishedAt"], search: ["title", "body"], order: [{ publishedAt: "desc" }, { createdAt: "desc" }] },
  sections: { model: "section", dates: [], search: ["title", "body"], order: [{ position: "asc" }] },
};

export const PAGE_SIZE = 50;

const delegate = (tx: Tx, kind: KindKey) => (tx as unknown as Record<string, Delegate>)[STORAGE[kind].model]!;
const idSchema = z.uuid({ error: "Unknown item." });
const versionSchema = z.object({ version: z.coerce.number({ error: "Missing version: reload the page." }).int().positive() });

/** Parsed input → columns (calendar dates become UTC midnight). */
export function toStored(kind: KindKey, input: Record<string, unknown>) {
  // Fields that are not columns: the parent is named by its vendor (its hook turns the name into
  // parentId); urgency goes with the change the notice rule records.
  const { urgent: _urgent, urgentReason: _reason, parent: _parent, ...columns } = input;
  const data: Record<string, unknown> = { ...columns };
  for (const field of STORAGE[kind].dates) data[field] = typeof input[field] === "string" ? dayStart(input[field]) : null;
  return data;
}

/** A stored row → the values its form shows (and the export writes). */
export function toInput(kind: KindKey, row: Record<string, unknown>) {
  const out: Record<string, unknown> = {};
  for (const field of KINDS[kind].fields) {
    const value = field.name === "parent" ? parentName(row) : row[field.name];
    out[field.name] = value instanceof Date ? value.toISOString().slice(0, 10) : (value ?? undefined);
  }
  return out;
}

function auditable(kind: KindKey, row: Record<string, unknown>) {
  return toInput(kind, row);
}

/** The parent as parentName() reads it, from a parsed input's vendor name. */
const named = (parsed: Record<string, unknown>) => (typeof parsed.parent === "string" ? { vendor: parsed.parent } : null);

async function vendorOf(tx: Tx, id: unknown) {
  if (typeof id !== "string") return null;
  return tx.subprocessor.findFirst({ where: { id }, select: { vendor: true } });
}

/**
 * What a kind adds to the kit's create and update, in the same transaction: columns derived from
 * the input (a parent named by vendor → parentId), the row as the audit shows it, and what must
 * follow a write (the notice rule's change record). Kinds without hooks get none of it.
 */
type WriteHooks = {
  columns(tx: Tx, ctx: OrgContext, parsed: Record<string, unknown>, selfId?: string): Promise<Record<string, unknown>>;
  audited(tx: Tx, row: Record<string, unknown>, parsed?: Record<string, unknown>): Promise<Record<string, unknown>>;
  afterWrite(tx: Tx, ctx: OrgContext, change: { before: Record<string, unknown> | null; after: Row; parsed: Record<string, unknown> }): Promise<void>;
};
const NO_HOOKS: WriteHooks = { columns: async () => ({}), audited: async (_tx, row) => row, afterWrite: async () => undefined };
const HOOKS: Partial<Record<KindKey, WriteHooks>> = {
  subprocessors: {
    columns: async (tx, ctx, parsed, selfId) => ({ parentId: await resolveParent(tx, ctx.org.id, { name: parsed.parent, selfId }) }),
    audited: async (tx, row, parsed) => ({ ...row, parent: parsed ? named(parsed) : await vendorOf(tx, row.parentId) }),
    afterWrite: async (tx, ctx, { before, after, parsed }) => {
      await noteSubprocessorChange(tx, ctx, { before, after, urgent: parsed.urgent === true, urgentReason: String(parsed.urgentReason ?? "") });
    },
  },
};
const hooksOf = (kind: KindKey) => HOOKS[kind] ?? NO_HOOKS;

export const listQuerySchema = z.object({
  q: searchText(100).catch(undefined),
  filter: searchText(40).catch(undefined),
  page: pageNumber.catch(1),
});

export async function listItems({ ctx, kind, query, window }: { ctx: OrgContext; kind: KindKey; query: z.infer<typeof listQuerySchema>; /** The REST API's cursor page instead of the numbered page. */ window?: { limit: number; offset: number } }) {
  const spec = KINDS[kind];
  const storage = STORAGE[kind];
  const where: Record<string, unknown> = { orgId: ctx.org.id };
  if (query.q) where.OR = storage.search.map((field) => ({ [field]: { contains: query.q, mode: "insensitive" } }));
  if (query.filter && spec.filter?.options.some((o) => o.value === query.filter)) where[spec.filter.field] = query.filter;
  return inTenant(ctx, async (tx) => {
    const [rows, total] = await Promise.all([
      delegate(tx, kind).findMany({ where, orderBy: storage.order, include: storage.include, take: window?.limit ?? PAGE_SIZE, skip: window?.offset ?? (query.page - 1) * PAGE_SIZE }),
      delegate(tx, kind).count({ where }),
    ]);
    return { rows, total, pageSize: PAGE_SIZE };
  }, { readOnly: true });
}

export async function getItem({ ctx, kind, id }: { ctx: OrgContext; kind: KindKey; id: string }) {
  const itemId = idSchema.parse(id);
  const row = await inTenant(ctx, (tx) => delegate(tx, kind).findFirst({ where: { id: itemId, orgId: ctx.org.id }, include: STORAGE[kind].include }), { readOnly: true });
  if (!row) throw new AppError("not_found", `No such ${KINDS[kind].singular}.`);
  return row;
}

export async function createItem({ ctx, kind, input }: { ctx: OrgContext; kind: KindKey; input: unknown }) {
  const parsed = KINDS[kind].schema.parse(input) as Record<string, unknown>;
  return inTenant(ctx, async (tx) => {
    const hooks = hooksOf(kind);
    const position = KINDS[kind].ordered ? await nextPosition(delegate(tx, kind), { orgId: ctx.org.id }) : undefined;
    const derived = await hooks.columns(tx, ctx, parsed);
    const row = await delegate(tx, kind).create({ data: { ...toStored(kind, parsed), ...derived, orgId: ctx.org.id, ...(position === undefined ? {} : { position }) } });
    await recordAudit(tx, ctx, { action: `${kind}.create`, targetType: kind, targetId: row.id, after: auditable(kind, await hooks.audited(tx, row, parsed)) });
    await hooks.afterWrite(tx, ctx, { before: null, after: row, parsed });
    return row;
  });
}

export async function updateItem({ ctx, kind, id, input }: { ctx: OrgContext; kind: KindKey; id: string; input: unknown }) {
  const itemId = idSchema.parse(id);
  const { version } = versionSchema.parse(input);
  const parsed = KINDS[kind].schema.parse(input) as Record<string, unknown>;
  return inTenant(ctx, async (tx) => {
    const hooks = hooksOf(kind);
    const data = { ...toStored(kind, parsed), ...(await hooks.columns(tx, ctx, parsed, itemId)) };
    const saved = await versionedUpdate({ model: delegate(tx, kind), key: { id: itemId, orgId: ctx.org.id }, version, missing: `No such ${KINDS[kind].singular}.` }, data);
    const after = { ...saved.before, ...data, id: itemId } as Row;
    await recordAudit(tx, ctx, { action: `${kind}.update`, targetType: kind, targetId: itemId, before: auditable(kind, await hooks.audited(tx, saved.before)), after: auditable(kind, await hooks.audited(tx, after, parsed)) });
    await hooks.afterWrite(tx, ctx, { before: saved.before, after, parsed });
    return { version: saved.version };
  });
}

export async function deleteItem({ ctx, kind, id, input }: { ctx: OrgContext; kind: KindKey; id: string; input: unknown }) {
  const itemId = idSchema.parse(id);
  const { version } = versionSchema.parse(input);
  if (kind === "subprocessors") {
    throw new AppError("conflict", "Subprocessors are not deleted: set the status to Removed, with the date, so the history stays visible.");
  }
  await inTenant(ctx, async (tx) => {
    const before = await versionedDelete({ model: delegate(tx, kind), key: { id: itemId, orgId: ctx.org.id }, version, missing: `No such ${KINDS[kind].singular}.` });
    await recordAudit(tx, ctx, { action: `${kind}.delete`, targetType: kind, targetId: itemId, before: auditable(kind, before) });
  });
}

export async function moveItem({ ctx, kind, id, direction }: { ctx: OrgContext; kind: KindKey; id: string; direction: "up" | "down" }) {
  const itemId = idSchema.parse(id);
  if (!KINDS[kind].ordered) throw new AppError("bad_request", `${KINDS[kind].plural} are ordered by date.`);
  await inTenant(ctx, async (tx) => {
    const item = await delegate(tx, kind).findFirst({ where: { id: itemId, orgId: ctx.org.id } });
    if (!item) throw new AppError("not_found", `No such ${KINDS[kind].singular}.`);
    const moved = await reorder({ model: delegate(tx, kind) as never, orgId: ctx.org.id, item: { id: item.id, position: item.position! }, direction });
    if (!moved) return;
    await recordAudit(tx, ctx, { action: `${kind}.reorder`, targetType: kind, targetId: item.id, before: { position: moved.before }, after: { position: moved.after } });
  });
}
