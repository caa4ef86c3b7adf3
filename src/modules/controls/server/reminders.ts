import "server-only";

import { enqueueEmail } from "@/modules/email/server/outbox";
import { db } from "@/server/db/client";
import { withTenant } from "@/server/db/tenant";
import { env } from "@/server/env";
import { log } from "@/server/log";
import { REVIEW_DUE_SQL } from "./controls";

export const REMINDER_WINDOW_DAYS = 14;

/**
 * The daily job: for every organisation, email each control owner once per review cycle about
 * the controls that go stale within 14 days (or already have, unreminded). A control never
 * reviewed is due a cadence after its creation (REVIEW_DUE_SQL). Idempotent: running it
 * twice in a day sends nothing the second time.
 */
export async function sendReviewReminders(now = new Date()) {
  const orgs = await db.$queryRaw<{ id: string }[]>`SELECT candor_org_ids() AS id`;
  let emails = 0;
  let failed = 0;
  for (const { id: orgId } of orgs) {
    // One organisation's failure must not stop the others' reminders.
    try {
    emails += await withTenant({ orgId }, async (tx) => {
      const due = await tx.$queryRaw<{ id: string; ref: string; title: string; dueAt: Date; ownerId: string; ownerEmail: string; orgName: string; slug: string }[]>`
        SELECT c.id, c.ref, c.title, ${REVIEW_DUE_SQL} AS "dueAt",
               c."ownerId", u.email AS "ownerEmail", o.name AS "orgName", o.slug
        FROM "Control" c
        JOIN "User" u ON u.id = c."ownerId"
        JOIN "Member" m ON m."orgId" = c."orgId" AND m."userId" = c."ownerId"
        JOIN "Organization" o ON o.id = c."orgId"
        WHERE c."orgId" = ${orgId}::uuid AND c.status <> 'NOT_APPLICABLE'
          AND ${REVIEW_DUE_SQL} <= ${now}::timestamptz + ${REMINDER_WINDOW_DAYS} * interval '1 day'
          AND c."reviewReminderDueAt" IS DISTINCT FROM ${REVIEW_DUE_SQL}
        ORDER BY u.email, c.ref`;
      const byOwner = new Map<string, typeof due>();
      for (const row of due) byOwner.set(row.ownerEmail, [...(byOwner.get(row.ownerEmail) ?? []), row]);
      for (const [ownerEmail, rows] of byOwner) {
        const first = rows[0]!;
        await enqueueEmail(tx, {
          to: ownerEmail,
          template: "review-reminder",
          props: {
            orgName: first.orgName,
            url: new URL(`/dashboard/${first.slug}/controls?review=due`, env().APP_URL).toString(),
            controls: rows.map((r) => ({ ref: r.ref, title: r.title, dueOn: r.dueAt.toISOString().slice(0, 10) })),
          },
        });
      }
      for (const row of due) await tx.control.updateMany({ where: { id: row.id, orgId }, data: { reviewReminderDueAt: row.dueAt } });
      return byOwner.size;
    });
    } catch (error) {
      failed += 1;
      log.error({ err: error, orgId }, "review reminders failed for an organisation");
    }
  }
  return { organizations: orgs.length, emails, failed };
}
