import { describe, expect, it } from "vitest";
import * as decision from "@/app/api/v1/access-requests/[id]/decision/route";
import * as requests from "@/app/api/v1/access-requests/route";
import { verifyAccessRequest } from "@/modules/access/server/requests";
import { db } from "@/server/db/client";
import { withTenant } from "@/server/db/tenant";
import { accessWorld, requestRow, submit } from "../support/access";
import { contextFor } from "../support/factories";
import { apiRequest, keyFor, params } from "../support/api";
import type { components } from "../support/api-v1";

type AccessRequestPage = components["schemas"]["AccessRequestPage"];
type AccessDecisionResult = components["schemas"]["AccessDecisionResult"];
const noParams = params({});

async function pendingWorld(name: string) {
  const world = await accessWorld(name, []);
  const { token, requestId } = await submit(world.pub, "sam@globex.example");
  await verifyAccessRequest({ ctx: world.pub, token });
  const ownerCtx = contextFor(world.owner, world.org, "OWNER");
  return { ...world, requestId, ownerCtx };
}

const decide = (key: string, id: string, body: unknown) => decision.POST(apiRequest(`/api/v1/access-requests/${id}/decision`, { method: "POST", key, body }), params({ id }));

describe("/api/v1/access-requests", () => {
  it("an access:read key lists the queue (no link tokens, no hashes); it cannot decide (403)", async () => {
    const world = await pendingWorld("Queue");
    const reader = await keyFor(world.ownerCtx, ["access:read"]);
    const response = await requests.GET(apiRequest("/api/v1/access-requests?status=PENDING", { key: reader.key }), noParams);
    expect(response.status).toBe(200);
    const page: AccessRequestPage = await response.json();
    expect(page.total).toBe(1);
    expect(page.data[0]).toMatchObject({ id: world.requestId, email: "sam@globex.example", status: "PENDING", grantId: null });
    expect(JSON.stringify(page)).not.toMatch(/token|Hash/i);
    expect((await decide(reader.key, world.requestId, { decision: "approve" })).status).toBe(403);
    expect((await requestRow(world.org.id, world.requestId)).status).toBe("PENDING");
  });

  it("an access:decide key approves as the dashboard does: a grant, the link mailed (never returned), audited as the key; deciding again is 409", async () => {
    const world = await pendingWorld("Approve");
    const decider = await keyFor(world.ownerCtx, ["access:decide"]);
    const response = await decide(decider.key, world.requestId, { decision: "approve", scope: { all: true }, days: 30 });
    expect(response.status).toBe(200);
    const result: AccessDecisionResult = await response.json();
    expect(result).toEqual({ status: "APPROVED", grantId: expect.any(String), grantExpiresAt: expect.any(String), emailed: true });
    expect(JSON.stringify(result)).not.toMatch(/token/i);
    expect((await requestRow(world.org.id, world.requestId)).status).toBe("APPROVED");
    const mail = await db.outboxMessage.findMany({ where: { recipient: "sam@globex.example" }, select: { template: true } });
    expect(mail.map((m) => m.template)).toContain("access-decision");
    const event = await withTenant({ orgId: world.org.id }, (tx) => tx.auditEvent.findFirst({ where: { orgId: world.org.id, action: "access.request.approve" } }));
    expect(event).toMatchObject({ actorType: "api_key", actorId: decider.id });
    const again = await decide(decider.key, world.requestId, { decision: "deny", reason: "Too late" });
    expect(again.status).toBe(409);
  });

  it("deny with a reason; a bad body is 422 with paths; another organisation's key on this request is 404 and decides nothing", async () => {
    const world = await pendingWorld("Deny");
    const other = await pendingWorld("Other");
    const decider = await keyFor(world.ownerCtx, ["access:decide"]);
    const foreign = await keyFor(other.ownerCtx, ["access:decide"]);
    expect((await decide(foreign.key, world.requestId, { decision: "deny", reason: "Not yours", notify: false })).status).toBe(404);
    expect((await decide(decider.key, "not-a-uuid", { decision: "deny", reason: "x" })).status).toBe(404);
    const bad = await decide(decider.key, world.requestId, { decision: "deny", reason: "", notify: "yes", grantAll: true });
    expect(bad.status).toBe(422);
    expect((await bad.json()).errors.map((e: { path: string }) => e.path).sort()).toEqual(["grantAll", "notify", "reason"]);
    expect((await requestRow(world.org.id, world.requestId)).status).toBe("PENDING");
    const denied = await decide(decider.key, world.requestId, { decision: "deny", reason: "<script>alert(1)</script> not a fit", notify: false });
    expect(denied.status).toBe(200);
    expect(await denied.json()).toEqual({ status: "DENIED", grantId: null, grantExpiresAt: null, emailed: false });
    expect(await requestRow(world.org.id, world.requestId)).toMatchObject({ status: "DENIED", decisionReason: "<script>alert(1)</script> not a fit" });
  });
});
