import "server-only";

import { withTenantPlainReads } from "./db/tenant";
import { inTenant, type Acting } from "./db/write";

/**
 * A page's reads in one read-only transaction. Each domain read opens a unit of work of its own
 * when called alone; called inside `fn`, they join this one, so a page costs one pooled
 * connection and one transaction instead of one per read (a control page opened five).
 * `fn` gets no transaction handle: pages still call domain functions, never the database.
 */
export function readTogether<T>(ctx: Acting, fn: () => Promise<T>): Promise<T> {
  return inTenant(ctx, fn, { readOnly: true });
}

/**
 * readTogether for the dashboard's hottest pages (the control list, a control): the reads go to
 * PostgreSQL without Prisma's query engine (withTenantPlainReads). Every read inside must be a
 * `tx.$queryRaw`; a model query throws at once.
 */
export function readTogetherPlain<T>(ctx: Acting, fn: () => Promise<T>): Promise<T> {
  return withTenantPlainReads({ orgId: ctx.org.id, userId: ctx.user.id }, fn);
}

