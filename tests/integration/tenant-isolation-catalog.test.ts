import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { withTenant } from "@/server/db/tenant";
import { populatedTenant, type TenantWorld } from "../support/tenant-world";

/**
 * Isolation enforced by the database (DESIGN.md invariant 2), for every table, read from the
 * catalog rather than from a list someone keeps: a tenant table is one with an "orgId" column
 * (and Organization, keyed by its id). Every other table the application role can reach must be
 * named below with the reason it carries no tenant, so a new table of either kind fails this
 * file until someone has classified it.
 *
 * For each tenant table: RLS enabled and forced; its policies have the expected predicate; and,
 * with rows of two tenants present (made by the domain functions), the application role inside
 * one tenant's scope sees none of the other's rows and can neither insert, update nor delete
 * them, and outside any scope sees nothing at all.
 */

/** Reachable by the application role, no tenant: reviewed, with the reason. */
const NOT_TENANT_OWNED: Record<string, string> = {
  "public.User": "a person, not a tenant: people belong to organisations through Member",
  "public.Account": "Auth.js account links of a person",
  "public.Session": "a person's browser sessions",
  "public.VerificationToken": "emailed sign-in tokens (hashed), before anyone is known",
  "public.SignInCode": "emailed 6-digit codes (argon2), before anyone is known",
  "public.UserMfa": "a person's second factor",
  "public.RecoveryCode": "a person's recovery codes (argon2)",
  "public.OutboxMessage": "queued email, sealed; written in the transaction of the change that sends it",
  "public.DevMailboxMessage": "the development mailbox (EMAIL_TRANSPORT=mailbox only)",
  "public.rate_limits": "rate-limit counters keyed by address or IP",
  "public.EmailSuppression":
    "the platform's sending reputation: a bounced or complaining address is suppressed for every organisation",
  "pgboss.job": "the job queue (pg-boss); payloads carry ids, and every job re-enters a tenant's scope",
  "pgboss.archive": "finished jobs (pg-boss)",
  "pgboss.queue": "queue definitions (pg-boss)",
  "pgboss.schedule": "cron schedules (pg-boss)",
  "pgboss.subscription": "pub/sub subscriptions (pg-boss)",
  "pgboss.version": "pg-boss's schema version",
};

/**
 * The narrow, deliberate paths across tenants: SECURITY DEFINER functions the application role
 * may call (each runs as candor_owner, past row-level security). Reviewed, with what each reveals.
 */
const CROSS_TENANT_FUNCTIONS: Record<string, string> = {
  "candor_public_org_id(p_slug text)": "a public slug → its organisation's id (the public trust page)",
  "candor_invitation_org_id(p_token_hash text)": "an invitation token's hash → its organisation (only the token holder knows it)",
  "candor_api_key_org(p_public_id text, p_hash text)": "an API key's public id and HMAC → its organisation (only the key's holder can compute the HMAC; ADR 035)",
  "candor_org_ids()": "every organisation's id, nothing more (the review-reminder job)",
  "candor_domain_slug(p_host text)": "a verified custom host → the slug it serves (routing)",
  "candor_slug_published(p_slug text)": "whether a slug has a live publication (Caddy's TLS ask)",
  "candor_domain_owner(p_host text)": "which organisation owns a host name (so another is told it is taken)",
  "candor_domain_release(p_host text, p_new_owner uuid)": "ends another organisation's claim once the caller has proved control of the host",
  "candor_domains_due(p_before timestamp with time zone, p_limit integer)": "domains due for their DNS re-check (the worker)",
  "candor_public_artifact(p_slug text, p_origin text, p_site text, p_surface text, p_at timestamp with time zone, p_encoding text)": "a live publication's stored rendering for a public slug and host (the edge; the bytes any visitor gets)",
  "candor_edge_manifest(p_origin text, p_platform text, p_at timestamp with time zone)": "which files every live host should hold, by ETag (no bytes; the edge writer's start-up and resets)",
  "candor_edge_files(p_slug text, p_origin text, p_platform text, p_at timestamp with time zone)": "a live publication's stored renderings, every host (the files for Caddy; public bytes)",
  "candor_artifact_gaps(p_origin text, p_platform text, p_at timestamp with time zone, p_limit integer)": "which live publications lack a rendering for today (the worker; organisation ids and public slugs)",
  "candor_artifacts_prune(p_before timestamp with time zone)": "deletes expired or superseded renderings only (caches of public bytes, rebuilt on demand)",
  "candor_artifacts_prune_keys(p_key text, p_before timestamp with time zone)": "deletes renderings stored under another key (an older renderer version, a former APP_URL) over a day ago (caches of public bytes, rebuilt on demand)",
  "candor_live_pages(p_origin text, p_surface text, p_at timestamp with time zone, p_encoding text, p_after_slug text, p_orgs integer)": "every live publication's stored rendering of one surface, by slug and host (a web process warming its memory; public bytes)",
  "candor_artifact_changes(p_origin text, p_since timestamp with time zone)": "which public slugs published or had a rendering stored since a moment, and when (a web process's 30 s sweep; no bytes)",
  "candor_published_slugs()": "the slugs with a live publication (public trust pages anyway; the edge's start-up)",
};

