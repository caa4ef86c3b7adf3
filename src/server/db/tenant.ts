import "server-only";

import { AsyncLocalStorage } from "node:async_hooks";
import type pg from "pg";
import type { QueryResult, QueryResultRow } from "pg";
import { Prisma } from "@/generated/prisma/client";
import { db, type Tx } from "./client";
import { getPool, getReadPool } from "./pool";
import { pendingScope, type PendingScope } from "./scope-on-begin";
import { inlineSql } from "./sql-literal";

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

type Open = { orgId: string; userId: string; tx: Tx };

/**
 * The unit of work open in this async context, if any. A tenant call made inside another for the
 * same organisation joins it instead of opening a second transaction: a page's reads share one
 * connection, an import's rows commit or roll back together, and no code holds one pooled
 * connection while it waits for another (with a small pool, that wait is how requests starved
 * each other into P2028 timeouts).
 */
const openWork = new AsyncLocalStorage<Open>();

async function scoped<T>(settings: { orgId: string; userId: string }, fn: (tx: Tx) => Promise<T>, options: ScopeOptions): Promise<T> {
  // One statement: the scope, and (for reads) the transaction made read-only, as SET TRANSACTION
  // READ ONLY would. It normally travels with the BEGIN (scope-on-begin.ts): no round trip of its own.
  const pending: PendingScope = { sql: scopeStatement(settings, options.readOnly), folded: false };
  return pendingScope.run(pending, () =>
    db.$transaction(
      (tx) =>
        pendingScope.exit(async () => {
          if (!pending.folded) {
            if (options.readOnly) {
              await tx.$executeRaw`SELECT set_config('app.org_id', ${settings.orgId}, true), set_config('app.user_id', ${settings.userId}, true), set_config('transaction_read_only', 'on', true)`;
            } else {
              await tx.$executeRaw`SELECT set_config('app.org_id', ${settings.orgId}, true), set_config('app.user_id', ${settings.userId}, true)`;
            }
          }
          // A person's own scope (withUser, no organisation) is not a unit of work others join.
          if (!settings.orgId) return fn(tx);
          return openWork.run({ ...settings, tx }, () => fn(tx));
        }),
      options.timeoutMs ? { timeout: options.timeoutMs } : undefined,
    ),
  );
}

/** The scope as SQL text, for the BEGIN message: its values are checked UUIDs (or empty), nothing else. */
function scopeStatement(settings: { orgId: string; userId: string }, readOnly?: boolean) {
  for (const value of [settings.orgId, settings.userId]) if (value !== "" && !UUID.test(value)) throw new Error("A scope is made of UUIDs");
  const readOnlyPart = readOnly ? ", set_config('transaction_read_only', 'on', true)" : "";
  return `SELECT set_config('app.org_id', '${settings.orgId}', true), set_config('app.user_id', '${settings.userId}', true)${readOnlyPart}`;
}

/**
 * Joins the open unit of work when it acts for the same organisation and person; refuses to mix.
 * A write that joins a read-only unit fails in PostgreSQL ("read-only transaction"), not here:
 * many reads do not say they are reads.
 */
function join(open: Open, settings: { orgId: string; userId: string }): Tx {
  if (open.orgId !== settings.orgId) throw new Error("One unit of work acts for one organisation: this call names another.");
  if (settings.userId && open.userId !== settings.userId) throw new Error("One unit of work acts for one person: this call names another.");
  return open.tx;
}

/** A scope's settings, its ids checked to be UUIDs (they go into SQL text with the BEGIN). */
function checkedSettings(scope: TenantScope) {
  checkId(scope.orgId, "orgId");
  if (scope.userId) checkId(scope.userId, "userId");
  return { orgId: scope.orgId, userId: scope.userId ?? "" };
}

/**
 * Runs `fn` in one transaction acting for one organisation (and, if given, one person), or in
 * the unit of work already open for them.
 */
