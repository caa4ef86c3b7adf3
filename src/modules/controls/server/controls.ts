import "server-only";

import { Prisma, type Control, type Evidence } from "@/generated/prisma/client";
import { recordAudit } from "@/modules/audit/server/audit";
import { controlSchema, areaSchema, evidenceSchema } from "@/modules/content/schema";
import { dayStartOrNull, utcDay } from "@/lib/calendar-day";
import type { Tx } from "@/server/db/client";
import { inTenant, nextPosition, reorder, versionedDelete, versionedUpdate } from "@/server/db/write";
import { AppError } from "@/server/errors";
import type { OrgContext } from "@/server/gate";
import * as z from "zod";
import { coverage, type StatusCounts } from "../coverage";
import { CONTROL_PAGE_SIZE, type ControlQuery } from "../query";

const versionSchema = z.coerce.number({ error: "Missing version: reload the page." }).int().positive();
const idSchema = z.uuid({ error: "Unknown item." });

/**
 * When control `c` is next due for review, in SQL: the twin of reviewDueAt() (coverage.ts), the
 * cadence counted from the last review, or from the day the control was created.
 */
export const REVIEW_DUE_SQL = Prisma.sql`(COALESCE(c."lastReviewedAt", date_trunc('day', c."createdAt", 'UTC')) + c."reviewCadenceDays" * interval '1 day')`;

// --- reading ---------------------------------------------------------------------------------

export type ControlRow = {
  id: string;
  ref: string;
  title: string;
  status: "IMPLEMENTED" | "IN_PROGRESS" | "PLANNED" | "NOT_APPLICABLE";
  visibility: "PUBLIC" | "NDA" | "PRIVATE";
  areaId: string;
  area: string;
  ownerEmail: string | null;
  reviewCadenceDays: number;
  lastReviewedAt: Date | null;
  createdAt: Date;
  evidenceCount: number;
  position: number;
  version: number;
  total: number;
};

const SORT_SQL: Record<ControlQuery["sort"], Prisma.Sql> = {
  position: Prisma.sql`a.position, c.position`,
  ref: Prisma.sql`c.ref`,
  title: Prisma.sql`c.title`,
  status: Prisma.sql`c.status`,
  area: Prisma.sql`a.name`,
  lastReviewed: Prisma.sql`c."lastReviewedAt"`,
  updated: Prisma.sql`c."updatedAt"`,
};

/** Where a keyset page starts: just after the row with this sort key and ref (ref is unique per organisation). */
export type ControlKeyset = { key: (string | number | null)[]; ref: string };

/**
 * Each sort as a keyset: the sorted expression (a row for `position`), the same read back as a
 * JSON array for the cursor, and a JSON array from a cursor cast back to its SQL types. The REST
 * API's cursor carries the last row's key (src/modules/api/control-cursor.ts checks its shape),
 * so an insert or delete between pages neither repeats nor skips a row.
 */
const KEYSET: Record<ControlQuery["sort"], { expr: Prisma.Sql; json: Prisma.Sql; from: (key: string) => Prisma.Sql; nullable: boolean }> = {
  position: { expr: Prisma.sql`(a.position, c.position)`, json: Prisma.sql`json_build_array(a.position, c.position)`, from: (k) => Prisma.sql`((${k}::jsonb->>0)::int, (${k}::jsonb->>1)::int)`, nullable: false },
  ref: { expr: Prisma.sql`c.ref`, json: Prisma.sql`json_build_array(c.ref)`, from: (k) => Prisma.sql`(${k}::jsonb->>0)`, nullable: false },
  title: { expr: Prisma.sql`c.title`, json: Prisma.sql`json_build_array(c.title)`, from: (k) => Prisma.sql`(${k}::jsonb->>0)`, nullable: false },
  status: { expr: Prisma.sql`c.status`, json: Prisma.sql`json_build_array(c.status)`, from: (k) => Prisma.sql`(${k}::jsonb->>0)::"ControlStatus"`, nullable: false },
  area: { expr: Prisma.sql`a.name`, json: Prisma.sql`json_build_array(a.name)`, from: (k) => Prisma.sql`(${k}::jsonb->>0)`, nullable: false },
  lastReviewed: { expr: Prisma.sql`c."lastReviewedAt"`, json: Prisma.sql`json_build_array(c."lastReviewedAt")`, from: (k) => Prisma.sql`(${k}::jsonb->>0)::timestamptz`, nullable: true },
  updated: { expr: Prisma.sql`c."updatedAt"`, json: Prisma.sql`json_build_array(c."updatedAt")`, from: (k) => Prisma.sql`(${k}::jsonb->>0)::timestamptz`, nullable: false },
};

