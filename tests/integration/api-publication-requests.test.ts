import { describe, expect, it } from "vitest";
import * as controls from "@/app/api/v1/controls/route";
import * as publications from "@/app/api/v1/publications/route";
import * as approval from "@/app/api/v1/publication-requests/[id]/approval/route";
import * as rejection from "@/app/api/v1/publication-requests/[id]/rejection/route";
import * as request from "@/app/api/v1/publication-requests/[id]/route";
import * as requests from "@/app/api/v1/publication-requests/route";
import { revokeApiKey } from "@/modules/apikeys/server/keys";
import { withTenant } from "@/server/db/tenant";
import { addMember, contextFor, createOrg } from "../support/factories";
import { apiRequest, keyFor, params } from "../support/api";
import type { components } from "../support/api-v1";

type PublicationRequest = components["schemas"]["PublicationRequest"];
type PublicationRequestPage = components["schemas"]["PublicationRequestPage"];
type PublishResult = components["schemas"]["PublishResult"];
const noParams = params({});

const ask = (key: string, body: unknown = { note: "AC-07 <script>alert(1)</script>" }) => requests.POST(apiRequest("/api/v1/publication-requests", { method: "POST", key, body }), noParams);
const get = (key: string, id: string) => request.GET(apiRequest(`/api/v1/publication-requests/${id}`, { key }), params({ id }));
const approve = (key: string, id: string, body: unknown = {}) => approval.POST(apiRequest(`/api/v1/publication-requests/${id}/approval`, { method: "POST", key, body }), params({ id }));
const reject = (key: string, id: string, body: unknown) => rejection.POST(apiRequest(`/api/v1/publication-requests/${id}/rejection`, { method: "POST", key, body }), params({ id }));
const addControl = (key: string, ref: string) => controls.POST(apiRequest("/api/v1/controls", { method: "POST", key, body: { ref, area: "Access control", title: `Control ${ref}`, status: "PLANNED", visibility: "PUBLIC" } }), noParams);
const publicationCount = (orgId: string) => withTenant({ orgId }, (tx) => tx.publication.count({ where: { orgId } }));

/** An organisation under four-eyes publishing with two people who may publish, each with a key. */
async function fourEyesWorld() {
  const { ctx, org } = await createOrg();
  await withTenant({ orgId: org.id }, (tx) => tx.organization.update({ where: { id: org.id }, data: { requirePublishApproval: true } }));
  const admin = await addMember(org.id, "ADMIN");
  const adminCtx = contextFor(admin, org, "ADMIN");
  const requester = await keyFor(ctx, ["publish", "posture:read", "posture:write"], { name: "CI" });
  const approver = await keyFor(adminCtx, ["publish"], { name: "Approver" });
  expect((await addControl(requester.key, "AC-07")).status).toBe(201);
  return { ctx, org, admin, adminCtx, requester, approver };
}

