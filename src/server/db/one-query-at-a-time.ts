import "server-only";

import type { PrismaPg } from "@prisma/adapter-pg";
import type pg from "pg";
import { openWithPendingScope } from "./scope-on-begin";

type Adapter = Awaited<ReturnType<PrismaPg["connect"]>>;
type Transaction = Awaited<ReturnType<Adapter["startTransaction"]>>;
type Factory = Pick<PrismaPg, "provider" | "adapterName" | "connect">;

/**
 * A transaction holds one PostgreSQL connection, and a connection runs one query at a time.
 * Prisma 7 sends a transaction's queries concurrently all the same: a read that includes two
 * relations loads them with Promise.all, and so does our own code that reads several tables in
 * one scope (projection, export, list + count). pg 8 queues them with a deprecation warning; pg 9
 * refuses them. Meanwhile `commit()` hands the connection back to the pool, so a query still
 * queued behind it would run on a connection someone else now holds.
 *
 * So every transaction's queries, commit and rollback go through one queue here, in the order
 * they were asked for. Queries outside a transaction take their own pooled connections and are
 * left alone. (Prisma's fix, serialising in adapter-pg, was not released as of 7.10.1.)
 */
export function oneQueryAtATime(factory: Factory): Factory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    async connect() {
      const adapter = await factory.connect();
      const startTransaction = adapter.startTransaction.bind(adapter);
      const pool = (adapter as unknown as { underlyingDriver(): pg.Pool }).underlyingDriver();
      // The tenant scope, when one is pending, goes with the BEGIN (scope-on-begin.ts).
      adapter.startTransaction = async (isolationLevel) => serialised(await openWithPendingScope(pool, () => startTransaction(isolationLevel)));
      return adapter;
    },
  };
}

/**
 * A queue for one connection's statements: each step starts when the one before it settled, in
 * the order asked. A failed step does not stop the ones behind it: each caller gets its own
 * outcome. (Also the plain-SQL page reads' queue, tenant.ts.)
 */
export function oneAtATime() {
  let last: Promise<unknown> = Promise.resolve();
  return <T>(step: () => Promise<T>): Promise<T> => {
    const result = last.then(step, step);
    last = result.catch(() => undefined);
    return result;
  };
}

function serialised(tx: Transaction): Transaction {
  const inTurn = oneAtATime();
  return {
    provider: tx.provider,
    adapterName: tx.adapterName,
    options: tx.options,
    queryRaw: (query) => inTurn(() => tx.queryRaw(query)),
    executeRaw: (query) => inTurn(() => tx.executeRaw(query)),
    commit: () => inTurn(() => tx.commit()),
    rollback: () => inTurn(() => tx.rollback()),
    // Savepoints run their SQL on `tx` itself, so queueing the call is enough.
    ...(tx.createSavepoint && { createSavepoint: (name: string) => inTurn(() => tx.createSavepoint!(name)) }),
    ...(tx.rollbackToSavepoint && { rollbackToSavepoint: (name: string) => inTurn(() => tx.rollbackToSavepoint!(name)) }),
    ...(tx.releaseSavepoint && { releaseSavepoint: (name: string) => inTurn(() => tx.releaseSavepoint!(name)) }),
  };
}
