// First: Next's request-scope storage must exist before any Next module loads (see the file).
import { inRequestScope } from "../support/next-request";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { GET as exportCsv } from "@/app/dashboard/[slug]/subscribers/export.csv/route";
import * as subscriberActions from "@/modules/subscribers/actions";
import { exportSubscribersCsv, removeSubscriber, saveDeliveryModes, subscriberOverview } from "@/modules/subscribers/server/dashboard";
import { confirmSubscription, subscribe, type SubscribeDelivery } from "@/modules/subscribers/server/subscriptions";
import type { ActionState } from "@/server/action-state";
import { withTenant } from "@/server/db/tenant";
import { accessWorld, auditOf, publicCtx } from "../support/access";
import { sessionFor } from "../support/tenant-world";

/**
 * The dashboard's Subscribers page (issue 13, ADR 030): its reads, removal, the delivery modes,
 * the CSV export's gate and content. Outsiders on every action are in action-authorization.test.ts.
 */
type World = Awaited<ReturnType<typeof accessWorld>>;
type Person = World["owner"];

/** Keeps the raw confirmation tokens the mail would carry. */
function capture() {
  const tokens = new Map<string, string>();
  const deliver: SubscribeDelivery = { confirm: async (_tx, token, to) => void tokens.set(to.email, token), manage: async () => undefined };
  return { tokens, deliver };
}

async function withSubscribers(name: string) {
  const w = await accessWorld(name);
  const ctx = await publicCtx(w.org.slug, w.host, "198.51.100.77");
  const { tokens, deliver } = capture();
  const add = async (email: string, topics: string[], confirm: boolean) => {
    await subscribe({ ctx, input: { email, topics }, deliver });
    if (confirm) await confirmSubscription({ ctx, token: tokens.get(email) });
  };
  await add("ana@customer.example", ["SECURITY", "SUBPROCESSORS"], true);
  await add("bo@customer.example", ["SECURITY", "SUBPROCESSORS", "CERTIFICATIONS", "GENERAL"], true);
  await add("cy@other.example", ["GENERAL"], false);
  await add("=sum+1@customer.example", ["GENERAL"], true);
  return { ...w, add };
}
const idOf = (orgId: string, email: string) => withTenant({ orgId }, async (tx) => (await tx.subscriber.findFirstOrThrow({ where: { orgId, email }, select: { id: true } })).id);

