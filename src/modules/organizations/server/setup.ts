import "server-only";

import { now } from "@/server/clock";
import { inTenant } from "@/server/db/write";
import type { OrgContext } from "@/server/gate";
import type { SetupStep } from "../setup";

/**
 * The overview's setup checklist, each step read from the organisation's real rows in one
 * statement: a public control, a subprocessor listed, a disclosure policy in force (its
 * security.txt not expired), the trust center live (the latest publication publishes), a custom
 * domain verified. The order is the order a new organisation does them in.
 */
export async function setupChecklist({ ctx }: { ctx: OrgContext }): Promise<SetupStep[]> {
  const org = ctx.org.id;
  const [row] = await inTenant(
    ctx,
    (tx) => tx.$queryRaw<{ controls: boolean; subprocessors: boolean; disclosure: boolean; published: boolean; domain: boolean }[]>`
      SELECT
        EXISTS (SELECT 1 FROM "Control" WHERE "orgId" = ${org}::uuid AND visibility = 'PUBLIC') AS controls,
        EXISTS (SELECT 1 FROM "Subprocessor" WHERE "orgId" = ${org}::uuid AND visibility = 'PUBLIC') AS subprocessors,
        EXISTS (SELECT 1 FROM "DisclosurePolicy" WHERE "orgId" = ${org}::uuid AND "expiresAt" > ${new Date(now())}) AS disclosure,
        coalesce((SELECT kind = 'PUBLISH' FROM "Publication" WHERE "orgId" = ${org}::uuid ORDER BY seq DESC LIMIT 1), false) AS published,
        EXISTS (SELECT 1 FROM "CustomDomain" WHERE "orgId" = ${org}::uuid AND status = 'VERIFIED') AS domain`,
    { readOnly: true },
  );
  const done = row ?? { controls: false, subprocessors: false, disclosure: false, published: false, domain: false };
  return [
    { key: "controls", done: done.controls },
    { key: "subprocessors", done: done.subprocessors },
    { key: "disclosure", done: done.disclosure },
    { key: "publish", done: done.published },
    { key: "domain", done: done.domain },
  ];
}
