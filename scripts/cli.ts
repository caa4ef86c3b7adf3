import { parseArgs } from "node:util";
import pg from "pg";
import { verifyChain, type StoredEvent } from "../src/modules/audit/server/chain";
import { verifyPublications, type SignedPublication } from "../src/modules/publishing/chain";

/**
 * `npm run cli -- <command>`: operator commands. They connect with DATABASE_URL (the owner
 * connection), never through the application role.
 *
 *   audit:verify [--org slug]        recompute every audit chain; exit 1 naming the first broken event
 *   org:erase --org slug --yes       delete an organisation and all it owns, audit trail included
 *   publication:verify [--org slug]  check every publication chain: hashes, canonical form, signatures, links
 */
const USAGE = `usage: npm run cli -- audit:verify [--org slug]
       npm run cli -- publication:verify [--org slug]
       npm run cli -- org:erase --org slug --yes`;

const [command, ...rest] = process.argv.slice(2);
const { values } = parseArgs({ args: rest, options: { org: { type: "string" }, yes: { type: "boolean", default: false } }, strict: true });

if (!process.env.DATABASE_URL) {
  console.error("DATABASE_URL is not set (the owner connection; see .env.example).");
  process.exit(2);
}
const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
await client.connect();
// Operator commands read across tenants: they act as the owner role, which row-level security lets through.
await client.query("SET ROLE candor_owner");

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

async function orgErase(slug: string | undefined, yes: boolean): Promise<number> {
  if (!slug || !yes) {
    console.error("org:erase deletes an organisation, its members, content and audit trail for good. Pass --org <slug> --yes.");
    return 2;
  }
  const [org] = await orgs(slug);
  await client.query("SELECT candor_erase_organization($1)", [org!.id]);
  console.log(`erased ${slug} (${org!.id})`);
  return 0;
}

let code = 2;
try {
  if (command === "audit:verify") code = await auditVerify(values.org);
  else if (command === "publication:verify") code = await publicationVerify(values.org);
  else if (command === "org:erase") code = await orgErase(values.org, values.yes ?? false);
  else console.error(USAGE);
} catch (error) {
  console.error((error as Error).message);
  code = 1;
} finally {
  await client.end();
}
process.exit(code);