describe("the overview", () => {
  it("counts by status and, for confirmed subscribers, by topic; searches by email; an editor may read, a viewer may not", async () => {
    const w = await withSubscribers("Overview");
    const data = await subscriberOverview({ ctx: await w.as(w.editor, "subscribers.read"), query: {} });
    expect(data.counts).toEqual({ PENDING: 1, CONFIRMED: 3, UNSUBSCRIBED: 0 });
    expect(data.byTopic).toEqual({ SECURITY: 2, SUBPROCESSORS: 2, CERTIFICATIONS: 1, GENERAL: 2 });
    expect(data.list.total).toBe(4);
    expect(data.modes).toEqual({ securityMode: "IMMEDIATE", subprocessorsMode: "IMMEDIATE", certificationsMode: "IMMEDIATE", generalMode: "IMMEDIATE", version: 1 });
    const found = await subscriberOverview({ ctx: await w.as(w.editor, "subscribers.read"), query: { q: "OTHER.example" } });
    expect(found.list.rows.map((r) => r.email)).toEqual(["cy@other.example"]);
    const pending = await subscriberOverview({ ctx: await w.as(w.editor, "subscribers.read"), query: { status: "PENDING" } });
    expect(pending.list.rows.map((r) => r.email)).toEqual(["cy@other.example"]);
    // A URL's junk is dropped, never an error.
    const junk = await subscriberOverview({ ctx: await w.as(w.editor, "subscribers.read"), query: { status: "DROP TABLE", page: "-1", q: "x".repeat(1000) } });
    expect(junk.list.total).toBe(4);
    await expect(w.as(w.viewer, "subscribers.read")).rejects.toMatchObject({ code: "forbidden" });
    await expect(w.as(w.editor, "subscribers.manage")).rejects.toMatchObject({ code: "forbidden" });
  });

  it("another organisation's owner sees none of these subscribers", async () => {
    const w = await withSubscribers("Mine");
    const other = await accessWorld("Theirs");
    const data = await subscriberOverview({ ctx: await other.as(other.owner, "subscribers.read"), query: {} });
    expect(data.list.total).toBe(0);
    expect(data.counts).toEqual({ PENDING: 0, CONFIRMED: 0, UNSUBSCRIBED: 0 });
    await expect(w.as(other.owner, "subscribers.read")).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("removal", () => {
  it("removes a subscriber (audited); the notice they were sent keeps their address; another organisation's id is a 404 and changes nothing", async () => {
    const w = await withSubscribers("Remove");
    const other = await withSubscribers("RemoveOther");
    const id = await idOf(w.org.id, "ana@customer.example");
    const notice = await withTenant({ orgId: w.org.id }, async (tx) => {
      const publication = await tx.publication.findFirstOrThrow({ where: { orgId: w.org.id }, select: { id: true } });
      return tx.publicationNotice.create({ data: { orgId: w.org.id, publicationId: publication.id, subscriberId: id, email: "ana@customer.example", topics: ["SECURITY"], mode: "IMMEDIATE" } });
    });
    const manager = await w.as(w.admin, "subscribers.manage");
    const theirs = await idOf(other.org.id, "ana@customer.example");
    await expect(removeSubscriber({ ctx: manager, input: { id: theirs } })).rejects.toMatchObject({ code: "not_found" });
    await expect(removeSubscriber({ ctx: manager, input: { id: "not-a-uuid" } })).rejects.toThrow();
    expect((await subscriberOverview({ ctx: await other.as(other.owner, "subscribers.read"), query: {} })).list.total).toBe(4);

    await removeSubscriber({ ctx: manager, input: { id } });
    expect((await subscriberOverview({ ctx: manager, query: {} })).list.rows.map((r) => r.email)).not.toContain("ana@customer.example");
    const kept = await withTenant({ orgId: w.org.id }, (tx) => tx.publicationNotice.findFirstOrThrow({ where: { id: notice.id } }));
    expect(kept).toMatchObject({ subscriberId: null, email: "ana@customer.example" });
    const [event] = await auditOf(w.org.id, "subscriber.removed");
    expect(event).toMatchObject({ action: "subscriber.removed", targetId: id, actorEmail: w.admin.email });
    await expect(removeSubscriber({ ctx: manager, input: { id } })).rejects.toMatchObject({ code: "not_found" });
  });

  it("the remove action as A's editor is refused (403) and removes nothing", async () => {
    const w = await withSubscribers("EditorRemove");
    const id = await idOf(w.org.id, "bo@customer.example");
    const cookie = `candor.session=${await sessionFor(w.editor)}`;
    const outcome = await inRequestScope({ cookie }, () => subscriberActions.removeSubscriberAction(w.org.slug, id, { status: "idle" } as ActionState, new FormData()));
    if (!("returned" in outcome)) throw new Error("redirected");
    expect(outcome.returned).toMatchObject({ status: "error", code: "forbidden" });
    expect((await subscriberOverview({ ctx: await w.as(w.owner, "subscribers.read"), query: {} })).list.total).toBe(4);
  });
});

describe("delivery modes", () => {
  it("saves a mode per topic (versioned, audited); a stale version is a conflict; an unknown mode is refused", async () => {
    const w = await withSubscribers("Modes");
    const ctx = await w.as(w.owner, "subscribers.manage");
    const saved = await saveDeliveryModes({ ctx, input: { securityMode: "IMMEDIATE", subprocessorsMode: "DAILY", certificationsMode: "WEEKLY", generalMode: "WEEKLY", version: "1" } });
    expect(saved).toEqual({ securityMode: "IMMEDIATE", subprocessorsMode: "DAILY", certificationsMode: "WEEKLY", generalMode: "WEEKLY", version: 2 });
    expect((await subscriberOverview({ ctx, query: {} })).modes).toEqual(saved);
    await expect(saveDeliveryModes({ ctx, input: { securityMode: "DAILY", subprocessorsMode: "DAILY", certificationsMode: "DAILY", generalMode: "DAILY", version: "1" } })).rejects.toMatchObject({ code: "conflict" });
    await expect(saveDeliveryModes({ ctx, input: { securityMode: "<script>", subprocessorsMode: "DAILY", certificationsMode: "DAILY", generalMode: "DAILY", version: "2" } })).rejects.toThrow();
    expect((await auditOf(w.org.id, "subscribers.delivery_modes")).map((e) => e.action)).toEqual(["subscribers.delivery_modes"]);
  });
});

describe("the CSV export", () => {
  const get = async (person: Person | null, slug: string) => {
    const cookie = person ? `candor.session=${await sessionFor(person)}` : undefined;
    const outcome = await inRequestScope({ cookie }, () => exportCsv(new NextRequest(`http://localhost:3000/dashboard/${slug}/subscribers/export.csv`), { params: Promise.resolve({ slug }) }));
    if (!("returned" in outcome)) throw new Error("redirected");
    return outcome.returned;
  };

  it("gives an owner every subscriber, formulas defused, and records the export; anonymous goes to sign-in, a viewer and an editor 403, another organisation's owner 404", async () => {
    const w = await withSubscribers("Csv");
    const other = await accessWorld("CsvOther");
    const response = await get(w.owner, w.org.slug);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    const lines = (await response.text()).trim().split("\r\n");
    expect(lines[0]).toBe('"email","status","topics","subscribed_at","confirmed_at","unsubscribed_at","host","ip"');
    expect(lines).toHaveLength(5);
    expect(lines[1]).toMatch(/^"ana@customer\.example","CONFIRMED","SECURITY SUBPROCESSORS","[0-9T:.-]+Z","[0-9T:.-]+Z","","[a-z0-9.-]+\.trust\.test","198\.51\.100\.0"$/);
    expect(lines[4]).toContain(`"'=sum+1@customer.example"`);
    expect((await auditOf(w.org.id, "subscribers.export")).map((e) => e.action)).toEqual(["subscribers.export"]);

    const anonymous = await get(null, w.org.slug);
    expect([anonymous.status, anonymous.headers.get("location")]).toEqual([303, `http://localhost:3000/login?next=${encodeURIComponent(`/dashboard/${w.org.slug}/subscribers`)}`]);
    expect((await get(w.viewer, w.org.slug)).status).toBe(403);
    expect((await get(w.editor, w.org.slug)).status).toBe(403);
    const outsider = await get(other.owner, w.org.slug);
    expect(outsider.status).toBe(404);
    expect(await outsider.text()).not.toContain("customer.example");
  });

  it("the domain export of one organisation holds none of another's subscribers", async () => {
    const w = await withSubscribers("CsvA");
    await withSubscribers("CsvB");
    const csv = await exportSubscribersCsv({ ctx: await w.as(w.owner, "subscribers.manage") });
    expect(csv.trim().split("\r\n")).toHaveLength(5);
  });
});
