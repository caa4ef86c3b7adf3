import "server-only";

import pg from "pg";
import { env } from "../env";
import { log } from "../log";
import { appDatabaseUrl } from "./urls";

/**
 * Plain pg pools on the application role, one per use, each created on first use:
 * - `getPool()`: for libraries that want one (rate limiting) and the gate's one-statement read;
 * - `getReadPool()`: the pages' plain-SQL read units (tenant.ts, withTenantPlainReads), as many
 *   connections as Prisma's (client.ts), waited for as long, so a page that left Prisma's pool
 *   for this one meets the same limits under load.
 */
const POOLS = { main: { max: 4, connectionTimeoutMillis: 5_000 }, reads: { max: 10, connectionTimeoutMillis: 10_000 } };
type Name = keyof typeof POOLS;
const globalForPools = globalThis as unknown as { candorPools?: Partial<Record<Name, pg.Pool>> };

function pool(name: Name): pg.Pool {
  const pools = (globalForPools.candorPools ??= {});
  if (!pools[name]) {
    const created = new pg.Pool({ connectionString: appDatabaseUrl(env()), ...POOLS[name] });
    // An idle connection dropped by the server (a restart, a failover) must not crash the
    // process: pg emits it here, and the pool replaces the connection on next use.
    created.on("error", (error) => log.warn({ err: error }, "idle database connection lost"));
    pools[name] = created;
  }
  return pools[name];
}

export const getPool = () => pool("main");
export const getReadPool = () => pool("reads");

/** Closes every plain pool; the next use opens them again. */
export async function closePool() {
  const pools = globalForPools.candorPools ?? {};
  globalForPools.candorPools = {};
  await Promise.all(Object.values(pools).map((each) => each.end()));
}
