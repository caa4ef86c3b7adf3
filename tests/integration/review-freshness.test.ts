import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { controlSummary, createControl, getControl, listControls, markControlsReviewed } from "@/modules/controls/server/controls";
import { controlQuerySchema } from "@/modules/controls/query";
import { needsReview, reviewDueAt } from "@/modules/controls/coverage";
import { publish } from "@/modules/publishing/server/publish";
import { trustPage } from "@/modules/publishing/server/surfaces";
import { withTenant } from "@/server/db/tenant";
import { sendReviewReminders } from "@/modules/controls/server/reminders";
import { OUTBOX_SEAL_PURPOSE } from "@/modules/email/templates";
import { open } from "@/server/crypto";
import { db } from "@/server/db/client";
import { env } from "@/server/env";
import { addMember, createOrg } from "../support/factories";

/**
 * Issue 10, item 6: a control created without a last-review date gets its cadence from the day
 * it was created, instead of showing "Needs review" at once; "mark reviewed today" for one
 * control or many.
 */
let superuser: pg.Client;
beforeAll(async () => {
  superuser = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await superuser.connect();
});
afterAll(() => superuser.end());

const base = { area: "Access Control", status: "IMPLEMENTED", visibility: "PUBLIC" };
const due = { review: "due" } as const;
const isoDaysFromNow = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const backdate = (id: string, days: number) => superuser.query(`UPDATE "Control" SET "createdAt" = now() - make_interval(days => $2) WHERE id = $1`, [id, days]);

