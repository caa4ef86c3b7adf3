import { describe, expect, it } from "vitest";
import * as organization from "@/app/api/v1/organization/route";
import { revokeApiKey } from "@/modules/apikeys/server/keys";
import { withTenant } from "@/server/db/tenant";
import { createOrg } from "../support/factories";
import { apiRequest, keyFor, params } from "../support/api";
import { fromClient } from "../support/requests";

const noParams = params({});
const get = (authorization: string | undefined, ip: string) =>
  organization.GET(apiRequest("/api/v1/organization", { headers: { ...fromClient(ip), ...(authorization ? { authorization } : {}) } }), noParams);

describe("failed API key verifications are limited per client IP (20 per 10 minutes)", () => {
  it("unknown, malformed, revoked and expired keys are 401 twenty times, then that IP gets 429 with Retry-After before any lookup, even with a valid key; another IP's valid key is unaffected", async () => {
    const { ctx } = await createOrg();
    const valid = await keyFor(ctx, ["posture:read"]);
    const revoked = await keyFor(ctx, ["posture:read"]);
    await revokeApiKey({ ctx, id: revoked.id });
    const expired = await keyFor(ctx, ["posture:read"], { expiresInDays: 1 });
    await withTenant({ orgId: ctx.org.id }, (tx) => tx.$executeRaw`UPDATE "ApiKey" SET "expiresAt" = now() - interval '1 second' WHERE id = ${expired.id}::uuid`);
    const unknown = `cndr_${valid.publicId}_${"A".repeat(43)}`;
    const attacker = "203.0.113.66";
    const bad = [unknown, "cndr_short", `Bearer-${valid.key}`, revoked.key, expired.key];

    for (let i = 0; i < 20; i++) {
      const response = await get(`Bearer ${bad[i % bad.length]}`, attacker);
      expect(response.status, `failure ${i + 1}`).toBe(401);
    }
    const blocked = await get(`Bearer ${unknown}`, attacker);
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get("content-type")).toBe("application/problem+json");
    const retryAfter = Number(blocked.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(600);
    expect(await blocked.json()).toMatchObject({ status: 429, code: "rate_limited", detail: "Too many failed API key verifications from this address; wait before trying again." });

    // The valid key from the blocked address: 429 too, and the key was not even read (its last use is not recorded).
    const validFromAttacker = await get(`Bearer ${valid.key}`, attacker);
    expect(validFromAttacker.status).toBe(429);
    const lastUse = () => withTenant({ orgId: ctx.org.id }, (tx) => tx.apiKey.findFirstOrThrow({ where: { id: valid.id }, select: { lastUsedAt: true, lastUsedIp: true } }));
    expect(await lastUse()).toEqual({ lastUsedAt: null, lastUsedIp: null });

    // The same valid key from another address works, and that address is what is recorded.
    const elsewhere = await get(`Bearer ${valid.key}`, "198.51.100.77");
    expect(elsewhere.status).toBe(200);
    expect((await elsewhere.json()).slug).toBe(ctx.org.slug);
    expect((await lastUse()).lastUsedIp).toBe("198.51.100.77");
    // Another address's failures are its own: its first bad key is a 401, not a 429.
    expect((await get(`Bearer ${unknown}`, "198.51.100.78")).status).toBe(401);
  });

  it("a request without any key is a 401 that does not count: a script that forgot its header is not locked out", async () => {
    const { ctx } = await createOrg();
    const valid = await keyFor(ctx, ["posture:read"]);
    const ip = "203.0.113.67";
    for (let i = 0; i < 25; i++) expect((await get(undefined, ip)).status).toBe(401);
    expect((await get(`Bearer ${valid.key}`, ip)).status).toBe(200);
  });
});