/** The predicate every tenant policy uses, as Postgres prints it back (pg_policies). */
const TENANT = `("orgId" = app_org_id())`;
/** Policies that deliberately say more than TENANT, each written out in full. */
const SPECIAL_POLICIES: Record<string, { cmd: string; qual: string | null; with_check: string | null }> = {
  "Member.member_read": { cmd: "SELECT", qual: `(("orgId" = app_org_id()) OR ("userId" = app_user_id()))`, with_check: null },
  "Member.member_insert": { cmd: "INSERT", qual: null, with_check: TENANT },
  "Member.member_update": { cmd: "UPDATE", qual: TENANT, with_check: TENANT },
  "Member.member_delete": { cmd: "DELETE", qual: TENANT, with_check: null },
  "AuditEvent.audit_read": { cmd: "SELECT", qual: TENANT, with_check: null },
  "AuditEvent.audit_append": { cmd: "INSERT", qual: null, with_check: TENANT },
  "Organization.organization_read": {
    cmd: "SELECT",
    qual: `((id = app_org_id()) OR (EXISTS ( SELECT 1 FROM "Member" m WHERE ((m."orgId" = "Organization".id) AND (m."userId" = app_user_id())))))`,
    with_check: null,
  },
  "Organization.organization_insert": { cmd: "INSERT", qual: null, with_check: "(id = app_org_id())" },
  "Organization.organization_update": { cmd: "UPDATE", qual: "(id = app_org_id())", with_check: "(id = app_org_id())" },
};

type Table = { schema: string; name: string; hasOrgId: boolean; rls: boolean; forced: boolean; canInsert: boolean; canUpdate: boolean; canDelete: boolean };

let owner: pg.Client;
let tables: Table[];
let tenantTables: Table[];
let acme: TenantWorld;
let globex: TenantWorld;
let acmeRowsAtStart: string[];

const key = (t: Pick<Table, "name">) => (t.name === "Organization" ? "id" : "orgId");
const ident = (name: string) => {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`unexpected identifier ${name}`);
  return `"${name}"`;
};
const squash = (sql: string | null) => (sql === null ? null : sql.replace(/\s+/g, " "));

