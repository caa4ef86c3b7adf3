import { describe, expect, it } from "vitest";
import { createApiKey, listApiKeys, revokeApiKey } from "@/modules/apikeys/server/keys";
import { withTenant } from "@/server/db/tenant";
import { hashApiKey } from "@/server/api/key-secret";
import { authorize } from "@/server/gate";
import * as organization from "@/app/api/v1/organization/route";
import * as controls from "@/app/api/v1/controls/route";
import { loadChain } from "@/modules/audit/server/queries";
import { verifyChain } from "@/modules/audit/server/chain";
import { actorFor, addMember, contextFor, createOrg } from "../support/factories";
import { apiRequest, keyFor, params } from "../support/api";

const noParams = params({});

describe("API keys", () => {
  it("a key is cndr_<8-char id>_<43 base62 chars> (≥ 256 bits), returned once; the database holds only its HMAC", async () => {
    const { ctx } = await createOrg();
    const created = await keyFor(ctx, ["posture:read"]);
    expect(created.key).toMatch(/^cndr_[0-9A-Za-z]{8}_[0-9A-Za-z]{43}$/);
    expect(created.key.startsWith(`cndr_${created.publicId}_`)).toBe(true);
    const rows = await withTenant({ orgId: ctx.org.id }, (tx) => tx.$queryRaw<Record<string, unknown>[]>`SELECT * FROM "ApiKey" WHERE id = ${created.id}::uuid`);
    expect(rows).toHaveLength(1);
    const stored = JSON.stringify(rows);
    expect(stored).not.toContain(created.key);
    expect(stored).not.toContain(created.key.slice(14));
    expect(rows[0]!.hash).toBe(hashApiKey(created.key));
    expect(rows[0]!.hash).toMatch(/^[0-9a-f]{64}$/);
    // The listing never carries the hash or the secret.
    const listed = JSON.stringify(await listApiKeys({ ctx }));
    expect(listed).not.toContain(String(rows[0]!.hash));
    expect(listed).not.toContain(created.key);
    // Nor does the audit trail.
    const events = await withTenant({ orgId: ctx.org.id }, (tx) => tx.auditEvent.findMany({ where: { orgId: ctx.org.id, action: "apikeys.create" } }));
    expect(events).toHaveLength(1);
    expect(JSON.stringify(events)).not.toContain(created.key.slice(14));
  });

  it("creating a key needs apikeys.manage and a recent verification: an editor gets 403, a stale owner must re-verify", async () => {
    const { org, owner } = await createOrg();
    const editor = await addMember(org.id, "EDITOR");
    await expect(authorize({ actor: actorFor(editor), slug: org.slug, action: "apikeys.manage", recent: true })).rejects.toMatchObject({ code: "forbidden" });
    const stale = actorFor(owner, { verifiedAt: new Date(Date.now() - 16 * 60_000) });
    await expect(authorize({ actor: stale, slug: org.slug, action: "apikeys.manage", recent: true })).rejects.toMatchObject({ code: "reauth_required" });
    await expect(authorize({ actor: actorFor(owner), slug: org.slug, action: "apikeys.manage", recent: true })).resolves.toMatchObject({ role: "OWNER" });
  });

  it("unknown scopes, no scope, a name with line breaks and an expiry past 730 days are refused with field errors", async () => {
    const { ctx } = await createOrg();
    await expect(createApiKey({ ctx, input: { name: "x", scopes: ["admin:all"] } })).rejects.toMatchObject({ issues: [expect.objectContaining({ path: ["scopes", 0] })] });
    await expect(createApiKey({ ctx, input: { name: "x", scopes: [] } })).rejects.toMatchObject({ issues: [expect.objectContaining({ path: ["scopes"] })] });
    await expect(createApiKey({ ctx, input: { name: "a\nb", scopes: ["publish"] } })).rejects.toMatchObject({ issues: [expect.objectContaining({ path: ["name"] })] });
    await expect(createApiKey({ ctx, input: { name: "x", scopes: ["publish"], expiresInDays: 731 } })).rejects.toMatchObject({ issues: [expect.objectContaining({ path: ["expiresInDays"] })] });
  });

  it("no key, a malformed key, a wrong secret, a revoked key and an expired key all get 401 problem+json", async () => {
    const { ctx } = await createOrg();
    const good = await keyFor(ctx, ["posture:read"]);
    const expect401 = async (headers: Record<string, string>, detail: string) => {
      const response = await organization.GET(apiRequest("/api/v1/organization", { headers }), noParams);
      expect(response.status).toBe(401);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
      expect(response.headers.get("www-authenticate")).toBe('Bearer realm="candor-api"');
      expect(await response.json()).toMatchObject({ type: "urn:candor:problem:unauthenticated", status: 401, detail });
    };
    await expect401({}, "Send your API key as Authorization: Bearer cndr_….");
    await expect401({ authorization: "Bearer not-a-key" }, "That is not a valid API key.");
    await expect401({ authorization: `Basic ${good.key}` }, "Send your API key as Authorization: Bearer cndr_….");
    const wrong = `${good.key.slice(0, -1)}${good.key.endsWith("a") ? "b" : "a"}`;
    await expect401({ authorization: `Bearer ${wrong}` }, "That is not a valid API key.");

    expect((await organization.GET(apiRequest("/api/v1/organization", { key: good.key }), noParams)).status).toBe(200);
    await revokeApiKey({ ctx, id: good.id });
    await expect401({ authorization: `Bearer ${good.key}` }, "This API key was revoked.");

    const expiring = await keyFor(ctx, ["posture:read"], { expiresInDays: 1 });
    await withTenant({ orgId: ctx.org.id }, (tx) => tx.$executeRaw`UPDATE "ApiKey" SET "expiresAt" = now() - interval '1 second' WHERE id = ${expiring.id}::uuid`);
    await expect401({ authorization: `Bearer ${expiring.key}` }, "This API key has expired.");
  });

  it("a browser session's cookie does not authenticate: without a bearer key it is a 401", async () => {
    const { ctx } = await createOrg();
    await keyFor(ctx, ["posture:read"]);
    const response = await organization.GET(apiRequest("/api/v1/organization", { headers: { cookie: "authjs.session-token=anything; __Host-candor=1" } }), noParams);
    expect(response.status).toBe(401);
  });

  it("CORS is closed: OPTIONS is a 405 without any Access-Control-Allow-* header, and answers carry none either", async () => {
    const { ctx } = await createOrg();
    const { key } = await keyFor(ctx, ["posture:read"]);
    const preflight = await controls.OPTIONS();
    expect(preflight.status).toBe(405);
    const answer = await organization.GET(apiRequest("/api/v1/organization", { key, headers: { origin: "https://evil.example" } }), noParams);
    expect(answer.status).toBe(200);
    for (const response of [preflight, answer]) {
      expect([...response.headers.keys()].filter((name) => name.startsWith("access-control-"))).toEqual([]);
    }
  });

  it("a key acts as its creator capped by its scopes: a read-only key's writes are 403; a key whose creator became a VIEWER cannot write; a removed creator's key is 401", async () => {
    const { ctx, org } = await createOrg();
    const readOnly = await keyFor(ctx, ["posture:read"]);
    const body = { ref: "AC-01", area: "Access", title: "SSO", status: "IMPLEMENTED" };
    const refused = await controls.POST(apiRequest("/api/v1/controls", { method: "POST", key: readOnly.key, body }), noParams);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ code: "forbidden", detail: 'This API key lacks the "posture:write" scope (Write posture (create, update, delete controls and evidence)).' });

    const admin = await addMember(org.id, "ADMIN");
    const adminCtx = contextFor(admin, org, "ADMIN");
    const adminKey = await keyFor(adminCtx, ["posture:read", "posture:write"]);
    await withTenant({ orgId: org.id }, (tx) => tx.member.updateMany({ where: { orgId: org.id, userId: admin.id }, data: { role: "VIEWER" } }));
    const demoted = await controls.POST(apiRequest("/api/v1/controls", { method: "POST", key: adminKey.key, body }), noParams);
    expect(demoted.status).toBe(403);
    expect((await organization.GET(apiRequest("/api/v1/organization", { key: adminKey.key }), noParams)).status).toBe(200);

    await withTenant({ orgId: org.id }, (tx) => tx.member.deleteMany({ where: { orgId: org.id, userId: admin.id } }));
    expect((await organization.GET(apiRequest("/api/v1/organization", { key: adminKey.key }), noParams)).status).toBe(401);
  });

  it("a key is its own actor in the audit chain (type api_key, its id and name), and the chain still verifies", async () => {
    const { ctx } = await createOrg();
    const created = await keyFor(ctx, ["posture:write"]);
    const response = await controls.POST(apiRequest("/api/v1/controls", { method: "POST", key: created.key, body: { ref: "AC-01", area: "Access", title: "SSO", status: "IMPLEMENTED" } }), noParams);
    expect(response.status).toBe(201);
    const chain = await withTenant({ orgId: ctx.org.id }, (tx) => loadChain(tx, ctx.org.id));
    const event = chain.find((e) => e.action === "controls.create")!;
    expect(event).toMatchObject({ actorType: "api_key", actorId: created.id, actorName: "Key posture:write", actorEmail: null, ipAddress: "198.51.100.20" });
    expect(verifyChain(chain)).toEqual({ ok: true, checked: chain.length });
  });

  it("lastUsedAt and lastUsedIp are written on use, at most once a minute", async () => {
    const { ctx } = await createOrg();
    const created = await keyFor(ctx, ["posture:read"]);
    expect((await listApiKeys({ ctx }))[0]).toMatchObject({ lastUsedAt: null, lastUsedIp: null });
    await organization.GET(apiRequest("/api/v1/organization", { key: created.key }), noParams);
    const first = (await listApiKeys({ ctx }))[0]!;
    expect(first.lastUsedIp).toBe("198.51.100.20");
    expect(first.lastUsedAt).toBeInstanceOf(Date);
    await organization.GET(apiRequest("/api/v1/organization", { key: created.key }), noParams);
    expect((await listApiKeys({ ctx }))[0]!.lastUsedAt).toEqual(first.lastUsedAt);
  });

  it("revoking another organisation's key is a 404 and changes nothing", async () => {
    const a = await createOrg();
    const b = await createOrg();
    const keyB = await keyFor(b.ctx, ["posture:read"]);
    await expect(revokeApiKey({ ctx: a.ctx, id: keyB.id })).rejects.toMatchObject({ code: "not_found" });
    expect((await organization.GET(apiRequest("/api/v1/organization", { key: keyB.key }), noParams)).status).toBe(200);
  });
});

describe("API answers", () => {
  it("an answer that does not fit its own schema is a 500 with an event id (our bug), never a 422 blamed on the client", async () => {
    const { json } = await import("@/server/api/http");
    const { problemResponse } = await import("@/server/api/problem");
    const { organizationSchema } = await import("@/modules/api/schemas");
    let error: unknown;
    try {
      json(organizationSchema, { id: "not-a-uuid" } as never);
    } catch (caught) {
      error = caught;
    }
    const response = problemResponse(error);
    expect(response.status).toBe(500);
    const body = await response.json();
    expect(body).toEqual({ type: "urn:candor:problem:internal", title: "Internal server error", status: 500, detail: "Something went wrong on our side.", code: "internal", eventId: expect.any(String) });
  });
});
