import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as deliveries from "@/app/api/v1/webhooks/[id]/deliveries/route";
import * as secret from "@/app/api/v1/webhooks/[id]/secret/route";
import * as test from "@/app/api/v1/webhooks/[id]/test/route";
import * as webhook from "@/app/api/v1/webhooks/[id]/route";
import * as webhooks from "@/app/api/v1/webhooks/route";
import { revokeApiKey } from "@/modules/apikeys/server/keys";
import { deliverWebhook } from "@/modules/webhooks/server/deliver";
import { setDestinationTestHooks, type DestinationTestHooks } from "@/modules/webhooks/server/destination";
import { deliveryKey } from "@/modules/webhooks/server/emit";
import { setEndpointEnabled } from "@/modules/webhooks/server/endpoints";
import { openSecret } from "@/modules/webhooks/server/secrets";
import { withTenant } from "@/server/db/tenant";
import { createOrg } from "../support/factories";
import { apiRequest, keyFor, params } from "../support/api";
import type { components } from "../support/api-v1";

type Created = components["schemas"]["WebhookEndpointCreated"];
type Rotated = components["schemas"]["WebhookSecretRotated"];
type DeliveryPage = components["schemas"]["WebhookDeliveryPage"];
const noParams = params({});
const input = { url: "https://hooks.example.com/candor", description: "CRM", events: ["access_request.created"], format: "STANDARD" };

// No traffic leaves this machine: names resolve to a public documentation address while endpoints
// are saved, and to a private one when the worker's delivery runs, which refuses it before connecting.
let address = "93.184.215.14";
let previous: DestinationTestHooks | null = null;
beforeAll(() => {
  previous = setDestinationTestHooks({ resolve: async () => [{ address, family: 4 }] });
});
afterAll(() => void setDestinationTestHooks(previous));

async function endpointWith(key: string) {
  address = "93.184.215.14";
  const response = await webhooks.POST(apiRequest("/api/v1/webhooks", { method: "POST", key, body: input }), noParams);
  expect(response.status).toBe(201);
  return (await response.json()) as Created;
}
const sendTest = (key: string, id: string, headers: Record<string, string> = {}) => test.POST(apiRequest(`/api/v1/webhooks/${id}/test`, { method: "POST", key, headers }), params({ id }));
const rotate = (key: string, id: string, headers: Record<string, string> = {}, body: unknown = {}) => secret.POST(apiRequest(`/api/v1/webhooks/${id}/secret`, { method: "POST", key, body, headers }), params({ id }));
const log = (key: string, id: string, query = "") => deliveries.GET(apiRequest(`/api/v1/webhooks/${id}/deliveries${query}`, { key }), params({ id }));

