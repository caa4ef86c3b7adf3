import "server-only";

import { AsyncLocalStorage } from "node:async_hooks";
import type pg from "pg";

/**
 * A tenant scope's settings sent in the same message as the transaction's BEGIN: one round trip
 * fewer for every unit of work (tenant.ts's scoped(); issue 10 item 4.4). Prisma's adapter opens a
 * transaction by taking a pooled connection and sending "BEGIN" with no values, which pg sends as
 * a simple query; a simple query may hold several statements, so "BEGIN; SELECT set_config(…)"
 * opens the transaction and sets its scope at once. The settings are transaction-local, exactly
 * as when sent on their own.
 *
 * The values are written into the SQL text, so only what tenant.ts checked goes in: UUIDs (or an
 * empty person). When the adapter does not open its transaction this way (another version of it),
 * nothing is folded, `folded` stays false, and tenant.ts sends the settings itself.
 */
export type PendingScope = { sql: string; folded: boolean };

export const pendingScope = new AsyncLocalStorage<PendingScope>();

type Connect = () => Promise<pg.PoolClient>;

/**
 * Calls `open` (the adapter's startTransaction) so that, if a scope is pending in this async
 * context, the connection it takes sends that scope with its BEGIN. The adapter asks the pool for
 * its connection synchronously, as its first step, so the pool is wrapped for that call only.
 */
export function openWithPendingScope<T>(pool: pg.Pool, open: () => Promise<T>): Promise<T> {
  const scope = pendingScope.getStore();
  if (!scope || scope.folded) return open();
  const connect = pool.connect as Connect;
  let asked = false;
  (pool as unknown as { connect: Connect }).connect = () => {
    asked = true;
    return connect.call(pool).then((client) => sendWithBegin(client, scope));
  };
  try {
    return open();
  } finally {
    (pool as unknown as { connect: Connect }).connect = connect;
    if (!asked) scope.folded = false;
  }
}

function sendWithBegin(client: pg.PoolClient, scope: PendingScope): pg.PoolClient {
  const own = client as unknown as { query: (...args: unknown[]) => unknown };
  own.query = (...args: unknown[]) => {
    // Only the very next statement is looked at: the pooled client goes back to its own query().
    delete (own as { query?: unknown }).query;
    const [config, ...rest] = args as [{ text?: string; values?: unknown[] } | string, ...unknown[]];
    if (typeof config === "object" && config.text === "BEGIN" && (config.values?.length ?? 0) === 0) {
      scope.folded = true;
      return client.query({ ...config, text: `BEGIN; ${scope.sql}` } as never, ...(rest as []));
    }
    return client.query(config as never, ...(rest as []));
  };
  return client;
}