/** Rows after `after` in the list's order (`expr dir NULLS LAST, c.ref ASC`). */
function afterKeyset(sort: ControlQuery["sort"], desc: boolean, after: ControlKeyset): Prisma.Sql {
  const { expr, from, nullable } = KEYSET[sort];
  if (after.key.some((v) => v === null)) return Prisma.sql`(${expr} IS NULL AND c.ref > ${after.ref})`;
  const value = from(JSON.stringify(after.key));
  const beyond = desc ? Prisma.sql`${expr} < ${value}` : Prisma.sql`${expr} > ${value}`;
  return Prisma.sql`(${beyond} OR (${expr} = ${value} AND c.ref > ${after.ref})${nullable ? Prisma.sql` OR ${expr} IS NULL` : Prisma.empty})`;
}

/**
 * One page of controls with search, filters and sort, in one query (a window count for the
 * total). Sort columns come from a fixed list, never from the request text. The dashboard pages
 * by number (offset); the REST API by keyset (`window.after`: the rows after the last one it gave
 * out), each row carrying its `sortKey` for the next cursor.
 */
export async function listControls({ ctx, query, window }: { ctx: OrgContext; query: ControlQuery; /** The REST API's cursor page instead of the dashboard's numbered page. */ window?: { limit: number; offset?: number; after?: ControlKeyset } }) {
  const where: Prisma.Sql[] = [Prisma.sql`c."orgId" = ${ctx.org.id}::uuid`];
  if (query.q) {
    const like = `%${query.q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    where.push(Prisma.sql`(c.ref ILIKE ${like} OR c.title ILIKE ${like} OR c.description ILIKE ${like})`);
  }
  if (query.status) where.push(Prisma.sql`c.status = ${query.status}::"ControlStatus"`);
  if (query.visibility) where.push(Prisma.sql`c.visibility = ${query.visibility}::"Visibility"`);
  if (query.area) where.push(Prisma.sql`c."areaId" = ${query.area}::uuid`);
  if (query.review === "due") where.push(Prisma.sql`${REVIEW_DUE_SQL} <= now()`);
  const direction = query.dir === "desc" ? Prisma.sql`DESC NULLS LAST` : Prisma.sql`ASC NULLS LAST`;
  const limit = window?.limit ?? CONTROL_PAGE_SIZE;
  const offset = window?.after ? 0 : (window?.offset ?? (query.page - 1) * CONTROL_PAGE_SIZE);
  const after = window?.after ? afterKeyset(query.sort, query.dir === "desc", window.after) : Prisma.sql`TRUE`;

  const filter = Prisma.join(where, " AND ");
  return inTenant(ctx, async (tx) => {
    // Only the page's rows get their area, owner and evidence count, after the cut; a window
    // count over the joined rows made every row's evidence count first (~4× the cost on a
    // 2,000-control list, issue 11; EXPLAIN ANALYZE figures in the commit). The page's ids come
    // in the list's order, numbered (ord), with the filtered total:
    // - without search text: sorted and cut on narrow rows (a top-N sort), the total one count;
    // - with search text (every description read): one scan, numbered and counted by windows,
    //   rather than the scan twice. After a keyset the total is the whole filtered list's.
    const sort = Prisma.sql`${SORT_SQL[query.sort]} ${direction}, c.ref ASC`;
    const page =
      query.q && !window?.after
        ? Prisma.sql`
          SELECT m.id, m.ord, m.total FROM (
            SELECT c.id, row_number() OVER (ORDER BY ${sort}) AS ord, count(*) OVER ()::int AS total
            FROM "Control" c JOIN "ControlArea" a ON a.id = c."areaId" WHERE ${filter}) m
          ORDER BY m.ord LIMIT ${limit} OFFSET ${offset}`
        : Prisma.sql`
          SELECT p.id, p.ord, (SELECT count(*)::int FROM "Control" c JOIN "ControlArea" a ON a.id = c."areaId" WHERE ${filter}) AS total
          FROM unnest(ARRAY(
            SELECT c.id FROM "Control" c JOIN "ControlArea" a ON a.id = c."areaId"
            WHERE ${filter} AND ${after} ORDER BY ${sort} LIMIT ${limit} OFFSET ${offset})) WITH ORDINALITY AS p(id, ord)`;
    const rows = await tx.$queryRaw<(ControlRow & { sortKey: (string | number | null)[] })[]>`
      WITH page AS (${page})
      SELECT c.id, c.ref, c.title, c.status::text AS status, c.visibility::text AS visibility, c."areaId", a.name AS area,
             u.email AS "ownerEmail", c."reviewCadenceDays", c."lastReviewedAt", c."createdAt", c.position, c.version,
             (SELECT count(*)::int FROM "Evidence" e WHERE e."controlId" = c.id) AS "evidenceCount",
             page.total, ${KEYSET[query.sort].json} AS "sortKey"
      FROM page
      JOIN "Control" c ON c.id = page.id
      JOIN "ControlArea" a ON a.id = c."areaId"
      LEFT JOIN "User" u ON u.id = c."ownerId"
      ORDER BY page.ord`;
    if (rows.length > 0 || (offset === 0 && !window?.after)) return { rows, total: rows[0]?.total ?? 0, pageSize: limit };
    // A page past the end (or after the last cursor) has no row to carry the total.
    const [counted] = await tx.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM "Control" c JOIN "ControlArea" a ON a.id = c."areaId" WHERE ${filter}`;
    return { rows, total: counted?.n ?? 0, pageSize: limit };
  }, { readOnly: true });
}

