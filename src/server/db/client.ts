import "server-only";

import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/generated/prisma/client";
import { env } from "../env";
import { oneQueryAtATime } from "./one-query-at-a-time";
import { appDatabaseUrl } from "./urls";

/**
 * The application's database client. It connects as the application role (never the owner),
 * so row-level security binds every query it runs. Created on first use, not at import.
 */
const globalForDb = globalThis as unknown as { candorDb?: PrismaClient };

/**
 * Ten connections: PostgreSQL runs on the same few cores, so more would only queue inside it.
 * Under load a unit of work waits for a connection rather than fail: Prisma's default wait for an
 * interactive transaction is 2 s, and on a busy 2-core machine 50 people at once waited longer,
 * so pages failed with P2028 ("Unable to start a transaction in the given time", issue 10 item
 * 4.4). A page now opens two or three transactions instead of six (the gate's memo, readTogether),
 * which removed the failures; the longer wait keeps a burst from turning into error pages. How
 * long a transaction may then run is unchanged (5 s).
 */
const CONNECTION_WAIT_MS = 10_000;

function createClient() {
  const adapter = new PrismaPg({ connectionString: appDatabaseUrl(env()), max: 10, connectionTimeoutMillis: CONNECTION_WAIT_MS });
  return new PrismaClient({ adapter: oneQueryAtATime(adapter), transactionOptions: { maxWait: CONNECTION_WAIT_MS } });
}

export function getDb(): PrismaClient {
  globalForDb.candorDb ??= createClient();
  return globalForDb.candorDb;
}

export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, property) {
    const client = getDb();
    const value = Reflect.get(client, property, client);
    return typeof value === "function" ? value.bind(client) : value;
  },
});

export type Db = PrismaClient;
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

export async function disconnectDb() {
  await globalForDb.candorDb?.$disconnect();
  globalForDb.candorDb = undefined;
}
