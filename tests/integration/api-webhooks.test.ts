import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as webhook from "@/app/api/v1/webhooks/[id]/route";
import * as webhooks from "@/app/api/v1/webhooks/route";
import { revokeApiKey } from "@/modules/apikeys/server/keys";
import { setDestinationTestHooks, type DestinationTestHooks } from "@/modules/webhooks/server/destination";
import { withTenant } from "@/server/db/tenant";
import { createOrg } from "../support/factories";
import { apiRequest, keyFor, params } from "../support/api";
import type { components } from "../support/api-v1";

type Created = components["schemas"]["WebhookEndpointCreated"];
type Input = components["schemas"]["WebhookEndpointInput"];
const noParams = params({});
const input: Input = { url: "https://hooks.example.com/candor", description: "CRM <script>alert(1)</script>", events: ["access_request.created"], format: "STANDARD" };

// No network here: names resolve to a public documentation address (the https:// and public-address rules still apply).
let previous: DestinationTestHooks | null = null;
beforeAll(() => {
  previous = setDestinationTestHooks({ resolve: async (host) => (host === "internal.example.com" ? [{ address: "10.0.0.5", family: 4 }] : [{ address: "93.184.215.14", family: 4 }]) });
});
afterAll(() => void setDestinationTestHooks(previous));

describe("/api/v1/webhooks", () => {
  it("create shows the secret once (201); list and get never do; replace with If-Match (428 / 412 / 200); delete; audited as the key; another organisation's key gets 404", async () => {
    const a = await createOrg();
    const b = await createOrg();
    const created = await keyFor(a.ctx, ["webhooks:manage"]);
    const keyB = (await keyFor(b.ctx, ["webhooks:manage"])).key;
    const response = await webhooks.POST(apiRequest("/api/v1/webhooks", { method: "POST", key: created.key, body: input }), noParams);
    expect(response.status).toBe(201);
    const body: Created = await response.json();
    expect(body).toMatchObject({ ...input, url: "https://hooks.example.com/candor", enabled: true, consecutiveFailures: 0, version: 1, secret: expect.stringMatching(/^whsec_/) });
    const page = await (await webhooks.GET(apiRequest("/api/v1/webhooks", { key: created.key }), noParams)).json();
    expect(page.total).toBe(1);
    expect(JSON.stringify(page)).not.toContain(body.secret);
    expect(page.data[0]).not.toHaveProperty("secret");
    const one = (k: string, init: { method?: "GET" | "PUT" | "DELETE"; body?: unknown; headers?: Record<string, string> } = {}) =>
      webhook[init.method ?? "GET"](apiRequest(`/api/v1/webhooks/${body.id}`, { key: k, ...init }), params({ id: body.id }));
    const got = await one(created.key);
    expect(got.headers.get("etag")).toBe('"v1"');
    expect(JSON.stringify(await got.json())).not.toContain(body.secret);
    expect((await one(keyB)).status).toBe(404);
    expect((await one(keyB, { method: "DELETE", headers: { "if-match": '"v1"' } })).status).toBe(404);
    expect(await (await webhooks.GET(apiRequest("/api/v1/webhooks", { key: keyB }), noParams)).json()).toEqual({ data: [], total: 0, nextCursor: null });
    expect((await one(created.key, { method: "PUT", body: input })).status).toBe(428);
    const unknown = await one(created.key, { method: "PUT", body: { ...input, secretSealed: "x" }, headers: { "if-match": '"v1"' } });
    expect(unknown.status).toBe(422);
    const internal = await one(created.key, { method: "PUT", body: { ...input, url: "https://internal.example.com/x" }, headers: { "if-match": '"v1"' } });
    expect(internal.status).toBe(422);
    const saved = await one(created.key, { method: "PUT", body: { ...input, events: ["grant.revoked"] }, headers: { "if-match": '"v1"' } });
    expect(saved.status).toBe(200);
    expect(await saved.json()).toMatchObject({ events: ["grant.revoked"], version: 2 });
    expect((await one(created.key, { method: "PUT", body: input, headers: { "if-match": '"v1"' } })).status).toBe(412);
    expect((await one(created.key, { method: "DELETE", headers: { "if-match": '"v2"' } })).status).toBe(204);
    expect((await one(created.key)).status).toBe(404);
    const events = await withTenant({ orgId: a.ctx.org.id }, (tx) => tx.auditEvent.findMany({ where: { orgId: a.ctx.org.id, action: { startsWith: "webhook." } }, orderBy: { createdAt: "asc" } }));
    expect(events.map((e) => [e.action, e.actorType])).toEqual([["webhook.create", "api_key"], ["webhook.update", "api_key"], ["webhook.delete", "api_key"]]);
  });

  it("http:// and private addresses are 422; keys without webhooks:manage are 403; a revoked key is 401; nothing is created", async () => {
    const { ctx } = await createOrg();
    const manager = await keyFor(ctx, ["webhooks:manage"]);
    const post = (key: string, body: unknown) => webhooks.POST(apiRequest("/api/v1/webhooks", { method: "POST", key, body }), noParams);
    expect((await post(manager.key, { ...input, url: "http://hooks.example.com/x" })).status).toBe(422);
    expect((await post(manager.key, { ...input, url: "https://internal.example.com/x" })).status).toBe(422);
    const other = await keyFor(ctx, ["posture:read", "posture:write", "publish", "access:read", "access:decide", "subscribers:manage"], { name: "Everything else" });
    expect((await post(other.key, input)).status).toBe(403);
    expect((await webhooks.GET(apiRequest("/api/v1/webhooks", { key: other.key }), noParams)).status).toBe(403);
    await revokeApiKey({ ctx, id: manager.id });
    expect((await post(manager.key, input)).status).toBe(401);
    expect(await withTenant({ orgId: ctx.org.id }, (tx) => tx.webhookEndpoint.count({ where: { orgId: ctx.org.id } }))).toBe(0);
  });
});
