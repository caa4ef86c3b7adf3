import { describe, expect, it } from "vitest";
import * as review from "@/app/api/v1/reviews/[id]/route";
import * as reviewRows from "@/app/api/v1/reviews/[id]/items/route";
import * as reviewRow from "@/app/api/v1/review-items/[id]/route";
import * as reviews from "@/app/api/v1/reviews/route";
import { revokeApiKey } from "@/modules/apikeys/server/keys";
import { addReviewItem } from "@/modules/reviews/server/reviews";
import { withTenant } from "@/server/db/tenant";
import { createOrg } from "../support/factories";
import { apiRequest, keyFor, params } from "../support/api";
import type { components } from "../support/api-v1";

type Review = components["schemas"]["Review"];
type ReviewPage = components["schemas"]["ReviewPage"];
type ReviewInput = components["schemas"]["ReviewInput"];
const noParams = params({});
const input: ReviewInput = { title: "Q4 review <script>alert(1)</script>", reviewedAt: "2026-11-20", template: "custom", summary: "<img src=x onerror=alert(1)>", visibility: "NDA" };

const create = (key: string, body: unknown, headers: Record<string, string> = {}) => reviews.POST(apiRequest("/api/v1/reviews", { method: "POST", key, body, headers }), noParams);
const one = (key: string, id: string, init: { method?: "GET" | "PUT" | "DELETE"; body?: unknown; headers?: Record<string, string> } = {}) =>
  review[init.method ?? "GET"](apiRequest(`/api/v1/reviews/${id}`, { key, ...init }), params({ id }));
const reviewCount = (orgId: string) => withTenant({ orgId }, (tx) => tx.securityReview.count({ where: { orgId } }));

