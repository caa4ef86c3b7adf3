import "server-only";

import { AppError } from "../errors";
import type { Tx } from "./client";
import { withTenant } from "./tenant";

/**
 * The tenant-write kit: what every domain writer needs and no domain file re-types. A domain
 * file states its own rules (what a control is, who may change it); the mechanics of acting for
 * an organisation live here: the unit of work, optimistic concurrency, reordering. Every write
 * here filters by { id, orgId } (one update idiom), so a forgotten policy would still not let a
 * write cross tenants.
 */

export const STALE_CONFLICT = "Someone else changed this while you were editing. Reload to see their version, then make your change again.";

type ScopeOptions = Parameters<typeof withTenant>[2];
/** Who acts, for whom: the gate's context (OrgContext), or anything shaped like it. */
export type Acting = { org: { id: string }; user: { id: string } };

/**
 * Runs `fn` acting for the gate's organisation and person: in a new transaction, or in the one
 * already open for them (a page's loader, an import), so one unit of work is one transaction.
 */
export function inTenant<T>(ctx: Acting, fn: (tx: Tx) => Promise<T>, options?: ScopeOptions): Promise<T> {
  return withTenant({ orgId: ctx.org.id, userId: ctx.user.id }, fn, options);
}

type Key = { id: string; orgId: string };
/**
 * The part of a Prisma model delegate the kit uses. Prisma's own method types are generic per
 * model; the kit only ever passes `where: { id, orgId, … }` and plain data.
 */
type Model<Row> = {
  findFirst(args: { where: Key }): PromiseLike<Row | null>;
  updateMany(args: { where: Key & { version?: number }; data: Record<string, unknown> }): PromiseLike<{ count: number }>;
  deleteMany(args: { where: Key & { version: number } }): PromiseLike<{ count: number }>;
};
type Target<Row> = (
  | { model: Model<Row>; find?: undefined }
  /** Reads the row as the caller wants it before (a lock, a selection); default findFirst({ id, orgId }). */
  | { model: Model<unknown>; find: () => PromiseLike<Row | null> }
) & {
  key: Key;
  /** The version the editor loaded. */
  version: number;
  /** The not-found message ("No such control."). */
  missing: string;
  /** The conflict message, if the domain words it its own way. */
  stale?: string;
};

async function found<Row>(target: Target<Row>): Promise<Row> {
  const row = target.find ? await target.find() : await (target.model as Model<Row>).findFirst({ where: target.key });
  if (!row) throw new AppError("not_found", target.missing);
  return row;
}

/**
 * Optimistic concurrency: the row must exist in this organisation (404 otherwise) and still be
 * at the version the editor loaded (409 otherwise); then `data` is written and the version goes
 * up by one. `data` may be computed from the row as it was. Returns the row before and the new version.
 */
export async function versionedUpdate<Row>(
  target: Target<Row>,
  data: Record<string, unknown> | ((before: Row) => Record<string, unknown> | Promise<Record<string, unknown>>),
): Promise<{ before: Row; version: number }> {
  const before = await found(target);
  const changes = typeof data === "function" ? await data(before) : data;
  const result = await target.model.updateMany({ where: { ...target.key, version: target.version }, data: { ...changes, version: { increment: 1 } } });
  if (result.count === 0) throw new AppError("conflict", target.stale ?? STALE_CONFLICT, { stale: true });
  return { before, version: target.version + 1 };
}

/** The delete twin of versionedUpdate: 404 if gone, 409 if changed since loaded. Returns the row before. */
export async function versionedDelete<Row>(target: Target<Row>): Promise<Row> {
  const before = await found(target);
  const result = await target.model.deleteMany({ where: { ...target.key, version: target.version } });
  if (result.count === 0) throw new AppError("conflict", target.stale ?? STALE_CONFLICT, { stale: true });
  return before;
}

type Positioned = { id: string; position: number };
type OrderedModel = {
  findFirst(args: { where: Record<string, unknown>; orderBy: { position: "asc" | "desc" }; select: { id: true; position: true } }): PromiseLike<Positioned | null>;
  updateMany(args: { where: Key; data: { position: number } }): PromiseLike<{ count: number }>;
};

/**
 * Moves `item` one place up or down among the rows matching `among` (its organisation, and its
 * parent: a control's area, an evidence's control…) by swapping positions with its neighbour.
 * At either end there is no neighbour and nothing changes: null. Otherwise the positions before
 * and after, for the audit event.
 */
export async function reorder(input: {
  model: OrderedModel;
  orgId: string;
  item: Positioned;
  among?: Record<string, unknown>;
  direction: "up" | "down";
}): Promise<{ before: number; after: number } | null> {
  const { model, orgId, item, direction } = input;
  const neighbour = await model.findFirst({
    where: { ...input.among, orgId, position: direction === "up" ? { lt: item.position } : { gt: item.position } },
    orderBy: { position: direction === "up" ? "desc" : "asc" },
    select: { id: true, position: true },
  });
  if (!neighbour) return null;
  await model.updateMany({ where: { id: item.id, orgId }, data: { position: neighbour.position } });
  await model.updateMany({ where: { id: neighbour.id, orgId }, data: { position: item.position } });
  return { before: item.position, after: neighbour.position };
}

/** The next free position at the end of the rows matching `among`. */
export async function nextPosition(model: { aggregate(args: { where: Record<string, unknown>; _max: { position: true } }): PromiseLike<{ _max: { position: number | null } }> }, among: Record<string, unknown>) {
  const last = await model.aggregate({ where: among, _max: { position: true } });
  return (last._max.position ?? 0) + 1;
}