export async function withTenant<T>(scope: TenantScope, fn: (tx: Tx) => Promise<T>, options: ScopeOptions = {}): Promise<T> {
  const settings = checkedSettings(scope);
  const open = openWork.getStore();
  if (open) return fn(join(open, settings));
  return scoped(settings, fn, options);
}

/** Runs `fn` as a person, before any organisation is chosen: they see their own memberships. */
export async function withUser<T>(userId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  checkId(userId, "userId");
  return scoped({ orgId: "", userId }, fn, {});
}

/**
 * A read-only unit of work on a plain pg connection, for the dashboard's hottest pages (the control
 * list, a control, the shell's unpublished count; page-reads.ts): the same scope and the same
 * read-only transaction as withTenant's, but the reads inside it (`tx.$queryRaw` with Prisma.sql,
 * as every domain read on those pages is written) go to pg directly. Prisma's query engine cost
 * ~12% of the web process's main thread on those pages (issue 10 item 4.4, issue 11; ADR 040).
 *
 * The reads asked in one turn of the event loop (a page's `Promise.all`) travel together, in ONE
 * message and one round trip (ADR 042): `BEGIN`, the scope (read only, Prisma's 5 s bound as a
 * statement timeout), each read with its values written in as literals (sql-literal.ts), `COMMIT`.
 * Reads asked later (one that needs an earlier one's answer) go in a message of their own, a
 * transaction of its own: at READ COMMITTED every statement reads its own snapshot, so one
 * transaction or several is the same answer for reads. When a statement fails PostgreSQL skips
 * the rest of the message: the batch is rolled back and each read sent alone, so each caller
 * gets its own answer (its rows, or its error).
 *
 * Inside, `tx` has `$queryRaw` and nothing else: a model query (tx.control.findMany…) throws
 * at once, naming this function, so a read that needs one belongs under readTogether instead.
 * Results are pg's: int4 and float as numbers, timestamps as Dates, json parsed, but int8 and
 * numeric as strings (Prisma: BigInt, Decimal), so the reads cast their counts (::int).
 */
export async function withTenantPlainReads<T>(scope: TenantScope, fn: () => Promise<T>): Promise<T> {
  const settings = checkedSettings(scope);
  const open = openWork.getStore();
  if (open) {
    join(open, settings);
    return fn();
  }
  return openWork.run({ ...settings, tx: batchedReads(settings) }, fn);
}

type Read = { sql: string; resolve: (rows: unknown[]) => void; reject: (error: unknown) => void };

/** The plain unit's `tx`: `$queryRaw` only, its reads gathered per event-loop turn and sent together. */
function batchedReads(settings: { orgId: string; userId: string }): Tx {
  const begin = `BEGIN; ${scopeStatement(settings, true)}, set_config('statement_timeout', '5000', true)`;
  let gathering: Read[] = [];
  const send = () => {
    const batch = gathering;
    gathering = [];
    void sendReads(begin, batch);
  };
  const $queryRaw = (query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]) =>
    new Promise<unknown[]>((resolve, reject) => {
      const sql = inlineSql(query instanceof Prisma.Sql ? query : Prisma.sql(query, ...values));
      // setImmediate, not a microtask: every read the page's promises start before they wait on I/O joins.
      if (gathering.length === 0) setImmediate(send);
      gathering.push({ sql, resolve, reject });
    });
  return new Proxy({ $queryRaw } as object, {
    get(target, property) {
      if (property === "$queryRaw") return $queryRaw;
      if (property === "then" || typeof property === "symbol") return undefined;
      throw new Error(`tx.${property} is not available in a plain-SQL page read (withTenantPlainReads): write the read as tx.$queryRaw, or load the page with readTogether.`);
    },
  }) as Tx;
}