describe("review freshness", () => {
  it("a new control without a last review is due a cadence after its creation, not at once: dashboard and public page", async () => {
    const { ctx, org } = await createOrg();
    const control = await createControl({ ctx, input: { ...base, ref: "AC-01", title: "New", reviewCadenceDays: 90 } });
    const stored = await getControl({ ctx, id: control.id });
    expect(stored.lastReviewedAt).toBeNull();
    expect(needsReview(stored)).toBe(false);
    expect(reviewDueAt(stored).toISOString().slice(0, 10)).toBe(isoDaysFromNow(90));
    expect((await controlSummary({ ctx })).reviewDue).toBe(0);
    expect((await listControls({ ctx, query: controlQuerySchema.parse(due) })).total).toBe(0);

    await publish({ ctx });
    const page = await (await trustPage(new Request(`http://localhost:3000/t/${org.slug}`), org.slug)).text();
    expect(page).not.toContain("Needs review");
    expect(page).not.toContain("Not reviewed yet");
    expect(page).toContain(`Reviewed every 90 days; first review due <time datetime="${isoDaysFromNow(90)}">`);
  });

  it("a control never reviewed becomes due once its cadence has passed since its creation", async () => {
    const { ctx } = await createOrg();
    const control = await createControl({ ctx, input: { ...base, ref: "AC-01", title: "Old", reviewCadenceDays: 30 } });
    await createControl({ ctx, input: { ...base, ref: "AC-02", title: "Young", reviewCadenceDays: 30 } });
    await backdate(control.id, 31);
    expect(needsReview(await getControl({ ctx, id: control.id }))).toBe(true);
    expect((await controlSummary({ ctx })).reviewDue).toBe(1);
    expect((await listControls({ ctx, query: controlQuerySchema.parse(due) })).rows.map((r) => r.ref)).toEqual(["AC-01"]);
  });

  it("mark reviewed today: one or many, a full cadence from today, the version bumped, each audited once", async () => {
    const { ctx, org } = await createOrg();
    const stale = await createControl({ ctx, input: { ...base, ref: "AC-01", title: "Stale", reviewCadenceDays: 30, lastReviewedAt: "2020-01-01" } });
    const never = await createControl({ ctx, input: { ...base, ref: "AC-02", title: "Never", reviewCadenceDays: 30 } });
    const untouched = await createControl({ ctx, input: { ...base, ref: "AC-03", title: "Untouched", reviewCadenceDays: 30, lastReviewedAt: "2020-01-01" } });
    await backdate(never.id, 40);
    expect((await controlSummary({ ctx })).reviewDue).toBe(3);

    const now = new Date("2026-12-03T22:30:00.000Z");
    const result = await markControlsReviewed({ ctx, input: { ids: [stale.id, never.id] }, now });
    expect(result).toEqual({ changed: 2, reviewedOn: "2026-12-03" });
    for (const id of [stale.id, never.id]) {
      const row = await getControl({ ctx, id });
      expect(row.lastReviewedAt?.toISOString()).toBe("2026-12-03T00:00:00.000Z");
      expect(row.version).toBe(2);
    }
    expect((await getControl({ ctx, id: untouched.id })).lastReviewedAt?.toISOString()).toBe("2020-01-01T00:00:00.000Z");
    const events = await withTenant({ orgId: org.id }, (tx) => tx.auditEvent.findMany({ where: { action: "controls.mark-reviewed" }, orderBy: { seq: "asc" } }));
    expect(events.map((e) => [e.targetId, e.diff])).toEqual([
      [stale.id, { lastReviewedAt: { from: "2020-01-01T00:00:00.000Z", to: "2026-12-03T00:00:00.000Z" } }],
      [never.id, { lastReviewedAt: { from: null, to: "2026-12-03T00:00:00.000Z" } }],
    ]);

    // Marking again the same day changes nothing and records nothing.
    expect(await markControlsReviewed({ ctx, input: { ids: [stale.id] }, now })).toEqual({ changed: 0, reviewedOn: "2026-12-03" });
    expect(await withTenant({ orgId: org.id }, (tx) => tx.auditEvent.count({ where: { action: "controls.mark-reviewed" } }))).toBe(2);
    expect((await getControl({ ctx, id: stale.id })).version).toBe(2);
  });

  it("marking refuses another organisation's controls, malformed ids and an empty selection, and changes nothing", async () => {
    const a = await createOrg();
    const b = await createOrg();
    const mine = await createControl({ ctx: b.ctx, input: { ...base, ref: "AC-01", title: "B's own", reviewCadenceDays: 30 } });
    const theirs = await createControl({ ctx: a.ctx, input: { ...base, ref: "AC-01", title: "A's", reviewCadenceDays: 30, lastReviewedAt: "2020-01-01" } });
    await expect(markControlsReviewed({ ctx: b.ctx, input: { ids: [theirs.id] } })).rejects.toMatchObject({ code: "not_found" });
    // Mixed with one of B's own: all or nothing.
    await expect(markControlsReviewed({ ctx: b.ctx, input: { ids: [mine.id, theirs.id] } })).rejects.toMatchObject({ code: "not_found" });
    expect((await getControl({ ctx: b.ctx, id: mine.id })).lastReviewedAt).toBeNull();
    await expect(markControlsReviewed({ ctx: b.ctx, input: { ids: ["not-a-uuid"] } })).rejects.toMatchObject({ name: "ZodError" });
    await expect(markControlsReviewed({ ctx: b.ctx, input: { ids: [] } })).rejects.toMatchObject({ name: "ZodError" });
    await expect(markControlsReviewed({ ctx: b.ctx, input: { ids: Array.from({ length: 2_001 }, () => mine.id) } })).rejects.toMatchObject({ name: "ZodError" });
    expect(await getControl({ ctx: a.ctx, id: theirs.id })).toMatchObject({ version: 1, lastReviewedAt: new Date("2020-01-01T00:00:00.000Z") });
  });

  it("the owner of a never-reviewed control is reminded 14 days before its first review is due", async () => {
    const { ctx, org } = await createOrg(undefined, "Firsts");
    const owner = await addMember(org.id, "EDITOR");
    const soon = await createControl({ ctx, input: { ...base, ref: "AC-01", title: "First review in ten days", reviewCadenceDays: 90, ownerEmail: owner.email } });
    await createControl({ ctx, input: { ...base, ref: "AC-02", title: "Created today", reviewCadenceDays: 90, ownerEmail: owner.email } });
    await backdate(soon.id, 80);
    await sendReviewReminders();
    const mails = await db.outboxMessage.findMany({ where: { recipient: owner.email, template: "review-reminder" } });
    expect(mails).toHaveLength(1);
    const { props } = JSON.parse(open(mails[0]!.payload!, env().AUTH_SECRET, OUTBOX_SEAL_PURPOSE)) as { props: { controls: { ref: string; dueOn: string }[] } };
    expect(props.controls).toEqual([{ ref: "AC-01", title: "First review in ten days", dueOn: isoDaysFromNow(10) }]);
  });
});
