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

export async function closePool() {
  await globalForPool.candorPool?.end();
  globalForPool.candorPool = undefined;
}