beforeAll(async () => {
  owner = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await owner.connect();
  const { rows } = await owner.query<Table>(`
    SELECT n.nspname AS schema, c.relname AS name,
           EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'orgId' AND NOT a.attisdropped) AS "hasOrgId",
           c.relrowsecurity AS rls, c.relforcerowsecurity AS forced,
           has_table_privilege('candor_app', c.oid, 'INSERT') AS "canInsert",
           has_table_privilege('candor_app', c.oid, 'UPDATE') AS "canUpdate",
           has_table_privilege('candor_app', c.oid, 'DELETE') AS "canDelete"
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
      AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
      AND has_table_privilege('candor_app', c.oid, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')
    ORDER BY 1, 2`);
  tables = rows;
  tenantTables = rows.filter((t) => t.hasOrgId || (t.schema === "public" && t.name === "Organization"));
  acme = await populatedTenant("Acme");
  globex = await populatedTenant("Globex");
  acmeRowsAtStart = await acmeRows();
}, 120_000);
afterAll(() => owner.end());

/** Every row of Acme's, as the owner sees it: a fingerprint per table. */
async function acmeRows() {
  const out: string[] = [];
  for (const t of tenantTables) {
    const { rows } = await owner.query(`SELECT count(*)::int AS n, md5(string_agg(r::text, '|' ORDER BY r::text)) AS digest FROM ${ident(t.name)} r WHERE ${ident(key(t))} = $1`, [acme.org.id]);
    out.push(`${t.name}: ${rows[0].n} ${rows[0].digest}`);
  }
  return out;
}