/**
 * The control list's figures in one statement and one pass over the controls (issue 11): per
 * area, its count, its counts by status and its reviews due; the organisation's figures are
 * their sums (every control has an area).
 */
export async function controlSummary({ ctx }: { ctx: OrgContext }) {
  return inTenant(ctx, async (tx) => {
    const areas = await tx.$queryRaw<({ id: string; name: string; controls: number; due: number } & StatusCounts)[]>`
      SELECT a.id, a.name, coalesce(n.controls, 0)::int AS controls, coalesce(n.due, 0)::int AS due,
             coalesce(n.implemented, 0)::int AS "IMPLEMENTED", coalesce(n.in_progress, 0)::int AS "IN_PROGRESS",
             coalesce(n.planned, 0)::int AS "PLANNED", coalesce(n.not_applicable, 0)::int AS "NOT_APPLICABLE"
      FROM "ControlArea" a
      LEFT JOIN (
        SELECT c."areaId", count(*) AS controls,
               count(*) FILTER (WHERE c.status = 'IMPLEMENTED') AS implemented,
               count(*) FILTER (WHERE c.status = 'IN_PROGRESS') AS in_progress,
               count(*) FILTER (WHERE c.status = 'PLANNED') AS planned,
               count(*) FILTER (WHERE c.status = 'NOT_APPLICABLE') AS not_applicable,
               count(*) FILTER (WHERE ${REVIEW_DUE_SQL} <= now()) AS due
        FROM "Control" c WHERE c."orgId" = ${ctx.org.id}::uuid GROUP BY c."areaId"
      ) n ON n."areaId" = a.id
      WHERE a."orgId" = ${ctx.org.id}::uuid
      ORDER BY a.position`;
    const counts: StatusCounts = { IMPLEMENTED: 0, IN_PROGRESS: 0, PLANNED: 0, NOT_APPLICABLE: 0 };
    let due = 0;
    for (const area of areas) {
      for (const status of Object.keys(counts) as (keyof StatusCounts)[]) counts[status] += area[status];
      due += area.due;
    }
    return { coverage: coverage(counts), reviewDue: due, areas: areas.map(({ id, name, controls }) => ({ id, name, controls })) };
  }, { readOnly: true });
}

