import { afterEach, describe, expect, it } from "vitest";
import { runDailyChecks, thresholdAt } from "@/modules/alerts/server/checks";
import { setClock } from "@/server/clock";
import { withTenant } from "@/server/db/tenant";
import { mailsTo } from "../support/access-routes";
import { addMember, createOrg } from "../support/factories";

/**
 * The daily checks (ADR 033): security.txt's Expires and a certification's period end alert 30,
 * 14, 7 and 1 days before, once per item per threshold however often the job runs; the week's
 * review summary once per week. Both reach owners and admins by default, never a viewer.
 */
afterEach(() => setClock());

const DAY = 86_400_000;
/** Monday 2031-05-05 06:00 UTC, the job's hour. */
const T0 = Date.parse("2031-05-05T06:00:00.000Z");

async function checksWorld(name: string) {
  const { org, owner } = await createOrg(undefined, name);
  const viewer = await addMember(org.id, "VIEWER");
  return { org, owner, viewer };
}

const subjectsTo = async (email: string) => (await mailsTo(email)).map((m) => String(m.props.subject));

describe("expiry", () => {
  it("thresholds: the tightest reached, none beyond 30 days or once past", () => {
    const end = new Date(T0 + 40 * DAY);
    expect(thresholdAt(end, T0)).toBe(null);
    expect(thresholdAt(end, T0 + 10 * DAY)).toBe(30);
    expect(thresholdAt(end, T0 + 26 * DAY)).toBe(14);
    expect(thresholdAt(end, T0 + 33 * DAY)).toBe(7);
    expect(thresholdAt(end, T0 + 39 * DAY)).toBe(1);
    expect(thresholdAt(end, T0 + 40 * DAY)).toBe(null);
  });

  it("security.txt and a certification: one alert at 30, 14, 7 and 1 days each, running daily (and twice a day) for 45 days", async () => {
    const w = await checksWorld("Expiring");
    await withTenant({ orgId: w.org.id }, async (tx) => {
      await tx.disclosurePolicy.create({ data: { orgId: w.org.id, contacts: ["mailto:security@example.com"], expiresAt: new Date("2031-06-14T00:00:00.000Z") } });
      await tx.framework.create({ data: { orgId: w.org.id, name: "ISO 27001", status: "CERTIFIED", periodEnd: new Date("2031-06-01"), position: 0 } });
      // Not certified: its period end alerts nobody.
      await tx.framework.create({ data: { orgId: w.org.id, name: "SOC 2", status: "IN_PROGRESS", periodEnd: new Date("2031-06-01"), position: 1 } });
    });
    for (let d = 0; d <= 45; d++) {
      setClock(() => T0 + d * DAY);
      await runDailyChecks(w.org.id);
      setClock(() => T0 + d * DAY + 3_600_000);
      await runDailyChecks(w.org.id);
    }
    expect(await subjectsTo(w.owner.email)).toEqual([
      "The ISO 27001 certification ends in 27 days",
      "security.txt expires in 30 days",
      "The ISO 27001 certification ends in 14 days",
      "The ISO 27001 certification ends in 7 days",
      "security.txt expires in 14 days",
      "The ISO 27001 certification ends in 1 day",
      "security.txt expires in 7 days",
      "security.txt expires in 1 day",
    ]);
    expect(await mailsTo(w.viewer.email)).toEqual([]);
    const [first] = await mailsTo(w.owner.email);
    expect(first!.props.lines).toEqual(["The ISO 27001 certification ends on 2031-06-01.", "Renew it, update the date in Candor and publish, so your trust center stays current."]);
    expect(first!.url.pathname).toMatch(/^\/dashboard\/expiring-[0-9a-f]{12}\/frameworks\/[0-9a-f-]{36}$/);
  });

  it("a renewed date starts the thresholds again", async () => {
    const w = await checksWorld("Renewed");
    await withTenant({ orgId: w.org.id }, (tx) => tx.disclosurePolicy.create({ data: { orgId: w.org.id, contacts: ["mailto:s@example.com"], expiresAt: new Date(T0 + 10 * DAY) } }));
    setClock(() => T0);
    await runDailyChecks(w.org.id);
    await withTenant({ orgId: w.org.id }, (tx) => tx.disclosurePolicy.updateMany({ where: { orgId: w.org.id }, data: { expiresAt: new Date(T0 + 20 * DAY) } }));
    await runDailyChecks(w.org.id);
    await runDailyChecks(w.org.id);
    expect(await subjectsTo(w.owner.email)).toEqual(["security.txt expires in 10 days", "security.txt expires in 20 days"]);
  });
});

describe("controls falling due", () => {
  it("once a week: how many controls fall due this week and how many are overdue; nothing due, nothing sent", async () => {
    const w = await checksWorld("Reviews");
    const quiet = await checksWorld("ReviewsQuiet");
    await withTenant({ orgId: w.org.id }, async (tx) => {
      const area = await tx.controlArea.create({ data: { orgId: w.org.id, name: "Access", position: 0 } });
      const control = (ref: string, lastReviewedAt: Date) =>
        tx.control.create({ data: { orgId: w.org.id, areaId: area.id, ref, title: ref, status: "IMPLEMENTED", reviewCadenceDays: 30, lastReviewedAt, position: 0 } });
      await control("AC-01", new Date(T0 - 27 * DAY)); // due Thursday
      await control("AC-02", new Date(T0 - 25 * DAY)); // due Saturday
      await control("AC-03", new Date(T0 - 40 * DAY)); // overdue
      await control("AC-04", new Date(T0 - 20 * DAY)); // due Thursday of the next week
    });
    for (let d = 0; d < 14; d++) {
      setClock(() => T0 + d * DAY);
      await runDailyChecks(w.org.id);
      await runDailyChecks(quiet.org.id);
    }
    const mails = await mailsTo(w.owner.email);
    expect(mails.map((m) => [m.props.subject, m.props.lines])).toEqual([
      ["2 controls fall due for review this week", ["Week of 2031-05-05: 2 controls due by 2031-05-11; 1 control already overdue."]],
      ["1 control falls due for review this week", ["Week of 2031-05-12: 1 control due by 2031-05-18; 3 controls already overdue."]],
    ]);
    expect(mails[0]!.url.search).toBe("?review=due");
    expect(await mailsTo(quiet.owner.email)).toEqual([]);
    expect(await mailsTo(w.viewer.email)).toEqual([]);
  });
});
