import "server-only";

import { REVIEW_DUE_SQL } from "@/modules/controls/server/controls";
import { now } from "@/server/clock";
import { db, type Tx } from "@/server/db/client";
import { withTenant } from "@/server/db/tenant";
import { log } from "@/server/log";
import { alertMembers, firstTime } from "./alerts";

/**
 * The daily checks (alerts.daily, 06:00 UTC; ADR 033), each alerting once through the AlertCheck
 * marks, however often the job runs:
 * - EXPIRY: security.txt's Expires and each certification's period end, 30, 14, 7 and 1 days
 *   before. A run alerts for the tightest threshold reached, once per item, end date and
 *   threshold: a changed date starts again; a run that comes late alerts for where it is (a
 *   threshold passed while the worker was down is not sent after the next one).
 * - REVIEW_DUE: on the week's first run (Monday's), how many controls fall due for review in the
 *   ISO week and how many are overdue. Control owners keep their own reminders
 *   (controls.review-reminders); this is the member-level summary.
 */
export const EXPIRY_THRESHOLDS_DAYS = [30, 14, 7, 1] as const;
const DAY = 86_400_000;
const day = (date: Date) => date.toISOString().slice(0, 10);

type Expiring = { key: string; what: string; verb: string; end: Date; link: string };

/** The tightest threshold `end` is within at `at`, or null (more than 30 days away, or already past). */
export function thresholdAt(end: Date, at: number): number | null {
  const left = end.getTime() - at;
  if (left <= 0) return null;
  const reached = EXPIRY_THRESHOLDS_DAYS.filter((t) => left <= t * DAY);
  return reached.length ? reached[reached.length - 1]! : null;
}

async function expiringItems(tx: Tx, orgId: string, slug: string): Promise<Expiring[]> {
  const policy = await tx.disclosurePolicy.findFirst({ where: { orgId }, select: { expiresAt: true } });
  const certified = await tx.framework.findMany({ where: { orgId, status: "CERTIFIED", periodEnd: { not: null } }, orderBy: { position: "asc" }, select: { id: true, name: true, periodEnd: true } });
  const items: Expiring[] = certified.map((f) => ({ key: `framework:${f.id}`, what: `The ${f.name} certification`, verb: "ends", end: f.periodEnd!, link: `/dashboard/${slug}/frameworks/${f.id}` }));
  if (policy?.expiresAt) items.unshift({ key: "security-txt", what: "security.txt", verb: "expires", end: policy.expiresAt, link: `/dashboard/${slug}/disclosure` });
  return items;
}

async function expiryAlerts(tx: Tx, orgId: string, slug: string, at: number) {
  let alerts = 0;
  for (const item of await expiringItems(tx, orgId, slug)) {
    const threshold = thresholdAt(item.end, at);
    if (threshold === null || !(await firstTime(tx, orgId, `expiry:${item.key}:${day(item.end)}:${threshold}`))) continue;
    const left = Math.ceil((item.end.getTime() - at) / DAY);
    await alertMembers(tx, {
      orgId,
      kind: "EXPIRY",
      subject: `${item.what} ${item.verb} in ${left} ${left === 1 ? "day" : "days"}`,
      lines: [`${item.what} ${item.verb} on ${day(item.end)}.`, "Renew it, update the date in Candor and publish, so your trust center stays current."],
      link: item.link,
      ref: item.key,
    });
    alerts += 1;
  }
  return alerts;
}

/** Monday 00:00 UTC of the ISO week holding `at`. */
export const weekStart = (at: number) => {
  const d = new Date(at);
  const midnight = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  return new Date(midnight - ((d.getUTCDay() + 6) % 7) * DAY);
};

async function reviewSummary(tx: Tx, orgId: string, slug: string, at: number) {
  const start = weekStart(at);
  if (!(await firstTime(tx, orgId, `review-due:${day(start)}`))) return 0;
  const end = new Date(start.getTime() + 7 * DAY);
  const [row] = await tx.$queryRaw<{ dueThisWeek: number; overdue: number }[]>`
    SELECT count(*) FILTER (WHERE ${REVIEW_DUE_SQL} >= ${new Date(at)}::timestamptz AND ${REVIEW_DUE_SQL} < ${end}::timestamptz)::int AS "dueThisWeek",
           count(*) FILTER (WHERE ${REVIEW_DUE_SQL} < ${new Date(at)}::timestamptz)::int AS "overdue"
    FROM "Control" c WHERE c."orgId" = ${orgId}::uuid AND c.status <> 'NOT_APPLICABLE'`;
  const { dueThisWeek = 0, overdue = 0 } = row ?? {};
  if (dueThisWeek === 0 && overdue === 0) return 0;
  const controls = (n: number) => `${n} ${n === 1 ? "control" : "controls"}`;
  await alertMembers(tx, {
    orgId,
    kind: "REVIEW_DUE",
    subject: dueThisWeek > 0 ? `${controls(dueThisWeek)} ${dueThisWeek === 1 ? "falls" : "fall"} due for review this week` : `${controls(overdue)} overdue for review`,
    lines: [`Week of ${day(start)}: ${controls(dueThisWeek)} due by ${day(new Date(end.getTime() - DAY))}; ${controls(overdue)} already overdue.`],
    link: `/dashboard/${slug}/controls?review=due`,
    ref: `review-due:${day(start)}`,
  });
  return 1;
}

/** One organisation's checks, in its own scope; the number of alerts raised. */
export async function runDailyChecks(orgId: string, at = now()) {
  return withTenant({ orgId }, async (tx) => {
    const { slug } = await tx.organization.findFirstOrThrow({ where: { id: orgId }, select: { slug: true } });
    return (await expiryAlerts(tx, orgId, slug, at)) + (await reviewSummary(tx, orgId, slug, at));
  });
}

export async function runDailyChecksEverywhere(at = now()) {
  const orgs = await db.$queryRaw<{ id: string }[]>`SELECT candor_org_ids() AS id`;
  let alerts = 0;
  let failed = 0;
  for (const { id: orgId } of orgs) {
    try {
      alerts += await runDailyChecks(orgId, at);
    } catch (error) {
      failed += 1;
      log.error({ err: error, orgId }, "alert checks failed for an organisation");
    }
  }
  return { organizations: orgs.length, alerts, failed };
}
