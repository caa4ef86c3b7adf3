import "server-only";

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
