import "server-only";

import { inTenant } from "@/server/db/write";
import { readTogetherPlain } from "@/server/page-reads";
import type { OrgContext } from "@/server/gate";
import { EDITS_SHOWN_UP_TO, type Unpublished } from "../unpublished";

/**
 * The audit actions that change what a publication would contain: the draft's content (controls,
 * the content kit's kinds, documents, reviews, the disclosure policy) and imports; a settings change
 * counts only when it changes a field the page shows (PAGE_SETTINGS: the audit diff names the
 * changed fields), not a switch such as "Require a second factor". Members, keys, access
 * decisions, webhooks, subscribers and publication requests change nothing a publication shows.
 */
export const DRAFT_ACTIONS = [
  "controls.%",
  "frameworks.%",
  "subprocessors.%",
  "faqs.%",
  "updates.%",
  "sections.%",
  "documents.%",
  "reviews.%",
  "disclosure.%",
  "import.apply",
] as const;

/** The organisation's settings that its public view carries (projection.ts, `organization`). */
export const PAGE_SETTINGS = ["name", "overview", "brandColor", "securityContactEmail", "logo", "pageVersion", "pageEffectiveDate", "subprocessorNoticeDays"] as const;

/**
 * What the dashboard shell says about unpublished changes, on every page, so it must be cheap:
 * ONE statement, no projection. The audit chain (ADR 008) records every edit and every
 * publication in one per-organisation sequence, so the edits since the last `publish` or
 * `unpublish` event are the draft edits not yet published: an index lookup for that event
 * ((orgId, action)) and a range count after it ((orgId, seq)), stopped at 100. Measured against
 * a bare `SELECT 1` in the same tenant transaction, on a chain of 10,000 events: see
 * tests/integration/dashboard-shell.test.ts.
 *
 * It counts edits, not differences: an edit undone by the next, or an edit to a private control,
 * still counts until the next publication. The publish page, which projects the draft, is the
 * exact answer; this is the hint that sends people there.
 */
export async function unpublishedChanges({ ctx }: { ctx: OrgContext }): Promise<Unpublished> {
  // Plain SQL (readTogetherPlain): every dashboard page asks this, in one round trip.
  const [row] = await readTogetherPlain(ctx, () =>
    inTenant(ctx, (tx) => tx.$queryRaw<{ edits: number; seq: number | null; kind: string | null }[]>`
      WITH mark AS (
        SELECT coalesce(max(seq), 0) AS seq FROM "AuditEvent"
        WHERE "orgId" = ${ctx.org.id}::uuid AND action IN ('publish', 'unpublish')
      ), latest AS (
        SELECT seq, kind::text AS kind FROM "Publication" WHERE "orgId" = ${ctx.org.id}::uuid ORDER BY seq DESC LIMIT 1
      )
      SELECT
        (SELECT count(*)::int FROM (SELECT 1 FROM "AuditEvent" e, mark
          WHERE e."orgId" = ${ctx.org.id}::uuid AND e.seq > mark.seq
            AND (e.action LIKE ANY (${DRAFT_ACTIONS as unknown as string[]}::text[])
              OR (e.action = 'org.settings.update' AND e.diff ?| ${PAGE_SETTINGS as unknown as string[]}::text[]))
          LIMIT ${EDITS_SHOWN_UP_TO}) AS counted) AS edits,
        (SELECT seq FROM latest) AS seq,
        (SELECT kind FROM latest) AS kind`),
  );
  const edits = row?.edits ?? 0;
  if (!row?.kind) return { state: "never", edits };
  if (row.kind !== "PUBLISH") return { state: "offline", edits };
  return { state: "published", edits, seq: row.seq ?? 0 };
}
