import { readFileSync } from "node:fs";
import { createOrganization } from "../src/modules/organizations/server/organizations";
import { publish } from "../src/modules/publishing/server/publish";
import { applyImport } from "../src/modules/transfer/server/import";
import { db } from "../src/server/db/client";
import { withTenant } from "../src/server/db/tenant";

/**
 * The demo tenant `demo`, owned by owner@demo.test, built through the same domain functions the
 * dashboard uses, its content imported from prisma/demo-dataset.json (modelled on real trust
 * pages). Idempotent: an existing demo organisation is left as it is, except that one never
 * published (seeded before publishing existed) is published once.
 */
export const DEMO = { slug: "demo", name: "Demo Co", ownerEmail: "owner@demo.test" } as const;

export async function seedDemo(log: (line: string) => void = console.log) {
  const [existing] = await db.$queryRaw<{ id: string | null }[]>`SELECT candor_public_org_id(${DEMO.slug}) AS id`;
  if (existing?.id) {
    const orgId = existing.id;
    const state = await withTenant({ orgId }, async (tx) => ({
      publications: await tx.publication.count({ where: { orgId } }),
      org: await tx.organization.findUniqueOrThrow({ where: { id: orgId }, select: { id: true, slug: true, name: true } }),
      owner: await tx.member.findFirst({ where: { orgId, role: "OWNER" }, select: { user: { select: { id: true, email: true, name: true } } } }),
    }));
    if (state.publications === 0 && state.owner) {
      const published = await publish({ ctx: { user: state.owner.user, org: state.org, role: "OWNER", request: { ip: null, userAgent: "candor seed" }, mfaEnabled: false } });
      log(`demo tenant: already present, published it (#${published.seq})`);
      return;
    }
    log(`demo tenant: already present (/t/${DEMO.slug})`);
    return;
  }
  const owner = await db.user.upsert({
    where: { email: DEMO.ownerEmail },
    create: { email: DEMO.ownerEmail, name: "Demo Owner", emailVerified: new Date() },
    update: {},
  });
  const user = { id: owner.id, email: owner.email, name: owner.name };
  const request = { ip: null, userAgent: "candor seed" };
  const org = await createOrganization({ user, input: { name: DEMO.name, slug: DEMO.slug }, request });
  // The demo's content arrives the way a tenant's would: an import of a Candor export.
  const text = readFileSync(new URL("./demo-dataset.json", import.meta.url), "utf8");
  const result = await applyImport({ ctx: { user, org, role: "OWNER", request, mfaEnabled: false }, input: { format: "json", text }, strict: true });
  const ctx = { user, org, role: "OWNER" as const, request, mfaEnabled: false };
  const published = await publish({ ctx });
  log(`demo tenant: created /t/${DEMO.slug}, owner ${DEMO.ownerEmail}, ${result.counts.controls.create} controls imported, published #${published.seq}`);
}

if (process.argv[1]?.endsWith("prisma/seed.ts")) {
  await seedDemo();
  await db.$disconnect();
}
