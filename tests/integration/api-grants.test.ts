import { describe, expect, it } from "vitest";
import * as decision from "@/app/api/v1/access-requests/[id]/decision/route";
import * as revocation from "@/app/api/v1/grants/[id]/revocation/route";
import * as grant from "@/app/api/v1/grants/[id]/route";
import * as grants from "@/app/api/v1/grants/route";
import { verifyAccessRequest } from "@/modules/access/server/requests";
import { revokeApiKey } from "@/modules/apikeys/server/keys";
import { withTenant } from "@/server/db/tenant";
import { accessWorld, submit } from "../support/access";
import { contextFor, createOrg } from "../support/factories";
import { apiRequest, keyFor, params } from "../support/api";
import type { components } from "../support/api-v1";

type GrantPage = components["schemas"]["AccessGrantPage"];
type GrantDetail = components["schemas"]["AccessGrantDetail"];
const noParams = params({});

/** An organisation with one approved request (a grant), approved through the API as a reviewer would. */
async function grantedWorld(name: string) {
  const world = await accessWorld(name, []);
  const { token, requestId } = await submit(world.pub, "sam@globex.example");
  await verifyAccessRequest({ ctx: world.pub, token });
  const ownerCtx = contextFor(world.owner, world.org, "OWNER");
  const decider = await keyFor(ownerCtx, ["access:read", "access:decide"]);
  const approved = await decision.POST(apiRequest(`/api/v1/access-requests/${requestId}/decision`, { method: "POST", key: decider.key, body: { decision: "approve", scope: { all: true }, days: 30 } }), params({ id: requestId }));
  const { grantId } = (await approved.json()) as { grantId: string };
  return { ...world, ownerCtx, decider, grantId };
}

const revoke = (key: string, id: string, headers: Record<string, string> = { "if-match": '"v1"' }, body: unknown = {}) =>
  revocation.POST(apiRequest(`/api/v1/grants/${id}/revocation`, { method: "POST", key, body, headers }), params({ id }));

describe("/api/v1/grants", () => {
  it("lists active grants (no session or link secrets), gets one with its ETag, revokes it with If-Match (428 / 412 / 200 / 409 again), audited as the key; then it is listed as revoked", async () => {
    const world = await grantedWorld("Grants");
    const { key } = world.decider;
    const page: GrantPage = await (await grants.GET(apiRequest("/api/v1/grants", { key }), noParams)).json();
    expect(page).toMatchObject({ total: 1, nextCursor: null });
    expect(page.data[0]).toEqual({
      id: world.grantId, email: "sam@globex.example", fullName: expect.any(String), company: expect.any(String), scope: { all: true }, state: "active", createdAt: expect.any(String),
      expiresAt: expect.any(String), extendedAt: null, revokedAt: null, ndaVersion: null, downloads: 0, version: 1,
    });
    const got = await grant.GET(apiRequest(`/api/v1/grants/${world.grantId}`, { key }), params({ id: world.grantId }));
    expect(got.headers.get("etag")).toBe('"v1"');
    const detail: GrantDetail = await got.json();
    expect(detail).toMatchObject({ id: world.grantId, revokedBy: null, recentDownloads: [], acceptances: [] });

    expect((await revoke(key, world.grantId, {})).status).toBe(428);
    expect((await revoke(key, world.grantId, { "if-match": '"v7"' })).status).toBe(412);
    const unknown = await revoke(key, world.grantId, { "if-match": '"v1"' }, { version: 1 });
    expect(unknown.status).toBe(422);
    const revoked = await revoke(key, world.grantId);
    expect(revoked.status).toBe(200);
    expect(revoked.headers.get("etag")).toBe('"v2"');
    expect(await revoked.json()).toMatchObject({ state: "revoked", revokedAt: expect.any(String), revokedBy: world.owner.email, version: 2 });
    const again = await revoke(key, world.grantId, { "if-match": '"v2"' });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ detail: "This grant is already revoked." });
    const event = await withTenant({ orgId: world.org.id }, (tx) => tx.auditEvent.findFirst({ where: { orgId: world.org.id, action: "access.grant.revoke" } }));
    expect(event).toMatchObject({ actorType: "api_key", actorId: world.decider.id });
    expect((await (await grants.GET(apiRequest("/api/v1/grants", { key }), noParams)).json()).total).toBe(0);
    const listed: GrantPage = await (await grants.GET(apiRequest("/api/v1/grants?state=revoked", { key }), noParams)).json();
    expect(listed.data.map((g) => [g.id, g.state])).toEqual([[world.grantId, "revoked"]]);
    expect((await grants.GET(apiRequest("/api/v1/grants?state=gone", { key }), noParams)).status).toBe(422);
  });

  it("another organisation's key: 404 on get and revoke, an empty list; an access:read key cannot revoke (403); posture keys cannot read grants (403); a revoked key is 401", async () => {
    const world = await grantedWorld("Isolated");
    const other = await createOrg();
    const foreign = await keyFor(other.ctx, ["access:read", "access:decide"]);
    expect((await grant.GET(apiRequest(`/api/v1/grants/${world.grantId}`, { key: foreign.key }), params({ id: world.grantId }))).status).toBe(404);
    expect((await revoke(foreign.key, world.grantId)).status).toBe(404);
    expect(await (await grants.GET(apiRequest("/api/v1/grants", { key: foreign.key }), noParams)).json()).toEqual({ data: [], total: 0, nextCursor: null });
    const reader = await keyFor(world.ownerCtx, ["access:read"]);
    expect((await revoke(reader.key, world.grantId)).status).toBe(403);
    const posture = await keyFor(world.ownerCtx, ["posture:read", "posture:write"]);
    expect((await grants.GET(apiRequest("/api/v1/grants", { key: posture.key }), noParams)).status).toBe(403);
    await revokeApiKey({ ctx: world.ownerCtx, id: reader.id });
    expect((await grants.GET(apiRequest("/api/v1/grants", { key: reader.key }), noParams)).status).toBe(401);
    const still: GrantDetail = await (await grant.GET(apiRequest(`/api/v1/grants/${world.grantId}`, { key: world.decider.key }), params({ id: world.grantId }))).json();
    expect(still.state).toBe("active");
  });
});
