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

function createClient() {
  const adapter = new PrismaPg({ connectionString: appDatabaseUrl(env()), max: 10, connectionTimeoutMillis: 5_000 });
  return new PrismaClient({ adapter: oneQueryAtATime(adapter) });
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
