import "server-only";

import { db, type Tx } from "./client";

/**
 * The only way application code reaches tenant rows. Row-level security (migration
 * 20261122010000_tenancy) shows a transaction only the rows of the organisation named by
 * `app.org_id`, plus the signed-in person's own memberships (`app.user_id`). Both are set with
 * set_config(..., true): transaction-local, so nothing leaks to the next user of a pooled
 * connection. Outside these helpers, tenant tables look empty.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type TenantScope = { orgId: string; userId?: string | null };

function checkId(id: string, what: string) {
  if (!UUID.test(id)) throw new Error(`${what} must be a UUID`);
}

type ScopeOptions = { readOnly?: boolean; /** For large units of work (imports); default 5 s. */ timeoutMs?: number };

async function scoped<T>(settings: { orgId: string; userId: string }, fn: (tx: Tx) => Promise<T>, options: ScopeOptions): Promise<T> {
  return db.$transaction(
    async (tx) => {
      if (options.readOnly) await tx.$executeRawUnsafe("SET TRANSACTION READ ONLY");
      await tx.$executeRaw`SELECT set_config('app.org_id', ${settings.orgId}, true), set_config('app.user_id', ${settings.userId}, true)`;
      return fn(tx);
    },
    options.timeoutMs ? { timeout: options.timeoutMs, maxWait: 10_000 } : undefined,
  );
}

/** Runs `fn` in one transaction acting for one organisation (and, if given, one person). */
export async function withTenant<T>(scope: TenantScope, fn: (tx: Tx) => Promise<T>, options: ScopeOptions = {}): Promise<T> {
  checkId(scope.orgId, "orgId");
  if (scope.userId) checkId(scope.userId, "userId");
  return scoped({ orgId: scope.orgId, userId: scope.userId ?? "" }, fn, options);
}

/** Runs `fn` as a person, before any organisation is chosen: they see their own memberships. */
export async function withUser<T>(userId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  checkId(userId, "userId");
  return scoped({ orgId: "", userId }, fn, {});
}

/**
 * The public path: a slug is resolved to an organisation id by a narrow SECURITY DEFINER
 * function, then `fn` reads in that organisation's scope, in a read-only transaction. Anonymous
 * visitors never get more than this.
 */
export async function withPublicTenant<T>(slug: string, fn: (tx: Tx, orgId: string) => Promise<T>): Promise<T | null> {
  const [row] = await db.$queryRaw<{ id: string | null }[]>`SELECT candor_public_org_id(${slug}) AS id`;
  if (!row?.id) return null;
  const orgId = row.id;
  return withTenant({ orgId }, (tx) => fn(tx, orgId), { readOnly: true });
}