/** The organisation's control areas by name, in their order: the control form's choices. */
export async function controlAreaNames({ ctx }: { ctx: OrgContext }) {
  // Plain SQL on the control page's hot path: a model query costs Prisma's query compiler a
  // pass on every request (issue 11).
  const areas = await inTenant(ctx, (tx) => tx.$queryRaw<{ name: string }[]>`
    SELECT a.name FROM "ControlArea" a WHERE a."orgId" = ${ctx.org.id}::uuid ORDER BY a.position ASC`, { readOnly: true });
  return areas.map((area) => area.name);
}

export type ControlWithParts = Control & { area: { name: string }; owner: { email: string } | null; evidence: Evidence[] };

/**
 * One control with its area's name, its owner's address and its evidence, in one statement
 * (Prisma's `include` of the three is four round trips; the control page asks on every visit).
 * controls.test.ts checks it returns exactly what that `include` returns.
 */
export async function getControl({ ctx, id }: { ctx: OrgContext; id: string }): Promise<ControlWithParts> {
  const controlId = idSchema.parse(id);
  const [row] = await inTenant(ctx, (tx) => tx.$queryRaw<(Control & { areaName: string; ownerEmail: string | null; evidence: (Omit<Evidence, "createdAt"> & { createdAt: string })[] })[]>`
    SELECT c.id, c."orgId", c."areaId", c.ref, c.title, c.description, c.status::text AS status, c.visibility::text AS visibility, c."ownerId",
           c."reviewCadenceDays", c."lastReviewedAt", c."reviewReminderDueAt", c.position, c.icon, c.version, c."createdAt", c."updatedAt",
           a.name AS "areaName", u.email AS "ownerEmail",
           coalesce((SELECT json_agg(json_build_object('id', e.id, 'orgId', e."orgId", 'controlId', e."controlId", 'label', e.label, 'kind', e.kind,
                                                       'target', e.target, 'visibility', e.visibility, 'position', e.position, 'createdAt', e."createdAt")
                             ORDER BY e.position)
                     FROM "Evidence" e WHERE e."controlId" = c.id), '[]'::json) AS evidence
    FROM "Control" c JOIN "ControlArea" a ON a.id = c."areaId" LEFT JOIN "User" u ON u.id = c."ownerId"
    WHERE c.id = ${controlId}::uuid AND c."orgId" = ${ctx.org.id}::uuid`);
  if (!row) throw new AppError("not_found", "No such control.");
  const { areaName, ownerEmail, evidence, ...control } = row;
  return {
    ...control,
    area: { name: areaName },
    owner: ownerEmail === null ? null : { email: ownerEmail },
    evidence: evidence.map((item) => ({ ...item, createdAt: new Date(item.createdAt) })),
  };
}

export async function listMemberEmails({ ctx }: { ctx: OrgContext }) {
  // One query (Prisma's nested select would be two: members, then their people).
  const members = await inTenant(ctx, (tx) => tx.$queryRaw<{ email: string }[]>`
    SELECT u.email FROM "Member" m JOIN "User" u ON u.id = m."userId" WHERE m."orgId" = ${ctx.org.id}::uuid`);
  return members.map((m) => m.email).sort();
}

// --- helpers shared by the writes ------------------------------------------------------------

async function areaIdFor(tx: Tx, orgId: string, name: string) {
  const existing = await tx.controlArea.findUnique({ where: { orgId_name: { orgId, name } }, select: { id: true } });
  if (existing) return existing.id;
  const last = await tx.controlArea.aggregate({ where: { orgId }, _max: { position: true } });
  const created = await tx.controlArea.create({ data: { orgId, name, position: (last._max.position ?? 0) + 1 }, select: { id: true } });
  return created.id;
}