describe("/api/v1/webhooks/{id}: test, secret, deliveries", () => {
  it("a test event is queued (202) and its delivery appears in the log, newest first, by cursor; a disabled endpoint is 409; audited as the key", async () => {
    const { ctx } = await createOrg();
    const created = await keyFor(ctx, ["webhooks:manage"]);
    const endpoint = await endpointWith(created.key);
    const events: string[] = [];
    for (let i = 0; i < 3; i++) {
      const queued = await sendTest(created.key, endpoint.id);
      expect(queued.status).toBe(202);
      const { eventId } = (await queued.json()) as { eventId: string };
      events.push(eventId);
      address = "10.0.0.5";
      expect(await deliverWebhook({ deliveryKey: deliveryKey({ orgId: ctx.org.id, endpointId: endpoint.id, eventId }) })).toEqual({ outcome: "refused", disabled: false });
    }
    const first: DeliveryPage = await (await log(created.key, endpoint.id, "?limit=2")).json();
    expect(first.total).toBe(3);
    expect(first.data.map((d) => d.eventId)).toEqual([events[2], events[1]]);
    expect(first.data[0]).toEqual({
      id: expect.any(String), eventId: events[2], eventType: "webhook.ping", attempt: 1, status: "REFUSED", responseStatus: null, latencyMs: null,
      responseExcerpt: null, error: expect.stringContaining("10.0.0.5"), createdAt: expect.any(String),
    });
    const second: DeliveryPage = await (await log(created.key, endpoint.id, `?limit=2&cursor=${first.nextCursor}`)).json();
    expect(second).toMatchObject({ total: 3, nextCursor: null, data: [{ eventId: events[0] }] });
    for (const [query, path] of [["?limit=0", "limit"], ["?limit=101", "limit"], ["?since=yesterday", "since"]]) {
      const bad = await log(created.key, endpoint.id, query);
      expect(bad.status, query).toBe(422);
      expect(((await bad.json()).errors as { path: string }[]).map((e) => e.path)).toEqual([path]);
    }
    expect((await log(created.key, endpoint.id, "?cursor=forged")).status).toBe(400);

    await setEndpointEnabled({ ctx, input: { id: endpoint.id, version: 1 }, enabled: false });
    const disabled = await sendTest(created.key, endpoint.id);
    expect(disabled.status).toBe(409);
    expect(await disabled.json()).toMatchObject({ detail: "This endpoint is disabled. Enable it to send a test event." });
    const audit = await withTenant({ orgId: ctx.org.id }, (tx) => tx.auditEvent.findMany({ where: { orgId: ctx.org.id, action: "webhook.test" } }));
    expect(audit.map((e) => [e.actorType, e.actorId])).toEqual([["api_key", created.id], ["api_key", created.id], ["api_key", created.id]]);
  });

  it("rotating shows the new secret once (200, If-Match: 428 / 412 / 200); the endpoint now signs with it; list and get never show it; unknown fields are 422", async () => {
    const { ctx } = await createOrg();
    const created = await keyFor(ctx, ["webhooks:manage"]);
    const endpoint = await endpointWith(created.key);
    expect((await rotate(created.key, endpoint.id)).status).toBe(428);
    const unknown = await rotate(created.key, endpoint.id, { "if-match": '"v1"' }, { secret: "whsec_mine" });
    expect(unknown.status).toBe(422);
    expect((await unknown.json()).errors).toEqual([{ path: "secret", pointer: "/secret", message: 'Unknown field "secret": it is not part of this resource.' }]);
    const rotated = await rotate(created.key, endpoint.id, { "if-match": '"v1"' });
    expect(rotated.status).toBe(200);
    expect(rotated.headers.get("etag")).toBe('"v2"');
    const body: Rotated = await rotated.json();
    expect(body).toMatchObject({ id: endpoint.id, version: 2, secret: expect.stringMatching(/^whsec_/), previousSecretExpiresAt: expect.any(String) });
    expect(body.secret).not.toBe(endpoint.secret);
    expect(Date.parse(body.previousSecretExpiresAt!) - Date.now()).toBeGreaterThan(23 * 3_600_000);
    const row = await withTenant({ orgId: ctx.org.id }, (tx) => tx.webhookEndpoint.findFirstOrThrow({ where: { id: endpoint.id, orgId: ctx.org.id } }));
    expect(openSecret(endpoint.id, row.secretSealed)).toBe(body.secret);
    expect(openSecret(endpoint.id, row.previousSecretSealed!)).toBe(endpoint.secret);
    expect((await rotate(created.key, endpoint.id, { "if-match": '"v1"' })).status).toBe(412);
    const got = await (await webhook.GET(apiRequest(`/api/v1/webhooks/${endpoint.id}`, { key: created.key }), params({ id: endpoint.id }))).text();
    const listed = await (await webhooks.GET(apiRequest("/api/v1/webhooks", { key: created.key }), noParams)).text();
    for (const text of [got, listed]) expect(text).not.toContain(body.secret);
    const audit = await withTenant({ orgId: ctx.org.id }, (tx) => tx.auditEvent.findMany({ where: { orgId: ctx.org.id, action: "webhook.rotate_secret" } }));
    expect(audit.map((e) => [e.actorType, e.actorId])).toEqual([["api_key", created.id]]);
    expect(JSON.stringify(audit)).not.toContain(body.secret);
  });

  it("another organisation's key gets 404 on all three; a key without webhooks:manage is 403; revoked and expired keys are 401; the secret is unchanged", async () => {
    const a = await createOrg();
    const manager = await keyFor(a.ctx, ["webhooks:manage"]);
    const endpoint = await endpointWith(manager.key);
    const keyB = (await keyFor((await createOrg()).ctx, ["webhooks:manage"])).key;
    expect((await sendTest(keyB, endpoint.id)).status).toBe(404);
    expect((await rotate(keyB, endpoint.id, { "if-match": '"v1"' })).status).toBe(404);
    expect((await log(keyB, endpoint.id)).status).toBe(404);
    expect((await log(manager.key, "not-a-uuid")).status).toBe(404);

    const other = await keyFor(a.ctx, ["posture:read", "posture:write", "publish", "access:read", "access:decide", "subscribers:manage"], { name: "Everything else" });
    expect((await sendTest(other.key, endpoint.id)).status).toBe(403);
    expect((await rotate(other.key, endpoint.id, { "if-match": '"v1"' })).status).toBe(403);
    expect((await log(other.key, endpoint.id)).status).toBe(403);

    const expiring = await keyFor(a.ctx, ["webhooks:manage"], { expiresInDays: 1 });
    await withTenant({ orgId: a.ctx.org.id }, (tx) => tx.$executeRaw`UPDATE "ApiKey" SET "expiresAt" = now() - interval '1 second' WHERE id = ${expiring.id}::uuid`);
    expect((await rotate(expiring.key, endpoint.id, { "if-match": '"v1"' })).status).toBe(401);
    await revokeApiKey({ ctx: a.ctx, id: manager.id });
    expect((await rotate(manager.key, endpoint.id, { "if-match": '"v1"' })).status).toBe(401);
    expect((await sendTest(manager.key, endpoint.id)).status).toBe(401);
    expect((await log(manager.key, endpoint.id)).status).toBe(401);
    const row = await withTenant({ orgId: a.ctx.org.id }, (tx) => tx.webhookEndpoint.findFirstOrThrow({ where: { id: endpoint.id, orgId: a.ctx.org.id } }));
    expect(row.version).toBe(1);
    expect(openSecret(endpoint.id, row.secretSealed)).toBe(endpoint.secret);
    expect(await withTenant({ orgId: a.ctx.org.id }, (tx) => tx.webhookEvent.count({ where: { orgId: a.ctx.org.id } }))).toBe(0);
  });

  it("an Idempotency-Key retry of a rotation replays the same secret without rotating again; the stored answer is sealed, never the secret in clear (nor the create's)", async () => {
    const { ctx } = await createOrg();
    const created = await keyFor(ctx, ["webhooks:manage"]);
    const made = await webhooks.POST(apiRequest("/api/v1/webhooks", { method: "POST", key: created.key, body: input, headers: { "idempotency-key": "create-1" } }), noParams);
    const endpoint: Created = await made.json();
    const first = await rotate(created.key, endpoint.id, { "if-match": '"v1"', "idempotency-key": "rotate-1" });
    expect(first.status).toBe(200);
    const rotated: Rotated = await first.json();
    const again = await rotate(created.key, endpoint.id, { "if-match": '"v1"', "idempotency-key": "rotate-1" });
    expect(again.status).toBe(200);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(((await again.json()) as Rotated).secret).toBe(rotated.secret);
    const row = await withTenant({ orgId: ctx.org.id }, (tx) => tx.webhookEndpoint.findFirstOrThrow({ where: { id: endpoint.id, orgId: ctx.org.id } }));
    expect(row.version).toBe(2);
    const stored = await withTenant({ orgId: ctx.org.id }, (tx) => tx.apiIdempotencyRecord.findMany({ where: { orgId: ctx.org.id } }));
    expect(stored.map((r) => r.idempotencyKey).sort()).toEqual(["create-1", "rotate-1"]);
    for (const record of stored) expect(record.body).toMatch(/^k[0-9]+\./);
    const raw = JSON.stringify(stored);
    expect(raw).not.toContain(rotated.secret);
    expect(raw).not.toContain(endpoint.secret);
  });
});
