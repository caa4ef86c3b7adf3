import "server-only";

import pg from "pg";
import { env } from "../env";
import { appDatabaseUrl } from "./urls";

/** A plain pg pool on the application role, for libraries that want one (rate limiting). */
const globalForPool = globalThis as unknown as { candorPool?: pg.Pool };

export function getPool(): pg.Pool {
  globalForPool.candorPool ??= new pg.Pool({ connectionString: appDatabaseUrl(env()), max: 4, connectionTimeoutMillis: 5_000 });
  return globalForPool.candorPool;
}

export async function closePool() {
  await globalForPool.candorPool?.end();
  globalForPool.candorPool = undefined;
}