async function ownerCount(t: Table, orgId: string) {
  const { rows } = await owner.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${ident(t.name)} WHERE ${ident(key(t))} = $1`, [orgId]);
  return rows[0]!.n;
}

/** Runs one statement as the application role inside `orgId`'s scope: rows affected, or the database's refusal. */
async function asTenant(orgId: string, sql: string, ...values: unknown[]) {
  try {
    return { rows: await withTenant({ orgId }, (tx) => tx.$queryRawUnsafe<Record<string, unknown>[]>(sql, ...values)) };
  } catch (error) {
    return { error: String((error as Error).message) };
  }
}

describe("the catalog", () => {
  it("every table the application role can reach is a tenant table or named, with its reason, as not tenant-owned", () => {
    const unclassified = tables.filter((t) => !tenantTables.includes(t) && !NOT_TENANT_OWNED[`${t.schema}.${t.name}`]).map((t) => `${t.schema}.${t.name}`);
    expect(unclassified, "new tables: give them an orgId with row-level security, or add them to NOT_TENANT_OWNED with a reason").toEqual([]);
    const stale = Object.keys(NOT_TENANT_OWNED).filter((name) => !tables.some((t) => `${t.schema}.${t.name}` === name));
    expect(stale, "NOT_TENANT_OWNED names tables the application cannot reach (or that no longer exist)").toEqual([]);
    const tenantButListed = tenantTables.filter((t) => NOT_TENANT_OWNED[`${t.schema}.${t.name}`]).map((t) => t.name);
    expect(tenantButListed).toEqual([]);
    // Sanity: the catalog query found the tables this file is about.
    expect(tenantTables.length).toBeGreaterThanOrEqual(21);
    expect(tenantTables.every((t) => t.schema === "public")).toBe(true);
  });

  it("no view, materialized view or foreign table is reachable by the application role (a view runs as its owner, past row-level security)", async () => {
    const { rows } = await owner.query(
      `SELECT n.nspname || '.' || c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE c.relkind IN ('v', 'm', 'f') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND has_table_privilege('candor_app', c.oid, 'SELECT')`,
    );
    expect(rows.map((r) => r.name)).toEqual([]);
  });

  it("every SECURITY DEFINER function the application role may call is a reviewed path across tenants, with a fixed search_path", async () => {
    const { rows } = await owner.query<{ signature: string; config: string[] | null }>(
      `SELECT p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')' AS signature, p.proconfig AS config
       FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
       WHERE p.prosecdef AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND has_function_privilege('candor_app', p.oid, 'EXECUTE') ORDER BY 1`,
    );
    expect(rows.map((r) => r.signature), "a new SECURITY DEFINER function callable by candor_app: review it and add it to CROSS_TENANT_FUNCTIONS").toEqual(Object.keys(CROSS_TENANT_FUNCTIONS).sort());
    expect(rows.filter((r) => !r.config?.includes("search_path=public, pg_temp")).map((r) => r.signature)).toEqual([]);
  });

  it("every tenant table has row-level security enabled and forced", () => {
    const weak = tenantTables.filter((t) => !t.rls || !t.forced).map((t) => `${t.name}: enabled=${t.rls} forced=${t.forced}`);
    expect(weak).toEqual([]);
  });

  it("every tenant table's policies have the expected predicate: the owner's USING (true) only for candor_owner, the tenant's for everyone else", async () => {
    const { rows } = await owner.query<{ tablename: string; policyname: string; permissive: string; roles: string[]; cmd: string; qual: string | null; with_check: string | null }>(
      `SELECT tablename, policyname, permissive, roles::text[] AS roles, cmd, qual, with_check FROM pg_policies WHERE schemaname = 'public'`,
    );
    const problems: string[] = [];
    for (const t of tenantTables) {
      const policies = rows.filter((p) => p.tablename === t.name);
      const ownerPolicies = policies.filter((p) => p.roles.includes("candor_owner"));
      if (ownerPolicies.length !== 1) problems.push(`${t.name}: ${ownerPolicies.length} policies for candor_owner`);
      for (const p of ownerPolicies) {
        if (p.roles.length !== 1 || p.cmd !== "ALL" || p.qual !== "true" || p.with_check !== "true") problems.push(`${t.name}.${p.policyname}: owner policy is ${JSON.stringify(p)}`);
      }
      const others = policies.filter((p) => !p.roles.includes("candor_owner"));
      if (!others.some((p) => p.cmd === "SELECT" || p.cmd === "ALL")) problems.push(`${t.name}: no policy lets the application read`);
      for (const p of others) {
        const expected = SPECIAL_POLICIES[`${t.name}.${p.policyname}`] ?? { cmd: "ALL", qual: TENANT, with_check: TENANT };
        const actual = { cmd: p.cmd, qual: squash(p.qual), with_check: squash(p.with_check) };
        if (p.permissive !== "PERMISSIVE" || p.roles.join() !== "public" || JSON.stringify(actual) !== JSON.stringify(expected)) {
          problems.push(`${t.name}.${p.policyname}: ${p.permissive} TO ${p.roles.join()} ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
        }
      }
    }
    expect(problems).toEqual([]);
    const special = Object.keys(SPECIAL_POLICIES).filter((name) => !rows.some((p) => `${p.tablename}.${p.policyname}` === name));
    expect(special, "SPECIAL_POLICIES names policies that do not exist").toEqual([]);
  });

  it("the policies' tenant key is the transaction-local setting, and the application role cannot redefine it", async () => {
    const { rows } = await owner.query<{ proname: string; src: string; secdef: boolean; owner: string }>(
      `SELECT p.proname, p.prosrc AS src, p.prosecdef AS secdef, pg_get_userbyid(p.proowner) AS owner
       FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public' AND p.proname IN ('app_org_id', 'app_user_id') ORDER BY 1`,
    );
    expect(rows.map((r) => ({ ...r, src: r.src.trim() }))).toEqual([
      { proname: "app_org_id", src: "SELECT nullif(current_setting('app.org_id', true), '')::uuid", secdef: false, owner: "candor_owner" },
      { proname: "app_user_id", src: "SELECT nullif(current_setting('app.user_id', true), '')::uuid", secdef: false, owner: "candor_owner" },
    ]);
    const { rows: schema } = await owner.query(`SELECT has_schema_privilege('candor_app', 'public', 'CREATE') AS create`);
    expect(schema[0].create).toBe(false);
  });
});

