import "server-only";

import pg from "pg";
import { env } from "../env";
import { log } from "../log";
import { appDatabaseUrl } from "./urls";

/** A plain pg pool on the application role, for libraries that want one (rate limiting). */
const globalForPool = globalThis as unknown as { candorPool?: pg.Pool };

export function getPool(): pg.Pool {
  if (!globalForPool.candorPool) {
    const pool = new pg.Pool({ connectionString: appDatabaseUrl(env()), max: 4, connectionTimeoutMillis: 5_000 });
    // An idle connection dropped by the server (a restart, a failover) must not crash the
    // process: pg emits it here, and the pool replaces the connection on next use.
    pool.on("error", (error) => log.warn({ err: error }, "idle database connection lost"));
    globalForPool.candorPool = pool;
  }
  return globalForPool.candorPool;
}

/** Closes both plain pools (this one and the page reads', below). */
export async function closePool() {
  await globalForPool.candorPool?.end();
  globalForPool.candorPool = undefined;
  await closeReadPool();
}

/**
 * The pool of the pages' plain-SQL read units (tenant.ts, readTenantPlain): as many connections
 * as Prisma's (client.ts), waited for as long, so a page that left Prisma's pool for this one
 * meets the same limits under load.
 */
const globalForReads = globalThis as unknown as { candorReadPool?: pg.Pool };

export function getReadPool(): pg.Pool {
  if (!globalForReads.candorReadPool) {
    const pool = new pg.Pool({ connectionString: appDatabaseUrl(env()), max: 10, connectionTimeoutMillis: 10_000 });
    pool.on("error", (error) => log.warn({ err: error }, "idle database connection lost"));
    globalForReads.candorReadPool = pool;
  }
  return globalForReads.candorReadPool;
}

async function closeReadPool() {
  await globalForReads.candorReadPool?.end();
  globalForReads.candorReadPool = undefined;
}

