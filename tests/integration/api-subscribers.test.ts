import { describe, expect, it } from "vitest";
import * as subscriber from "@/app/api/v1/subscribers/[id]/route";
import * as exportCsv from "@/app/api/v1/subscribers/export.csv/route";
import * as subscribers from "@/app/api/v1/subscribers/route";
import { revokeApiKey } from "@/modules/apikeys/server/keys";
import { confirmSubscription, subscribe, type SubscribeDelivery } from "@/modules/subscribers/server/subscriptions";
import { withTenant } from "@/server/db/tenant";
import { accessWorld, publicCtx } from "../support/access";
import { contextFor, createOrg } from "../support/factories";
import { apiRequest, keyFor, params } from "../support/api";
import type { components } from "../support/api-v1";

type SubscriberPage = components["schemas"]["SubscriberPage"];
const noParams = params({});

/** An organisation with subscribers who came through the public form (the real domain functions). */
async function withSubscribers(name: string) {
  const w = await accessWorld(name, []);
  const ctx = await publicCtx(w.org.slug, w.host, "198.51.100.77");
  const tokens = new Map<string, string>();
  const deliver: SubscribeDelivery = { confirm: async (_tx, token, to) => void tokens.set(to.email, token), manage: async () => undefined };
  for (const [email, confirm] of [["ana@customer.example", true], ["=sum+1@customer.example", true], ["cy@other.example", false]] as const) {
    await subscribe({ ctx, input: { email, topics: ["SECURITY"] }, deliver });
    if (confirm) await confirmSubscription({ ctx, token: tokens.get(email) });
  }
  const ownerCtx = contextFor(w.owner, w.org, "OWNER");
  return { ...w, ownerCtx, manager: await keyFor(ownerCtx, ["subscribers:manage"]) };
}

describe("/api/v1/subscribers", () => {
  it("lists (status filter, search, cursor), exports CSV (formula-safe, audited as the key), removes (204, audited; then 404)", async () => {
    const w = await withSubscribers("Subs");
    const { key } = w.manager;
    const confirmed: SubscriberPage = await (await subscribers.GET(apiRequest("/api/v1/subscribers?status=CONFIRMED&limit=1", { key }), noParams)).json();
    expect(confirmed.total).toBe(2);
    expect(confirmed.data).toHaveLength(1);
    expect(confirmed.data[0]).toEqual({ id: expect.any(String), email: expect.any(String), topics: ["SECURITY"], status: "CONFIRMED", createdAt: expect.any(String), confirmedAt: expect.any(String), unsubscribedAt: null });
    const rest: SubscriberPage = await (await subscribers.GET(apiRequest(`/api/v1/subscribers?status=CONFIRMED&limit=1&cursor=${confirmed.nextCursor}`, { key }), noParams)).json();
    expect(rest.nextCursor).toBe(null);
    expect([confirmed.data[0]!.email, rest.data[0]!.email].sort()).toEqual(["=sum+1@customer.example", "ana@customer.example"]);
    const searched: SubscriberPage = await (await subscribers.GET(apiRequest("/api/v1/subscribers?q=other.example", { key }), noParams)).json();
    expect(searched.data.map((s) => [s.email, s.status])).toEqual([["cy@other.example", "PENDING"]]);
    expect((await subscribers.GET(apiRequest("/api/v1/subscribers?status=GONE", { key }), noParams)).status).toBe(422);

    const csv = await exportCsv.GET(apiRequest("/api/v1/subscribers/export.csv", { key }), noParams);
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(csv.headers.get("cache-control")).toBe("private, no-store");
    const text = await csv.text();
    expect(text.split(/\r?\n/)[0]).toBe('"email","status","topics","subscribed_at","confirmed_at","unsubscribed_at","host","ip"');
    expect(text).toContain(`"'=sum+1@customer.example"`);
    expect(text).not.toMatch(/(^|[\n,])"?=sum/);
    const audit = await withTenant({ orgId: w.org.id }, (tx) => tx.auditEvent.findFirst({ where: { orgId: w.org.id, action: "subscribers.export" } }));
    expect(audit).toMatchObject({ actorType: "api_key", actorId: w.manager.id });

    const id = searched.data[0]!.id;
    const remove = (k: string) => subscriber.DELETE(apiRequest(`/api/v1/subscribers/${id}`, { method: "DELETE", key: k }), params({ id }));
    expect((await remove(key)).status).toBe(204);
    expect((await remove(key)).status).toBe(404);
    expect((await (await subscribers.GET(apiRequest("/api/v1/subscribers", { key }), noParams)).json()).total).toBe(2);
  });

  it("another organisation's key: an empty list and 404 on remove; keys without subscribers:manage are 403 everywhere (even with every other scope); a revoked key is 401", async () => {
    const w = await withSubscribers("SubsIsolated");
    const id = await withTenant({ orgId: w.org.id }, async (tx) => (await tx.subscriber.findFirstOrThrow({ where: { orgId: w.org.id, email: "ana@customer.example" }, select: { id: true } })).id);
    const foreign = await keyFor((await createOrg()).ctx, ["subscribers:manage"]);
    expect(await (await subscribers.GET(apiRequest("/api/v1/subscribers", { key: foreign.key }), noParams)).json()).toEqual({ data: [], total: 0, nextCursor: null });
    expect((await subscriber.DELETE(apiRequest(`/api/v1/subscribers/${id}`, { method: "DELETE", key: foreign.key }), params({ id }))).status).toBe(404);
    const other = await keyFor(w.ownerCtx, ["posture:read", "posture:write", "publish", "access:read", "access:decide", "webhooks:manage"]);
    expect((await subscribers.GET(apiRequest("/api/v1/subscribers", { key: other.key }), noParams)).status).toBe(403);
    expect((await exportCsv.GET(apiRequest("/api/v1/subscribers/export.csv", { key: other.key }), noParams)).status).toBe(403);
    expect((await subscriber.DELETE(apiRequest(`/api/v1/subscribers/${id}`, { method: "DELETE", key: other.key }), params({ id }))).status).toBe(403);
    await revokeApiKey({ ctx: w.ownerCtx, id: w.manager.id });
    expect((await exportCsv.GET(apiRequest("/api/v1/subscribers/export.csv", { key: w.manager.key }), noParams)).status).toBe(401);
    expect(await withTenant({ orgId: w.org.id }, (tx) => tx.subscriber.count({ where: { orgId: w.org.id } }))).toBe(3);
  });
});
