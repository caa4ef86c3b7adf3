import { describe, expect, it } from "vitest";
import { createControl } from "@/modules/controls/server/controls";
import { sendReviewReminders } from "@/modules/controls/server/reminders";
import { OUTBOX_SEAL_PURPOSE } from "@/modules/email/templates";
import { open } from "@/server/crypto";
import { db } from "@/server/db/client";
import { env } from "@/server/env";
import { addMember, contextFor, createOrg } from "../support/factories";

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

describe("review reminders", () => {
  it("email each owner once per cycle about controls going stale within 14 days", async () => {
    const { org, ctx } = await createOrg(undefined, "Reminded");
    const owner = await addMember(org.id, "EDITOR");
    const base = { area: "Access Control", status: "IMPLEMENTED", reviewCadenceDays: 90, ownerEmail: owner.email };
    await createControl({ ctx, input: { ...base, ref: "AC-01", title: "Due in ten days", lastReviewedAt: daysAgo(80) } });
    await createControl({ ctx, input: { ...base, ref: "AC-02", title: "Already stale", lastReviewedAt: daysAgo(120) } });
    await createControl({ ctx, input: { ...base, ref: "AC-03", title: "Fresh", lastReviewedAt: daysAgo(10) } });
    await createControl({ ctx, input: { ...base, ref: "AC-04", title: "Never reviewed" } });
    await createControl({ ctx: contextFor(ctx.user, org, "OWNER"), input: { ...base, ownerEmail: undefined, ref: "AC-05", title: "Nobody owns it", lastReviewedAt: daysAgo(89) } });

    const before = await db.outboxMessage.count({ where: { recipient: owner.email } });
    await sendReviewReminders();
    const mails = await db.outboxMessage.findMany({ where: { recipient: owner.email, template: "review-reminder" } });
    expect(mails.length - before).toBe(1);
    const { props } = JSON.parse(open(mails[0]!.payload!, env().AUTH_SECRET, OUTBOX_SEAL_PURPOSE)) as { props: { controls: { ref: string }[]; url: string } };
    expect(props.controls.map((c) => c.ref)).toEqual(["AC-01", "AC-02"]);
    expect(props.url).toContain(`/dashboard/${org.slug}/controls?review=due`);

    await sendReviewReminders();
    expect(await db.outboxMessage.count({ where: { recipient: owner.email, template: "review-reminder" } })).toBe(1);
  });
});