describe("with two tenants' rows in every tenant table", () => {
  it("both tenants have rows in every tenant table (made through the domain functions)", async () => {
    const empty: string[] = [];
    for (const t of tenantTables) {
      for (const world of [acme, globex]) if ((await ownerCount(t, world.org.id)) === 0) empty.push(`${t.name} (${world.org.name})`);
    }
    expect(empty, "no rows: make populatedTenant() (tests/support/tenant-world.ts) create some through the domain functions").toEqual([]);
  });

  it("inside one tenant's scope, the application role sees all of that tenant's rows and none of the other's", async () => {
    const seen: string[] = [];
    const expected: string[] = [];
    for (const t of tenantTables) {
      const own = await ownerCount(t, globex.org.id);
      const result = await asTenant(globex.org.id, `SELECT count(*) FILTER (WHERE ${ident(key(t))} = $1::uuid)::int AS own, count(*) FILTER (WHERE ${ident(key(t))} <> $1::uuid)::int AS other FROM ${ident(t.name)}`, globex.org.id);
      seen.push(`${t.name}: ${JSON.stringify(result.rows?.[0] ?? result.error)}`);
      expected.push(`${t.name}: ${JSON.stringify({ own, other: 0 })}`);
    }
    expect(seen).toEqual(expected);
  });

  it("outside any scope, the application role sees no row of any tenant table", async () => {
    const seen: string[] = [];
    for (const t of tenantTables) {
      const [row] = await db.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM ${ident(t.name)}`);
      seen.push(`${t.name}: ${row!.n}`);
    }
    expect(seen).toEqual(tenantTables.map((t) => `${t.name}: 0`));
  });

  it("from inside one tenant's scope, another tenant's rows can be neither updated nor deleted", async () => {
    const outcomes: string[] = [];
    const expected: string[] = [];
    for (const t of tenantTables) {
      const column = ident(key(t));
      const update = await asTenant(globex.org.id, `WITH changed AS (UPDATE ${ident(t.name)} SET ${column} = ${column} WHERE ${column} = $1::uuid RETURNING 1) SELECT count(*)::int AS n FROM changed`, acme.org.id);
      const remove = await asTenant(globex.org.id, `WITH gone AS (DELETE FROM ${ident(t.name)} WHERE ${column} = $1::uuid RETURNING 1) SELECT count(*)::int AS n FROM gone`, acme.org.id);
      const describe = (r: { rows?: Record<string, unknown>[]; error?: string }) => (r.error ? (/permission denied/.test(r.error) ? "denied" : r.error) : `${r.rows![0]!.n} rows`);
      outcomes.push(`${t.name}: update ${describe(update)}, delete ${describe(remove)}`);
      // Without the privilege the database refuses outright; with it, row-level security leaves nothing to touch.
      expected.push(`${t.name}: update ${t.canUpdate ? "0 rows" : "denied"}, delete ${t.canDelete ? "0 rows" : "denied"}`);
    }
    expect(outcomes).toEqual(expected);
  });

  it("from inside one tenant's scope, a row for another tenant cannot be inserted", async () => {
    const outcomes: string[] = [];
    const expected: string[] = [];
    for (const t of tenantTables) {
      // One of Acme's real rows, offered again from Globex's scope: the policy must refuse it
      // before any unique key is even checked.
      const { rows } = await owner.query(`SELECT row_to_json(r) AS row FROM ${ident(t.name)} r WHERE ${ident(key(t))} = $1 LIMIT 1`, [acme.org.id]);
      const insert = await asTenant(globex.org.id, `INSERT INTO ${ident(t.name)} SELECT * FROM json_populate_record(NULL::${ident(t.name)}, $1::json)`, JSON.stringify(rows[0].row));
      const refusal = insert.error ?? "inserted";
      outcomes.push(`${t.name}: ${/row-level security policy/.test(refusal) ? "rls" : /permission denied/.test(refusal) ? "denied" : refusal}`);
      expected.push(`${t.name}: ${t.canInsert ? "rls" : "denied"}`);
    }
    expect(outcomes).toEqual(expected);
  });

  it("after all of that, every one of the other tenant's rows is as it was", async () => {
    expect(await acmeRows()).toEqual(acmeRowsAtStart);
  });
});
