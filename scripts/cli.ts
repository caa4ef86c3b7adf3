import { parseArgs } from "node:util";
import pg from "pg";
import { verifyChain, type StoredEvent } from "../src/modules/audit/server/chain";
import { verifyPublications, type SignedPublication } from "../src/modules/publishing/chain";
import { devDataDir, NoDevDatabase, openDevDatabase, type DevDatabase } from "./lib/dev-database";

/**
 * `npm run cli -- <command>`: operator commands. They connect with DATABASE_URL (the owner
 * connection), never through the application role. Outside production, with DATABASE_URL unset,
 * they use the development database that `npm run dev` keeps (scripts/lib/dev-database.ts),
 * starting it for the command, and stopping it again, if it is not running.
 */
const USAGE = `usage: npm run cli -- <command> [options]

commands:
  audit:verify [--org slug]        recompute every audit chain (or one organisation's);
                                   exit 1 naming the first broken event
  publication:verify [--org slug]  check every publication chain: hashes, canonical form,
                                   signatures, links; exit 1 if one is broken
  org:erase --org slug --yes       delete an organisation and all it owns, audit trail included

database: DATABASE_URL, the owner connection (see .env.example). Unset outside production: the
development database of \`npm run dev\` in .data/ (or CANDOR_DATA_DIR), started for the command
if it is not running.`;
const COMMANDS = ["audit:verify", "publication:verify", "org:erase"];

const [command, ...rest] = process.argv.slice(2);
if (command === "--help" || command === "-h" || command === "help") {
  console.log(USAGE);
  process.exit(0);
}
if (!command || !COMMANDS.includes(command)) usageError(command ? `unknown command: ${command}` : "no command given");
let options: { org?: string; yes?: boolean } = {};
try {
  options = parseArgs({ args: rest, options: { org: { type: "string" }, yes: { type: "boolean", default: false } }, strict: true }).values;
} catch (error) {
  usageError((error as Error).message);
}

if (command === "org:erase" && (!options.org || !options.yes)) {
  console.error("org:erase deletes an organisation, its members, content and audit trail for good. Pass --org <slug> --yes.");
  process.exit(2);
}

function usageError(problem: string): never {
  console.error(`${problem}\n\n${USAGE}`);
  process.exit(2);
}

async function ownerDatabase(): Promise<DevDatabase> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, port: Number(new URL(process.env.DATABASE_URL).port) };
  if (process.env.NODE_ENV === "production") throw new NoDevDatabase("DATABASE_URL is not set (the owner connection; see .env.example).");
  const database = await openDevDatabase({ dataDir: devDataDir(), create: false });
  if (database.stop) console.error(`database: started the development PostgreSQL (port ${database.port}) for this command`);
  return database;
}

let database: DevDatabase;
try {
  database = await ownerDatabase();
} catch (error) {
  if (!(error instanceof NoDevDatabase)) throw error;
  console.error(error.message);
  process.exit(2);
}
const client = new pg.Client({ connectionString: database.url });

async function orgs(slug?: string) {
  const { rows } = await client.query<{ id: string; slug: string }>(
    `SELECT id, slug FROM "Organization" ${slug ? "WHERE slug = $1" : ""} ORDER BY slug`,
    slug ? [slug] : [],
  );
  if (slug && rows.length === 0) throw new Error(`No organisation with the slug "${slug}".`);
  return rows;
}

async function auditVerify(slug?: string): Promise<number> {
  let broken = 0;
  for (const org of await orgs(slug)) {
    const { rows } = await client.query<StoredEvent>(
      `SELECT id, "orgId", seq, "actorId", "actorEmail", action, "targetType", "targetId", diff, "ipAddress", "userAgent", "createdAt", "prevHash", hash
       FROM "AuditEvent" WHERE "orgId" = $1 ORDER BY seq`,
      [org.id],
    );
    const result = verifyChain(rows);
    if (result.ok) {
      console.log(`ok      ${org.slug}: ${result.checked} events`);
    } else {
      broken += 1;
      console.log(`BROKEN  ${org.slug}: event #${result.broken.seq} (${result.broken.id}): ${result.broken.reason}; ${result.checked} events before it verify`);
    }
  }
  return broken === 0 ? 0 : 1;
}

async function publicationVerify(slug?: string): Promise<number> {
  let broken = 0;
  for (const org of await orgs(slug)) {
    const { rows } = await client.query<SignedPublication>(
      `SELECT seq, canonical, hash, "prevHash", signature, "publicKey" FROM "Publication" WHERE "orgId" = $1 ORDER BY seq`,
      [org.id],
    );
    const result = verifyPublications(rows);
    if (result.ok) console.log(`ok      ${org.slug}: ${result.checked} publications`);
    else {
      broken += 1;
      console.log(`BROKEN  ${org.slug}: publication #${result.seq}: ${result.reason}; ${result.checked} before it verify`);
    }
  }
  return broken === 0 ? 0 : 1;
}

async function orgErase(slug: string): Promise<number> {
  const [org] = await orgs(slug);
  await client.query("SELECT candor_erase_organization($1)", [org!.id]);
  console.log(`erased ${slug} (${org!.id})`);
  return 0;
}

let code = 1;
try {
  await client.connect();
  // Operator commands read across tenants: they act as the owner role, which row-level security lets through.
  await client.query("SET ROLE candor_owner");
  if (command === "audit:verify") code = await auditVerify(options.org);
  else if (command === "publication:verify") code = await publicationVerify(options.org);
  else code = await orgErase(options.org!);
} catch (error) {
  console.error((error as Error).message);
  code = 1;
} finally {
  await client.end().catch(() => undefined);
  await database.stop?.();
}
process.exit(code);