/** Makes sure an area of this name exists (after the others), as saving a control into it would. */
export async function ensureArea({ ctx, name }: { ctx: OrgContext; name: string }) {
  const parsed = areaSchema.parse({ name });
  return inTenant(ctx, (tx) => areaIdFor(tx, ctx.org.id, parsed.name));
}

async function ownerIdFor(tx: Tx, orgId: string, email: string | undefined) {
  if (!email) return null;
  const member = await tx.member.findFirst({ where: { orgId, user: { email: email.toLowerCase() } }, select: { userId: true } });
  if (!member) throw new AppError("validation", "The owner must be a member.", { fieldErrors: { ownerEmail: [`${email} is not a member of this organisation.`] } });
  return member.userId;
}

function auditView(control: { ref: string; title: string; description: string; status: string; visibility: string; ownerId: string | null; reviewCadenceDays: number; lastReviewedAt: Date | null; areaId: string; icon: string | null }) {
  const { ref, title, description, status, visibility, ownerId, reviewCadenceDays, lastReviewedAt, areaId, icon } = control;
  return { ref, title, description, status, visibility, ownerId, reviewCadenceDays, lastReviewedAt, areaId, ...(icon ? { icon } : {}) };
}

function uniqueRefError(error: unknown, ref: string): never {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
    throw new AppError("conflict", `${ref} already exists.`, { fieldErrors: { ref: [`Another control already uses ${ref}.`] } });
  }
  throw error;
}

// --- writes ----------------------------------------------------------------------------------

/**
 * A control's evidence, when the input carries it (an import; the form never does: evidence is
 * edited on its own, beside the form). Given, it replaces the control's evidence; absent, the
 * evidence is left as it is.
 */
const evidenceListSchema = z.object({ evidence: z.array(evidenceSchema).max(200, "At most 200 evidence items per control.").optional() });

async function replaceEvidence(tx: Tx, ctx: OrgContext, controlId: string, evidence: z.output<typeof evidenceSchema>[]) {
  await tx.evidence.deleteMany({ where: { orgId: ctx.org.id, controlId } });
  await tx.evidence.createMany({ data: evidence.map((e, index) => ({ ...e, orgId: ctx.org.id, controlId, position: index + 1 })) });
}

const evidenceView = (evidence: { label: string; kind: string; target: string; visibility: string }[]) => evidence.map(({ label, kind, target, visibility }) => ({ label, kind, target, visibility }));

/** Creates a control (the form, or a row of an import: one path, whatever the source). */
export async function createControl({ ctx, input }: { ctx: OrgContext; input: unknown }) {
  const data = controlSchema.parse(input);
  const { evidence } = evidenceListSchema.parse(input);
  try {
    return await inTenant(ctx, async (tx) => {
      const areaId = await areaIdFor(tx, ctx.org.id, data.area);
      const ownerId = await ownerIdFor(tx, ctx.org.id, data.ownerEmail);
      const position = await nextPosition(tx.control, { orgId: ctx.org.id, areaId });
      const control = await tx.control.create({
        data: {
          orgId: ctx.org.id, areaId, ownerId, ref: data.ref, title: data.title, description: data.description, status: data.status,
          visibility: data.visibility, reviewCadenceDays: data.reviewCadenceDays, lastReviewedAt: dayStartOrNull(data.lastReviewedAt), position, icon: data.icon ?? null,
        },
      });
      if (evidence?.length) await replaceEvidence(tx, ctx, control.id, evidence);
      await recordAudit(tx, ctx, { action: "controls.create", targetType: "control", targetId: control.id, after: { ...auditView(control), ...(evidence?.length ? { evidence: evidenceView(evidence) } : {}) } });
      return control;
    });
  } catch (error) {
    uniqueRefError(error, data.ref);
  }
}