describe("/api/v1/publication-requests (four-eyes publishing)", () => {
  it("one key asks (201, the changes it would publish); POST /publications stays refused; the requester's own key cannot approve (403); another person's key approves: the requested draft is published, audited as the keys", async () => {
    const w = await fourEyesWorld();
    expect((await publications.POST(apiRequest("/api/v1/publications", { method: "POST", key: w.requester.key, body: {} }), noParams)).status).toBe(403);
    const asked = await ask(w.requester.key);
    expect(asked.status).toBe(201);
    const body: PublicationRequest = await asked.json();
    expect(body).toEqual({
      id: expect.any(String), status: "PENDING", note: "AC-07 <script>alert(1)</script>", reason: null, viewHash: expect.stringMatching(/^[0-9a-f]{64}$/), requestedAt: expect.any(String),
      decidedAt: null, publicationSeq: null, requestedBy: w.ctx.user.email, decidedBy: null, changes: ["First publication."], stale: false, changedSince: [],
    });
    expect(asked.headers.get("location")).toBe(`/api/v1/publication-requests/${body.id}`);
    const own = await approve(w.requester.key, body.id);
    expect(own.status).toBe(403);
    expect(await own.json()).toMatchObject({ detail: "You asked for this publication: under this organisation's four-eyes rule, another owner or admin must approve it." });
    expect(await publicationCount(w.org.id)).toBe(0);

    const approved = await approve(w.approver.key, body.id);
    expect(approved.status).toBe(201);
    const result: PublishResult = await approved.json();
    expect(result).toEqual({ seq: 1, hash: expect.stringMatching(/^[0-9a-f]{64}$/), unchanged: false });
    expect(await (await get(w.approver.key, body.id)).json()).toMatchObject({ status: "APPROVED", publicationSeq: 1, decidedBy: w.admin.email, changes: [], stale: false });
    expect((await approve(w.approver.key, body.id)).status).toBe(409);
    expect(await publicationCount(w.org.id)).toBe(1);

    const page: PublicationRequestPage = await (await requests.GET(apiRequest("/api/v1/publication-requests?status=APPROVED", { key: w.approver.key }), noParams)).json();
    expect(page).toMatchObject({ total: 1, nextCursor: null, data: [{ id: body.id, status: "APPROVED" }] });
    expect(page.data[0]).not.toHaveProperty("viewCanonical");
    const events = await withTenant({ orgId: w.org.id }, (tx) => tx.auditEvent.findMany({ where: { orgId: w.org.id, action: { in: ["publish.request", "publish.request.approve", "publish"] } }, orderBy: { createdAt: "asc" } }));
    expect(events.map((e) => [e.action, e.actorType, e.actorId])).toEqual([
      ["publish.request", "api_key", w.requester.id],
      ["publish", "api_key", w.approver.id],
      ["publish.request.approve", "api_key", w.approver.id],
    ]);
  });

  it("a stale diff cannot be approved (409, nothing published; the request shows what changed since); reject needs a reason (422 at reason), refuses unknown fields, then rejects; deciding twice is 409", async () => {
    const w = await fourEyesWorld();
    const body: PublicationRequest = await (await ask(w.requester.key, { note: "" })).json();
    expect((await addControl(w.requester.key, "AC-08")).status).toBe(201);
    const stale: PublicationRequest = await (await get(w.approver.key, body.id)).json();
    expect(stale).toMatchObject({ status: "PENDING", stale: true, changedSince: ["Control added: AC-08 Control AC-08 (Planned)"] });
    const refused = await approve(w.approver.key, body.id);
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ code: "conflict", detail: expect.stringContaining("The draft changed since this request") });
    expect(await publicationCount(w.org.id)).toBe(0);

    const noReason = await reject(w.approver.key, body.id, {});
    expect(noReason.status).toBe(422);
    expect(((await noReason.json()).errors as { path: string }[]).map((e) => e.path)).toEqual(["reason"]);
    const extra = await reject(w.approver.key, body.id, { reason: "No.", requestId: "00000000-0000-4000-8000-000000000000" });
    expect(extra.status).toBe(422);
    expect((await extra.json()).errors).toEqual([{ path: "requestId", pointer: "/requestId", message: 'Unknown field "requestId": it is not part of this resource.' }]);
    expect((await approve(w.approver.key, body.id, { force: true })).status).toBe(422);
    expect((await ask(w.requester.key, { note: "x", status: "APPROVED" })).status).toBe(422);

    const rejected = await reject(w.approver.key, body.id, { reason: "AC-08 <b>is not ready</b>." });
    expect(rejected.status).toBe(200);
    expect(await rejected.json()).toMatchObject({ status: "REJECTED", reason: "AC-08 <b>is not ready</b>.", decidedBy: w.admin.email });
    expect((await reject(w.approver.key, body.id, { reason: "Again." })).status).toBe(409);
    expect(await publicationCount(w.org.id)).toBe(0);
  });

  it("a key whose creator is now an editor may ask but not approve or reject (403): the permission table decides, as in the dashboard", async () => {
    const w = await fourEyesWorld();
    const demoted = await keyFor(w.adminCtx, ["publish", "posture:read"], { name: "Demoted" });
    await withTenant({ orgId: w.org.id }, (tx) => tx.member.updateMany({ where: { orgId: w.org.id, userId: w.admin.id }, data: { role: "EDITOR" } }));
    const asked = await ask(demoted.key);
    expect(asked.status).toBe(201);
    const { id } = (await asked.json()) as PublicationRequest;
    expect((await approve(demoted.key, id)).status).toBe(403);
    expect((await reject(demoted.key, id, { reason: "No." })).status).toBe(403);
    expect((await approve(w.requester.key, id)).status).toBe(201);
  });

  it("another organisation's key gets 404 on A's request and an empty list; a key without the publish scope is 403; revoked and expired keys are 401; nothing is decided", async () => {
    const w = await fourEyesWorld();
    const { id } = (await (await ask(w.requester.key)).json()) as PublicationRequest;
    const b = await createOrg();
    const keyB = (await keyFor(b.ctx, ["publish", "posture:read"])).key;
    expect((await get(keyB, id)).status).toBe(404);
    expect((await approve(keyB, id)).status).toBe(404);
    expect((await reject(keyB, id, { reason: "No." })).status).toBe(404);
    expect((await get(w.approver.key, "not-a-uuid")).status).toBe(404);
    expect(await (await requests.GET(apiRequest("/api/v1/publication-requests", { key: keyB }), noParams)).json()).toEqual({ data: [], total: 0, nextCursor: null });

    const reader = await keyFor(w.adminCtx, ["posture:read", "posture:write"]);
    expect((await requests.GET(apiRequest("/api/v1/publication-requests", { key: reader.key }), noParams)).status).toBe(403);
    expect((await get(reader.key, id)).status).toBe(403);
    expect((await ask(reader.key)).status).toBe(403);
    expect((await approve(reader.key, id)).status).toBe(403);
    expect((await reject(reader.key, id, { reason: "No." })).status).toBe(403);

    await revokeApiKey({ ctx: w.adminCtx, id: w.approver.id });
    expect((await approve(w.approver.key, id)).status).toBe(401);
    const expiring = await keyFor(w.adminCtx, ["publish"], { expiresInDays: 1 });
    await withTenant({ orgId: w.org.id }, (tx) => tx.$executeRaw`UPDATE "ApiKey" SET "expiresAt" = now() - interval '1 second' WHERE id = ${expiring.id}::uuid`);
    expect((await reject(expiring.key, id, { reason: "No." })).status).toBe(401);
    expect(await (await get(w.requester.key, id)).json()).toMatchObject({ status: "PENDING" });
  });
});