/** One message: BEGIN and the scope, the reads, COMMIT. A connection is held for that round trip only. */
async function sendReads(begin: string, batch: Read[]): Promise<void> {
  let client: pg.PoolClient;
  try {
    client = await getReadPool().connect();
  } catch (error) {
    for (const read of batch) read.reject(error);
    return;
  }
  let failure: unknown;
  let results: QueryResult[] = [];
  try {
    results = (await client.query(`${begin};\n${batch.map((read) => read.sql).join("\n;\n")}\n;\nCOMMIT`)) as unknown as QueryResult[];
  } catch (error) {
    failure = error;
  }
  // After a failure the connection holds an aborted transaction: roll back, or drop it.
  const clean = failure === undefined || (await client.query("ROLLBACK").then(() => true, () => false));
  client.release(clean ? undefined : true);
  if (failure === undefined) batch.forEach((read, i) => read.resolve(results[2 + i]!.rows));
  else if (batch.length === 1) batch[0]!.reject(failure);
  else await Promise.all(batch.map((read) => sendReads(begin, [read])));
}

declare const constant: unique symbol;
export type ConstantSql = string & { readonly [constant]: true };

/** SQL text with nothing interpolated into it: the type refuses a `${value}`, and so does the code. */
export function constantSql(strings: TemplateStringsArray, ...nothing: never[]): ConstantSql {
  if (nothing.length > 0 || strings.length !== 1) throw new Error("constantSql takes no values");
  return strings[0]! as ConstantSql;
}

/**
 * One read as a person, before any organisation is chosen, in one round trip instead of
 * withUser's four (BEGIN, the scope, the read, COMMIT): the dashboard's gate asks it on every
 * page (issue 10 item 4.4). The scope and the read go as one simple-protocol message, which
 * PostgreSQL runs as one implicit transaction: the transaction-local settings (the person, read
 * only) end with it, exactly as withUser's do, and nothing is left on the pooled connection.
 *
 * `sql` is a constant (written with the `constantSql` tag, which refuses a `${value}`): it names
 * the person as `app_user_id()`, and the only value sent, the person's id, is checked to be a
 * UUID first.
 */
export async function readAsUser<R extends QueryResultRow>(userId: string, sql: ConstantSql): Promise<R[]> {
  checkId(userId, "userId");
  const [rows] = await readInOneMessage(`set_config('app.user_id', '${userId}', true)`, [sql]);
  return rows as R[];
}

/**
 * The session a cookie names and, in the same message, reads as its person (their memberships):
 * the dashboard's first two reads of every request in one round trip (ADR 042). The settings:
 * `app.session_token`, the SHA-256 of the cookie (checked to be 64 hex digits: it goes into the
 * text), and `app.user_id`, the person that session row names (none when there is no such row),
 * read only; one implicit transaction, as readAsUser's. Each of `sqls` is a constant: the session
 * read names its row as `current_setting('app.session_token')`, the person's reads `app_user_id()`.
 * The caller decides whether the session is valid (expired, past its lifetime) before it uses
 * anything read as its person.
 */
export async function readAsSession(tokenHash: string, ...sqls: ConstantSql[]): Promise<QueryResultRow[][]> {
  if (!/^[0-9a-f]{64}$/.test(tokenHash)) throw new Error("A session token's hash is 64 hex digits");
  return readInOneMessage(`set_config('app.session_token', '${tokenHash}', true), set_config('app.user_id', coalesce((SELECT "userId"::text FROM "Session" WHERE "sessionToken" = '${tokenHash}'), ''), true)`, sqls);
}

/**
 * `settings` (checked values only) made read only, then constant reads, as ONE simple-protocol
 * message: PostgreSQL runs it as one implicit transaction, so the transaction-local settings end
 * with it and nothing is left on the pooled connection. Each read's rows, in order.
 */
async function readInOneMessage(settings: string, sqls: ConstantSql[]): Promise<QueryResultRow[][]> {
  const scope = `SELECT ${settings}, set_config('transaction_read_only', 'on', true)`;
  const results = (await getPool().query(`${scope};\n${sqls.join(";\n")}`)) as unknown as QueryResult[];
  return sqls.map((_, i) => results[i + 1]!.rows);
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