export async function updateControl({ ctx, id, input }: { ctx: OrgContext; id: string; input: unknown }) {
  const controlId = idSchema.parse(id);
  const { version, ...raw } = z.object({ version: versionSchema }).passthrough().parse(input);
  const data = controlSchema.parse(raw);
  const { evidence } = evidenceListSchema.parse(raw);
  try {
    return await inTenant(ctx, async (tx) => {
      const areaId = await areaIdFor(tx, ctx.org.id, data.area);
      const ownerId = await ownerIdFor(tx, ctx.org.id, data.ownerEmail);
      const changes = {
        ref: data.ref, title: data.title, description: data.description, status: data.status, visibility: data.visibility,
        reviewCadenceDays: data.reviewCadenceDays, lastReviewedAt: dayStartOrNull(data.lastReviewedAt), areaId, ownerId, icon: data.icon ?? null,
      };
      const saved = await versionedUpdate({ model: tx.control, key: { id: controlId, orgId: ctx.org.id }, version, missing: "No such control." }, changes);
      const evidenceBefore = evidence ? evidenceView(await tx.evidence.findMany({ where: { orgId: ctx.org.id, controlId }, orderBy: { position: "asc" } })) : undefined;
      if (evidence) await replaceEvidence(tx, ctx, controlId, evidence);
      await recordAudit(tx, ctx, {
        action: "controls.update",
        targetType: "control",
        targetId: controlId,
        before: { ...auditView(saved.before), ...(evidence ? { evidence: evidenceBefore } : {}) },
        after: { ...auditView({ ...saved.before, ...changes }), ...(evidence ? { evidence: evidenceView(evidence) } : {}) },
      });
      return { version: saved.version };
    });
  } catch (error) {
    uniqueRefError(error, data.ref);
  }
}

export async function deleteControl({ ctx, id, input }: { ctx: OrgContext; id: string; input: unknown }) {
  const controlId = idSchema.parse(id);
  const { version } = z.object({ version: versionSchema }).parse(input);
  await inTenant(ctx, async (tx) => {
    const before = await versionedDelete({ model: tx.control, key: { id: controlId, orgId: ctx.org.id }, version, missing: "No such control." });
    await recordAudit(tx, ctx, { action: "controls.delete", targetType: "control", targetId: controlId, before: auditView(before) });
  });
}

export const bulkSchema = z
  .object({
    ids: z.array(z.uuid()).min(1, "Select at least one control.").max(2_000),
    status: z.preprocess((v) => (v === "" ? undefined : v), z.enum(["IMPLEMENTED", "IN_PROGRESS", "PLANNED", "NOT_APPLICABLE"]).optional()),
    visibility: z.preprocess((v) => (v === "" ? undefined : v), z.enum(["PUBLIC", "NDA", "PRIVATE"]).optional()),
  })
  .refine((b) => b.status || b.visibility, { message: "Choose a status or a visibility to apply.", path: ["status"] });

/** Bulk change of status and/or visibility; one audit event per control changed. */
export async function bulkUpdateControls({ ctx, input }: { ctx: OrgContext; input: unknown }) {
  const { ids, status, visibility } = bulkSchema.parse(input);
  return inTenant(ctx, async (tx) => {
    const before = await tx.control.findMany({ where: { orgId: ctx.org.id, id: { in: ids } }, select: { id: true, status: true, visibility: true } });
    if (before.length !== new Set(ids).size) throw new AppError("not_found", "Some selected controls no longer exist. Reload and try again.");
    const patch = { ...(status ? { status } : {}), ...(visibility ? { visibility } : {}) };
    await tx.control.updateMany({ where: { orgId: ctx.org.id, id: { in: ids } }, data: { ...patch, version: { increment: 1 } } });
    for (const row of before) {
      await recordAudit(tx, ctx, { action: "controls.bulk-update", targetType: "control", targetId: row.id, before: { status: row.status, visibility: row.visibility }, after: { status: row.status, visibility: row.visibility, ...patch } });
    }
    return { changed: before.length };
  });
}

