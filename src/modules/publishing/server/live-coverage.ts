import "server-only";

import { inTenant } from "@/server/db/write";
import type { OrgContext } from "@/server/gate";
import type { PublicView } from "../view";
import { viewOf } from "./publish";

export type LiveCoverage = { seq: number; coverage: PublicView["controls"]["coverage"] } | { seq: number | null; coverage: null };
type Coverage = PublicView["controls"]["coverage"] | null;

/**
 * A publication never changes (the database refuses UPDATE), so its coverage is read from its
 * document once per process, not on every dashboard request: a 2,000-control publication is a
 * megabyte of JSON. Keyed by the publication's id; the oldest entries go first past the bound.
 */
const coverageByPublication = new Map<string, Coverage>();
const REMEMBERED = 500;

/**
 * The coverage the public page shows now: the latest publication's own figure (its PUBLIC
 * controls), or null when nothing is live. The dashboard shows it beside the draft's figure over
 * every control, so the two numbers are never read as one (issue 10, item 9).
 */
export async function liveCoverage({ ctx }: { ctx: OrgContext }): Promise<LiveCoverage> {
  return inTenant(
    ctx,
    async (tx) => {
      // Plain SQL: the control list reads it on every request, through pg directly (readTogetherPlain).
      const [latest] = await tx.$queryRaw<{ id: string; seq: number; kind: string }[]>`
        SELECT p.id, p.seq, p.kind::text AS kind FROM "Publication" p WHERE p."orgId" = ${ctx.org.id}::uuid ORDER BY p.seq DESC LIMIT 1`;
      if (!latest || latest.kind !== "PUBLISH") return { seq: latest?.seq ?? null, coverage: null };
      let coverage = coverageByPublication.get(latest.id);
      if (coverage === undefined) {
        const [row] = await tx.$queryRaw<{ canonical: string }[]>`
          SELECT p.canonical FROM "Publication" p WHERE p.id = ${latest.id}::uuid AND p."orgId" = ${ctx.org.id}::uuid`;
        coverage = row ? (viewOf(row.canonical)?.controls.coverage ?? null) : null;
        if (coverageByPublication.size >= REMEMBERED) coverageByPublication.delete(coverageByPublication.keys().next().value!);
        coverageByPublication.set(latest.id, coverage);
      }
      return coverage ? { seq: latest.seq, coverage } : { seq: latest.seq, coverage: null };
    },
    { readOnly: true },
  );
}
