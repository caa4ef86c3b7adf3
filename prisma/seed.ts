import { createOrganization, updateOrganizationSettings } from "../src/modules/organizations/server/organizations";
import { db } from "../src/server/db/client";

/**
 * The demo tenant `demo`, owned by owner@demo.test, built through the same domain functions the
 * dashboard uses. Idempotent: an existing demo organisation is left as it is.
 */
export const DEMO = { slug: "demo", name: "Demo Co", ownerEmail: "owner@demo.test" } as const;

const OVERVIEW = `Demo Co builds invoicing software for small businesses. This page is our security posture, in the open: every claim below maps to code, configuration or a dated review you can ask to see.

**How we work**

- **No passwords.** Sign-in is by single-use emailed link or code, valid for 10 minutes; the database keeps only hashes of them.
- **Tenant isolation in the database.** Every customer's rows carry its organisation ID, and PostgreSQL row-level security refuses any query that forgets it.
- **Encrypted in transit and at rest.** TLS 1.3 on every public endpoint; AES-256 disk encryption at our hosting provider.
- **Append-only audit trail.** Every change records who, what and when, with a hash chain that shows tampering.

**What we do not claim**

We do not hold SOC 2 or ISO 27001 certification today. Both are on our roadmap; until then, this page and our quarterly internal review against OWASP ASVS Level 2 are what we offer, and we will say so plainly.

Questions? Write to our security contact below.`;

export async function seedDemo(log: (line: string) => void = console.log) {
  const [existing] = await db.$queryRaw<{ id: string | null }[]>`SELECT candor_public_org_id(${DEMO.slug}) AS id`;
  if (existing?.id) {
    log(`demo tenant: already present (/t/${DEMO.slug})`);
    return;
  }
  const owner = await db.user.upsert({
    where: { email: DEMO.ownerEmail },
    create: { email: DEMO.ownerEmail, name: "Demo Owner", emailVerified: new Date() },
    update: {},
  });
  const user = { id: owner.id, email: owner.email, name: owner.name };
  const org = await createOrganization({ user, input: { name: DEMO.name, slug: DEMO.slug } });
  await updateOrganizationSettings({
    ctx: { user, org, role: "OWNER", request: { ip: null, userAgent: "candor seed" }, mfaEnabled: false },
    input: { name: DEMO.name, overview: OVERVIEW, brandColor: "#0f766e", securityContactEmail: "security@demo.test", version: 1 },
    logo: { kind: "keep" },
  });
  log(`demo tenant: created /t/${DEMO.slug}, owner ${DEMO.ownerEmail}`);
}

if (process.argv[1]?.endsWith("prisma/seed.ts")) {
  await seedDemo();
  await db.$disconnect();
}