export const markReviewedSchema = z.object({
  ids: z.array(z.uuid({ error: "Unknown control." }), { error: "Select at least one control." }).min(1, "Select at least one control.").max(2_000),
});

/**
 * "Reviewed today" for one control (its page) or many (the list): the last review becomes today
 * (UTC), so the next is a full cadence away. A control already marked today is left as it is.
 * The version is bumped, since the review date is a field of the control's form; one audit event
 * per control changed.
 */
export async function markControlsReviewed({ ctx, input, now = new Date() }: { ctx: OrgContext; input: unknown; now?: Date }) {
  const { ids } = markReviewedSchema.parse(input);
  const today = utcDay(now);
  return inTenant(ctx, async (tx) => {
    const found = await tx.control.findMany({ where: { orgId: ctx.org.id, id: { in: ids } }, select: { id: true, lastReviewedAt: true } });
    if (found.length !== new Set(ids).size) throw new AppError("not_found", "Some selected controls no longer exist. Reload and try again.");
    const changed = found.filter((row) => row.lastReviewedAt?.getTime() !== today.getTime());
    await tx.control.updateMany({ where: { orgId: ctx.org.id, id: { in: changed.map((row) => row.id) } }, data: { lastReviewedAt: today, version: { increment: 1 } } });
    for (const row of changed) {
      await recordAudit(tx, ctx, { action: "controls.mark-reviewed", targetType: "control", targetId: row.id, before: { lastReviewedAt: row.lastReviewedAt }, after: { lastReviewedAt: today } });
    }
    return { changed: changed.length, reviewedOn: today.toISOString().slice(0, 10) };
  });
}

/** Moves a control up or down within its area (swaps positions with its neighbour). */
export async function moveControl({ ctx, id, direction }: { ctx: OrgContext; id: string; direction: "up" | "down" }) {
  const controlId = idSchema.parse(id);
  await inTenant(ctx, async (tx) => {
    const control = await tx.control.findFirst({ where: { id: controlId, orgId: ctx.org.id }, select: { id: true, areaId: true, position: true, ref: true } });
    if (!control) throw new AppError("not_found", "No such control.");
    const moved = await reorder({ model: tx.control, orgId: ctx.org.id, item: control, among: { areaId: control.areaId }, direction });
    if (!moved) return;
    await recordAudit(tx, ctx, { action: "controls.reorder", targetType: "control", targetId: control.id, before: { position: moved.before }, after: { position: moved.after } });
  });
}

// --- areas -----------------------------------------------------------------------------------

export async function renameArea({ ctx, id, input }: { ctx: OrgContext; id: string; input: unknown }) {
  const areaId = idSchema.parse(id);
  const { name } = areaSchema.parse(input);
  await inTenant(ctx, async (tx) => {
    const before = await tx.controlArea.findFirst({ where: { id: areaId, orgId: ctx.org.id } });
    if (!before) throw new AppError("not_found", "No such area.");
    try {
      await tx.controlArea.updateMany({ where: { id: areaId, orgId: ctx.org.id }, data: { name } });
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") throw new AppError("conflict", `An area called ${name} exists.`, { fieldErrors: { name: ["That name is taken."] } });
      throw error;
    }
    await recordAudit(tx, ctx, { action: "controls.area.rename", targetType: "area", targetId: areaId, before: { name: before.name }, after: { name } });
  });
}

export async function moveArea({ ctx, id, direction }: { ctx: OrgContext; id: string; direction: "up" | "down" }) {
  const areaId = idSchema.parse(id);
  await inTenant(ctx, async (tx) => {
    const area = await tx.controlArea.findFirst({ where: { id: areaId, orgId: ctx.org.id } });
    if (!area) throw new AppError("not_found", "No such area.");
    const moved = await reorder({ model: tx.controlArea, orgId: ctx.org.id, item: area, direction });
    if (!moved) return;
    await recordAudit(tx, ctx, { action: "controls.area.reorder", targetType: "area", targetId: area.id, before: { position: moved.before }, after: { position: moved.after } });
  });
}