describe("/api/v1/reviews", () => {
  it("create (201, the template's checklist copied in, HTML kept as text), list by cursor, get with rows and ETag, replace with If-Match (428 / 412 / 200), delete (412 / 204), audited as the key", async () => {
    const { ctx } = await createOrg();
    const created = await keyFor(ctx, ["posture:read", "posture:write"]);
    const response = await create(created.key, input, { "idempotency-key": "review-1" });
    expect(response.status).toBe(201);
    expect(response.headers.get("etag")).toBe('"v1"');
    const body: Review = await response.json();
    expect(body).toMatchObject({ title: "Q4 review <script>alert(1)</script>", reviewedAt: "2026-11-20", template: "custom", templateName: "Custom", summary: "<img src=x onerror=alert(1)>", visibility: "NDA", version: 1, items: [] });
    expect(body.counts).toEqual({ PASS: 0, PARTIAL: 0, FAIL: 0, NOT_APPLICABLE: 0, unanswered: 0, total: 0 });
    expect(response.headers.get("location")).toBe(`/api/v1/reviews/${body.id}`);
    const replay = await create(created.key, input, { "idempotency-key": "review-1" });
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(await reviewCount(ctx.org.id)).toBe(1);

    const asvs = await create(created.key, { title: "ASVS", reviewedAt: "2026-10-01", template: "asvs-5-l2" });
    const asvsBody: Review = await asvs.json();
    expect(asvsBody.items.length).toBeGreaterThan(10);
    expect(asvsBody.counts.unanswered).toBe(asvsBody.items.length);

    const page1: ReviewPage = await (await reviews.GET(apiRequest("/api/v1/reviews?limit=1", { key: created.key }), noParams)).json();
    expect(page1).toMatchObject({ total: 2, data: [{ id: body.id }], nextCursor: expect.any(String) });
    const page2: ReviewPage = await (await reviews.GET(apiRequest(`/api/v1/reviews?limit=1&cursor=${page1.nextCursor}`, { key: created.key }), noParams)).json();
    expect(page2).toMatchObject({ total: 2, data: [{ id: asvsBody.id }], nextCursor: null });

    // A row added in the dashboard bumps the review's version: the API's old ETag is stale.
    await addReviewItem({ ctx, reviewId: body.id, input: { area: "Access", ref: "A-1", question: "Is MFA enforced?" } });
    const got = await one(created.key, body.id);
    expect(got.headers.get("etag")).toBe('"v2"');
    expect(((await got.json()) as Review).items).toEqual([
      { id: expect.any(String), area: "Access", ref: "A-1", question: "Is MFA enforced?", result: null, evidence: "", finding: "", resolution: "NONE", remediationUrl: null, rationale: "", position: 1 },
    ]);
    const update = { title: "Q4 review, done", reviewedAt: "2026-11-21", summary: "Two findings fixed.", visibility: "PUBLIC" };
    expect((await one(created.key, body.id, { method: "PUT", body: update })).status).toBe(428);
    const stale = await one(created.key, body.id, { method: "PUT", body: update, headers: { "if-match": '"v1"' } });
    expect(stale.status).toBe(412);
    expect(await stale.json()).toMatchObject({ code: "precondition_failed" });
    const saved = await one(created.key, body.id, { method: "PUT", body: update, headers: { "if-match": '"v2"' } });
    expect(saved.status).toBe(200);
    expect(saved.headers.get("etag")).toBe('"v3"');
    expect(await saved.json()).toMatchObject({ ...update, template: "custom", version: 3 });
    expect((await one(created.key, body.id, { method: "DELETE", headers: { "if-match": '"v2"' } })).status).toBe(412);
    expect((await one(created.key, body.id, { method: "DELETE", headers: { "if-match": '"v3"' } })).status).toBe(204);
    expect((await one(created.key, body.id)).status).toBe(404);

    const events = await withTenant({ orgId: ctx.org.id }, (tx) => tx.auditEvent.findMany({ where: { orgId: ctx.org.id, action: { startsWith: "reviews." }, actorType: "api_key" }, orderBy: { createdAt: "asc" } }));
    expect(events.map((e) => [e.action, e.actorId])).toEqual([["reviews.create", created.id], ["reviews.create", created.id], ["reviews.update", created.id], ["reviews.delete", created.id]]);
  });

  it("422 with field paths (a bad date, an unknown template, a line break in the title); unknown fields refused (template on replace, orgId, version); nothing saved", async () => {
    const { ctx } = await createOrg();
    const { key } = await keyFor(ctx);
    const bad = await create(key, { title: "a\nb", reviewedAt: "2026-02-30", template: "custom" });
    expect(bad.status).toBe(422);
    expect(bad.headers.get("content-type")).toBe("application/problem+json");
    expect(((await bad.json()).errors as { path: string }[]).map((e) => e.path).sort()).toEqual(["reviewedAt", "title"]);
    const template = await create(key, { title: "x", reviewedAt: "2026-11-02", template: "iso-27001" });
    expect(template.status).toBe(422);
    expect((await template.json()).errors).toEqual([{ path: "template", pointer: "/template", message: "Choose one of the checklists." }]);
    const unknown = await create(key, { ...input, orgId: "00000000-0000-4000-8000-000000000000", version: 7 });
    expect(unknown.status).toBe(422);
    expect(((await unknown.json()).errors as { path: string }[]).map((e) => e.path)).toEqual(["orgId", "version"]);
    expect(await reviewCount(ctx.org.id)).toBe(0);

    const made: Review = await (await create(key, input)).json();
    const replaceTemplate = await one(key, made.id, { method: "PUT", body: { title: "x", reviewedAt: "2026-11-02", template: "asvs-5-l2" }, headers: { "if-match": '"v1"' } });
    expect(replaceTemplate.status).toBe(422);
    expect((await replaceTemplate.json()).errors).toEqual([{ path: "template", pointer: "/template", message: 'Unknown field "template": it is not part of this resource.' }]);
    expect(await (await one(key, made.id)).json()).toMatchObject({ title: input.title, version: 1 });
  });

  it("another organisation's key gets 404 on every id and an empty list; a read-only key is 403 on every write; revoked and expired keys are 401", async () => {
    const a = await createOrg();
    const b = await createOrg();
    const keyA = (await keyFor(a.ctx)).key;
    const made: Review = await (await create(keyA, input)).json();
    const keyB = (await keyFor(b.ctx)).key;
    expect((await one(keyB, made.id)).status).toBe(404);
    expect((await one(keyB, made.id, { method: "PUT", body: { title: "Defaced", reviewedAt: "2026-11-02" }, headers: { "if-match": '"v1"' } })).status).toBe(404);
    expect((await one(keyB, made.id, { method: "DELETE", headers: { "if-match": '"v1"' } })).status).toBe(404);
    expect(await (await reviews.GET(apiRequest("/api/v1/reviews", { key: keyB }), noParams)).json()).toEqual({ data: [], total: 0, nextCursor: null });

    const reader = await keyFor(a.ctx, ["posture:read"]);
    expect((await one(reader.key, made.id)).status).toBe(200);
    expect((await create(reader.key, input)).status).toBe(403);
    expect((await one(reader.key, made.id, { method: "PUT", body: { title: "Defaced", reviewedAt: "2026-11-02" }, headers: { "if-match": '"v1"' } })).status).toBe(403);
    expect((await one(reader.key, made.id, { method: "DELETE", headers: { "if-match": '"v1"' } })).status).toBe(403);

    await revokeApiKey({ ctx: a.ctx, id: reader.id });
    const revoked = await one(reader.key, made.id);
    expect(revoked.status).toBe(401);
    expect(revoked.headers.get("www-authenticate")).toContain("Bearer");
    const expiring = await keyFor(a.ctx, ["posture:read", "posture:write"], { expiresInDays: 1 });
    await withTenant({ orgId: a.ctx.org.id }, (tx) => tx.$executeRaw`UPDATE "ApiKey" SET "expiresAt" = now() - interval '1 second' WHERE id = ${expiring.id}::uuid`);
    expect((await one(expiring.key, made.id, { method: "DELETE", headers: { "if-match": '"v1"' } })).status).toBe(401);
    expect(await (await one(keyA, made.id)).json()).toMatchObject({ title: input.title, version: 1 });
  });

  it("checklist rows: add one (201, Location, the review's ETag moves), answer it (the schema's rules: a remediated finding links to its fix, 422 at remediationUrl), the question stays (unknown field), remove it; B's key 404, read-only 403, revoked 401", async () => {
    const a = await createOrg();
    const writer = await keyFor(a.ctx);
    const made: Review = await (await create(writer.key, input)).json();
    const addRow = (key: string, id: string, body: unknown) => reviewRows.POST(apiRequest(`/api/v1/reviews/${id}/items`, { method: "POST", key, body }), params({ id }));
    const row = (key: string, id: string, init: { method: "PUT" | "DELETE"; body?: unknown }) => reviewRow[init.method](apiRequest(`/api/v1/review-items/${id}`, { key, ...init }), params({ id }));

    const added = await addRow(writer.key, made.id, { area: "Access <b>control</b>", ref: "AC-1", question: "Is MFA enforced for every admin?" });
    expect(added.status).toBe(201);
    expect(added.headers.get("etag")).toBe('"v2"');
    const withRow: Review = await added.json();
    const itemId = withRow.items[0]!.id;
    expect(added.headers.get("location")).toBe(`/api/v1/review-items/${itemId}`);
    expect(withRow.counts).toEqual({ PASS: 0, PARTIAL: 0, FAIL: 0, NOT_APPLICABLE: 0, unanswered: 1, total: 1 });
    expect(withRow.items[0]).toMatchObject({ area: "Access <b>control</b>", ref: "AC-1", question: "Is MFA enforced for every admin?", result: null, position: 1 });
    const noQuestion = await addRow(writer.key, made.id, { area: "X", position: 9 });
    expect(noQuestion.status).toBe(422);
    expect(((await noQuestion.json()).errors as { path: string }[]).map((e) => e.path).sort()).toEqual(["position", "question"]);

    const remediated = await row(writer.key, itemId, { method: "PUT", body: { result: "PARTIAL", finding: "Two service accounts lack MFA.", resolution: "REMEDIATED" } });
    expect(remediated.status).toBe(422);
    expect((await remediated.json()).errors).toEqual([{ path: "remediationUrl", pointer: "/remediationUrl", message: "A remediated finding links to its fix." }]);
    const question = await row(writer.key, itemId, { method: "PUT", body: { result: "PASS", question: "Rewritten?" } });
    expect(question.status).toBe(422);
    expect((await question.json()).errors).toEqual([{ path: "question", pointer: "/question", message: 'Unknown field "question": it is not part of this resource.' }]);
    const answered = await row(writer.key, itemId, { method: "PUT", body: { result: "PARTIAL", finding: "Two service accounts <script>x</script>.", resolution: "REMEDIATED", remediationUrl: "https://tracker.example.com/SEC-42" } });
    expect(answered.status).toBe(200);
    expect(answered.headers.get("etag")).toBe('"v3"');
    const after: Review = await answered.json();
    expect(after.counts).toEqual({ PASS: 0, PARTIAL: 1, FAIL: 0, NOT_APPLICABLE: 0, unanswered: 0, total: 1 });
    expect(after.items[0]).toMatchObject({ question: "Is MFA enforced for every admin?", result: "PARTIAL", finding: "Two service accounts <script>x</script>.", resolution: "REMEDIATED", remediationUrl: "https://tracker.example.com/SEC-42" });
    // The header's old ETag is stale now: a row's answer is the review's change.
    expect((await one(writer.key, made.id, { method: "PUT", body: { title: "x", reviewedAt: "2026-11-02" }, headers: { "if-match": '"v2"' } })).status).toBe(412);

    const keyB = (await keyFor((await createOrg()).ctx)).key;
    expect((await addRow(keyB, made.id, { area: "X", question: "Defaced?" })).status).toBe(404);
    expect((await row(keyB, itemId, { method: "PUT", body: { result: "FAIL" } })).status).toBe(404);
    expect((await row(keyB, itemId, { method: "DELETE" })).status).toBe(404);
    const reader = await keyFor(a.ctx, ["posture:read"]);
    expect((await addRow(reader.key, made.id, { area: "X", question: "Defaced?" })).status).toBe(403);
    expect((await row(reader.key, itemId, { method: "PUT", body: { result: "FAIL" } })).status).toBe(403);
    expect((await row(reader.key, itemId, { method: "DELETE" })).status).toBe(403);
    await revokeApiKey({ ctx: a.ctx, id: writer.id });
    expect((await row(writer.key, itemId, { method: "DELETE" })).status).toBe(401);
    expect(((await (await one((await keyFor(a.ctx, ["posture:read"])).key, made.id)).json()) as Review).items).toHaveLength(1);

    const remover = (await keyFor(a.ctx)).key;
    expect((await row(remover, itemId, { method: "DELETE" })).status).toBe(204);
    expect((await row(remover, itemId, { method: "DELETE" })).status).toBe(404);
    const actions = await withTenant({ orgId: a.ctx.org.id }, (tx) => tx.auditEvent.findMany({ where: { orgId: a.ctx.org.id, action: { startsWith: "reviews.item" } }, orderBy: { createdAt: "asc" } }));
    expect(actions.map((e) => [e.action, e.actorType])).toEqual([["reviews.item.add", "api_key"], ["reviews.item.update", "api_key"], ["reviews.item.remove", "api_key"]]);
  });
});
