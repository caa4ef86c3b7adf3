import "server-only";

import { withTenant } from "@/server/db/tenant";
import type { OrgContext } from "@/server/gate";
import type { PublicationDocument, PublicView } from "../view";

export type LiveCoverage = { seq: number; coverage: PublicView["controls"]["coverage"] } | { seq: number | null; coverage: null };

/**
 * The coverage the public page shows now: the latest publication's own figure (its PUBLIC
 * controls), or null when nothing is live. The dashboard shows it beside the draft's figure over
 * every control, so the two numbers are never read as one (issue 10, item 9).
 */
export async function liveCoverage({ ctx }: { ctx: OrgContext }): Promise<LiveCoverage> {
  const latest = await withTenant(
    { orgId: ctx.org.id, userId: ctx.user.id },
    (tx) => tx.publication.findFirst({ where: { orgId: ctx.org.id }, orderBy: { seq: "desc" }, select: { seq: true, kind: true, canonical: true } }),
    { readOnly: true },
  );
  if (!latest || latest.kind !== "PUBLISH") return { seq: latest?.seq ?? null, coverage: null };
  const view = (JSON.parse(latest.canonical) as PublicationDocument).view;
  return view ? { seq: latest.seq, coverage: view.controls.coverage } : { seq: latest.seq, coverage: null };
}