export async function deleteArea({ ctx, id }: { ctx: OrgContext; id: string }) {
  const areaId = idSchema.parse(id);
  await inTenant(ctx, async (tx) => {
    const area = await tx.controlArea.findFirst({ where: { id: areaId, orgId: ctx.org.id }, include: { _count: { select: { controls: true } } } });
    if (!area) throw new AppError("not_found", "No such area.");
    if (area._count.controls > 0) throw new AppError("conflict", `${area.name} still has ${area._count.controls} controls. Move or delete them first.`);
    await tx.controlArea.deleteMany({ where: { id: areaId, orgId: ctx.org.id } });
    await recordAudit(tx, ctx, { action: "controls.area.delete", targetType: "area", targetId: areaId, before: { name: area.name } });
  });
}

// --- evidence --------------------------------------------------------------------------------

async function controlFor(tx: Tx, ctx: OrgContext, controlId: string) {
  const control = await tx.control.findFirst({ where: { id: idSchema.parse(controlId), orgId: ctx.org.id }, select: { id: true, ref: true } });
  if (!control) throw new AppError("not_found", "No such control.");
  return control;
}

/**
 * Evidence is edited on its own, beside the control's form, never through it: a change to the
 * evidence marks the control as updated (the list's "Updated" sort) but leaves its version alone,
 * so the form that is open on the same page still saves (ADR 023). Two people editing the
 * control's own fields still conflict through the version.
 */
async function touchControl(tx: Tx, ctx: OrgContext, controlId: string) {
  await tx.control.updateMany({ where: { id: controlId, orgId: ctx.org.id }, data: { updatedAt: new Date() } });
}

export async function addEvidence({ ctx, controlId, input }: { ctx: OrgContext; controlId: string; input: unknown }) {
  const data = evidenceSchema.parse(input);
  return inTenant(ctx, async (tx) => {
    const control = await controlFor(tx, ctx, controlId);
    const position = await nextPosition(tx.evidence, { orgId: ctx.org.id, controlId: control.id });
    const evidence = await tx.evidence.create({ data: { ...data, orgId: ctx.org.id, controlId: control.id, position } });
    await touchControl(tx, ctx, control.id);
    await recordAudit(tx, ctx, { action: "controls.evidence.add", targetType: "control", targetId: control.id, after: { ref: control.ref, ...data } });
    return evidence;
  });
}

export async function removeEvidence({ ctx, evidenceId }: { ctx: OrgContext; evidenceId: string }) {
  const id = idSchema.parse(evidenceId);
  await inTenant(ctx, async (tx) => {
    const evidence = await tx.evidence.findFirst({ where: { id, orgId: ctx.org.id } });
    if (!evidence) throw new AppError("not_found", "No such evidence.");
    await tx.evidence.deleteMany({ where: { id, orgId: ctx.org.id } });
    await touchControl(tx, ctx, evidence.controlId);
    await recordAudit(tx, ctx, { action: "controls.evidence.remove", targetType: "control", targetId: evidence.controlId, before: { label: evidence.label, kind: evidence.kind, target: evidence.target, visibility: evidence.visibility } });
  });
}

export async function moveEvidence({ ctx, evidenceId, direction }: { ctx: OrgContext; evidenceId: string; direction: "up" | "down" }) {
  const id = idSchema.parse(evidenceId);
  await inTenant(ctx, async (tx) => {
    const evidence = await tx.evidence.findFirst({ where: { id, orgId: ctx.org.id } });
    if (!evidence) throw new AppError("not_found", "No such evidence.");
    const moved = await reorder({ model: tx.evidence, orgId: ctx.org.id, item: evidence, among: { controlId: evidence.controlId }, direction });
    if (!moved) return;
    await recordAudit(tx, ctx, { action: "controls.evidence.reorder", targetType: "control", targetId: evidence.controlId, before: { evidence: evidence.label, position: moved.before }, after: { position: moved.after } });
  });
}
