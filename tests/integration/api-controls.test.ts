import { describe, expect, it } from "vitest";
import * as controls from "@/app/api/v1/controls/route";
import * as control from "@/app/api/v1/controls/[id]/route";
import * as controlEvidence from "@/app/api/v1/controls/[id]/evidence/route";
import * as evidenceItem from "@/app/api/v1/evidence/[id]/route";
import { getControl } from "@/modules/controls/server/controls";
import { db } from "@/server/db/client";
import { withTenant } from "@/server/db/tenant";
import { XSS_PAYLOADS } from "../support/xss-payloads";
import { createOrg } from "../support/factories";
import { apiRequest, keyFor, params } from "../support/api";
import type { components, operations } from "../support/api-v1";

// The types come from the OpenAPI document (npm run api:types): a field renamed in the schemas
// and not in the spec, or the other way round, fails the typecheck of these tests.
type ControlInput = components["schemas"]["ControlInput"];
type Control = components["schemas"]["Control"];
type ControlPage = operations["listControls"]["responses"]["200"]["content"]["application/json"];
type Problem = components["schemas"]["Problem"];

const noParams = params({});
const base = { area: "Access control", status: "IMPLEMENTED", description: "", reviewCadenceDays: 365 } satisfies Partial<ControlInput>;

async function post(key: string, body: unknown, headers: Record<string, string> = {}) {
  return controls.POST(apiRequest("/api/v1/controls", { method: "POST", key, body, headers }), noParams);
}

describe("/api/v1/controls", () => {
  it("create → 201 with ETag and Location; get → the same control; the response carries only documented fields", async () => {
    const { ctx } = await createOrg();
    const { key } = await keyFor(ctx);
    const input: ControlInput = { ...base, ref: "AC-01", title: "SSO", evidence: [{ label: "Config", kind: "CONFIG", target: "infra/sso.tf" }] };
    const created = await post(key, input);
    expect(created.status).toBe(201);
    const body: Control = await created.json();
    expect(created.headers.get("etag")).toBe('"v1"');
    expect(created.headers.get("location")).toBe(`/api/v1/controls/${body.id}`);
    expect(Object.keys(body).sort()).toEqual(["area", "createdAt", "description", "evidence", "icon", "id", "lastReviewedAt", "ownerEmail", "ref", "reviewCadenceDays", "status", "title", "version", "visibility"]);
    expect(body.icon).toBeNull();
    expect(body).toMatchObject({ ref: "AC-01", title: "SSO", status: "IMPLEMENTED", visibility: "PUBLIC", version: 1, area: { name: "Access control" } });
    expect(body.evidence).toEqual([{ id: expect.any(String), label: "Config", kind: "CONFIG", target: "infra/sso.tf", visibility: "PUBLIC", position: 1 }]);
    expect(JSON.stringify(body)).not.toContain("orgId");

    const fetched = await control.GET(apiRequest(`/api/v1/controls/${body.id}`, { key }), params({ id: body.id }));
    expect(fetched.status).toBe(200);
    expect(await fetched.json()).toEqual(body);
  });

  it("lists with the dashboard's filters and an opaque cursor (limit ≤ 100); bad parameters are 422 with their names, a forged cursor 400", async () => {
    const { ctx } = await createOrg();
    const { key } = await keyFor(ctx);
    for (const [i, status] of ["IMPLEMENTED", "PLANNED", "IMPLEMENTED", "IMPLEMENTED", "PLANNED"].entries()) {
      expect((await post(key, { ...base, ref: `AC-0${i + 1}`, title: `Control ${i + 1}`, status })).status).toBe(201);
    }
    const list = async (query: string) => controls.GET(apiRequest(`/api/v1/controls${query}`, { key }), noParams);
    const first: ControlPage = await (await list("?status=IMPLEMENTED&limit=2&sort=ref")).json();
    expect(first.data.map((c) => c.ref)).toEqual(["AC-01", "AC-03"]);
    expect(first.total).toBe(3);
    const second = await (await list(`?status=IMPLEMENTED&limit=2&sort=ref&cursor=${first.nextCursor}`)).json();
    expect(second.data.map((c: { ref: string }) => c.ref)).toEqual(["AC-04"]);
    expect(second.nextCursor).toBeNull();
    expect((await (await list("?q=Control%205")).json()).data.map((c: { ref: string }) => c.ref)).toEqual(["AC-05"]);

    const tooMany = await list("?limit=101");
    expect(tooMany.status).toBe(422);
    expect(await tooMany.json()).toMatchObject({ code: "validation", errors: [{ path: "limit", pointer: "/limit", message: "limit: at most 100." }] });
    const unknown = await list("?colour=red");
    expect(unknown.status).toBe(422);
    expect(await unknown.json()).toMatchObject({ errors: [{ path: "colour", message: 'Unknown field "colour": it is not part of this resource.' }] });
    expect((await list("?status=DONE")).status).toBe(422);
    expect((await list("?q=%00")).status).toBe(422);
    const forged = await list("?cursor=bm90LWpzb24");
    expect(forged.status).toBe(400);
    expect(forged.headers.get("content-type")).toBe("application/problem+json");
  });

  it("PUT needs If-Match: missing 428, stale 412 (nothing changed), current 200 with the next ETag; DELETE likewise", async () => {
    const { ctx } = await createOrg();
    const { key } = await keyFor(ctx);
    const { id } = await (await post(key, { ...base, ref: "AC-01", title: "Original" })).json();
    const put = (headers: Record<string, string>, title: string) =>
      control.PUT(apiRequest(`/api/v1/controls/${id}`, { method: "PUT", key, body: { ...base, ref: "AC-01", title }, headers }), params({ id }));

    const missing = await put({}, "Blind");
    expect(missing.status).toBe(428);
    expect(await missing.json()).toMatchObject({ type: "urn:candor:problem:precondition-required", status: 428 });
    const first = await put({ "if-match": '"v1"' }, "First");
    expect(first.status).toBe(200);
    expect(first.headers.get("etag")).toBe('"v2"');
    const stale = await put({ "if-match": '"v1"' }, "Stale");
    expect(stale.status).toBe(412);
    expect(await stale.json()).toMatchObject({ code: "precondition_failed", status: 412 });
    expect((await getControl({ ctx, id })).title).toBe("First");

    const del = (headers: Record<string, string>) => control.DELETE(apiRequest(`/api/v1/controls/${id}`, { method: "DELETE", key, headers }), params({ id }));
    expect((await del({})).status).toBe(428);
    expect((await del({ "if-match": '"v1"' })).status).toBe(412);
    expect((await del({ "if-match": "garbage" })).status).toBe(412);
    expect((await del({ "if-match": '"v2"' })).status).toBe(204);
    expect((await control.GET(apiRequest(`/api/v1/controls/${id}`, { key }), params({ id }))).status).toBe(404);
  });

  it("unknown fields are refused with their paths (no mass assignment), invalid values with theirs; malformed JSON is 400, another content type 415, nothing stored", async () => {
    const { ctx } = await createOrg();
    const { key } = await keyFor(ctx);
    const extra = await post(key, { ...base, ref: "AC-01", title: "x", orgId: "00000000-0000-0000-0000-000000000000", version: 99, evidence: [{ label: "a", kind: "URL", target: "https://x.example", id: "y" }] });
    expect(extra.status).toBe(422);
    const problem: Problem = await extra.json();
    expect(problem.errors?.map((e) => e.path).sort()).toEqual(["evidence.0.id", "orgId", "version"]);
    expect(problem.errors?.find((e) => e.path === "evidence.0.id")?.pointer).toBe("/evidence/0/id");

    const invalid = await post(key, { ...base, ref: "A C", title: "", evidence: [{ label: "a", kind: "URL", target: "javascript:alert(1)" }] });
    expect(invalid.status).toBe(422);
    expect((await invalid.json()).errors.map((e: { path: string }) => e.path).sort()).toEqual(["evidence.0.target", "ref", "title"]);

    expect((await post(key, "{not json")).status).toBe(400);
    expect((await post(key, "[1,2]")).status).toBe(400);
    expect((await post(key, "ref=AC-01", { "content-type": "application/x-www-form-urlencoded" })).status).toBe(415);
    expect((await post(key, JSON.stringify({ ...base, ref: "AC-01", title: "x".repeat(1024 * 1024) }))).status).toBe(413);
    const count = await withTenant({ orgId: ctx.org.id }, (tx) => tx.control.count({ where: { orgId: ctx.org.id } }));
    expect(count).toBe(0);
  });

  it("Idempotency-Key: a retry replays the first response (one control stored), another body under the same key is 422", async () => {
    const { ctx } = await createOrg();
    const { key } = await keyFor(ctx);
    const body = { ...base, ref: "AC-01", title: "Once" };
    const first = await post(key, body, { "idempotency-key": "sync-42" });
    const retry = await post(key, body, { "idempotency-key": "sync-42" });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(retry.headers.get("etag")).toBe('"v1"');
    expect(await retry.json()).toEqual(await first.json());
    expect(await withTenant({ orgId: ctx.org.id }, (tx) => tx.control.count({ where: { orgId: ctx.org.id } }))).toBe(1);
    const other = await post(key, { ...body, title: "Different" }, { "idempotency-key": "sync-42" });
    expect(other.status).toBe(422);
    // Without the key, the same body is a new request: a conflict on the reference, not a replay.
    expect((await post(key, body)).status).toBe(409);
  });

  it("org B's key on org A's control ids answers 404 for read, write and delete, and A's control is unchanged", async () => {
    const a = await createOrg();
    const b = await createOrg();
    const keyA = await keyFor(a.ctx);
    const keyB = await keyFor(b.ctx);
    const { id } = await (await post(keyA.key, { ...base, ref: "AC-01", title: "A's" })).json();
    const asB = { key: keyB.key, headers: { "if-match": '"v1"' } };
    expect((await control.GET(apiRequest(`/api/v1/controls/${id}`, asB), params({ id }))).status).toBe(404);
    expect((await control.PUT(apiRequest(`/api/v1/controls/${id}`, { ...asB, method: "PUT", body: { ...base, ref: "AC-01", title: "B's" } }), params({ id }))).status).toBe(404);
    expect((await control.DELETE(apiRequest(`/api/v1/controls/${id}`, { ...asB, method: "DELETE" }), params({ id }))).status).toBe(404);
    expect((await control.GET(apiRequest(`/api/v1/controls/not-a-uuid`, asB), params({ id: "not-a-uuid" }))).status).toBe(404);
    const listB = await (await controls.GET(apiRequest("/api/v1/controls", { key: keyB.key }), noParams)).json();
    expect(listB).toEqual({ data: [], total: 0, nextCursor: null });
    expect((await getControl({ ctx: a.ctx, id })).title).toBe("A's");
  });

  it("a read-only key's every write is 403 and stores nothing", async () => {
    const { ctx } = await createOrg();
    const writer = await keyFor(ctx);
    const reader = await keyFor(ctx, ["posture:read"]);
    const { id } = await (await post(writer.key, { ...base, ref: "AC-01", title: "Kept" })).json();
    const opts = { key: reader.key, headers: { "if-match": '"v1"' } };
    expect((await post(reader.key, { ...base, ref: "AC-02", title: "New" })).status).toBe(403);
    expect((await control.PUT(apiRequest(`/api/v1/controls/${id}`, { ...opts, method: "PUT", body: { ...base, ref: "AC-01", title: "Changed" } }), params({ id }))).status).toBe(403);
    expect((await control.DELETE(apiRequest(`/api/v1/controls/${id}`, { ...opts, method: "DELETE" }), params({ id }))).status).toBe(403);
    expect((await getControl({ ctx, id })).title).toBe("Kept");
  });

  it("rate limits per key: RateLimit-Policy and RateLimit on answers, 429 with Retry-After past the limit, other keys unaffected", async () => {
    const { ctx } = await createOrg();
    const limited = await keyFor(ctx, ["posture:read"]);
    const other = await keyFor(ctx, ["posture:read"]);
    const ok = await controls.GET(apiRequest("/api/v1/controls", { key: limited.key }), noParams);
    expect(ok.headers.get("ratelimit-policy")).toBe('"per-key";q=600;w=60');
    expect(ok.headers.get("ratelimit")).toMatch(/^"per-key";r=599;t=\d+$/);
    await db.$executeRaw`UPDATE rate_limits SET points = 600 WHERE key = ${`api.key:${limited.id}`}`;
    const refused = await controls.GET(apiRequest("/api/v1/controls", { key: limited.key }), noParams);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(refused.headers.get("ratelimit")).toBeNull();
    expect(await refused.json()).toMatchObject({ type: "urn:candor:problem:rate-limited", status: 429 });
    expect((await controls.GET(apiRequest("/api/v1/controls", { key: other.key }), noParams)).status).toBe(200);
  });

  it("HTML and script in every text field are stored and returned as text, byte for byte", async () => {
    const { ctx } = await createOrg();
    const { key } = await keyFor(ctx);
    for (const [i, payload] of XSS_PAYLOADS.slice(0, 5).entries()) {
      const title = payload.replace(/[\r\n\t]/g, " ").trim().slice(0, 200);
      const response = await post(key, { ...base, ref: `X-${i}`, area: title.slice(0, 80), title, description: payload, evidence: [{ label: title, kind: "DOCUMENT", target: "docs/policy.pdf" }] });
      expect(response.status).toBe(201);
      expect(response.headers.get("content-type")).toBe("application/json");
      const body = await response.json();
      expect(body.title).toBe(title);
      expect(body.area.name).toBe(title.slice(0, 80).trim());
      expect(body.evidence[0].label).toBe(title);
    }
  });

  it("evidence: added one at a time (201, the control's version unchanged), removed (204); another organisation's key reaches neither", async () => {
    const a = await createOrg();
    const b = await createOrg();
    const { key } = await keyFor(a.ctx);
    const keyB = await keyFor(b.ctx);
    const { id } = await (await post(key, { ...base, ref: "AC-01", title: "SSO" })).json();
    const add = (k: string, body: unknown) => controlEvidence.POST(apiRequest(`/api/v1/controls/${id}/evidence`, { method: "POST", key: k, body }), params({ id }));
    const item: components["schemas"]["EvidenceInput"] = { label: "Terraform", kind: "CONFIG", target: "infra/sso.tf" };
    expect((await add(keyB.key, item)).status).toBe(404);
    const added = await add(key, item);
    expect(added.status).toBe(201);
    const evidence: components["schemas"]["Evidence"] = await added.json();
    expect(evidence).toEqual({ id: expect.any(String), ...item, visibility: "PUBLIC", position: 1 });
    expect((await add(key, { ...item, target: "javascript:alert(1)" })).status).toBe(422);
    expect((await getControl({ ctx: a.ctx, id })).version).toBe(1);
    const remove = (k: string) => evidenceItem.DELETE(apiRequest(`/api/v1/evidence/${evidence.id}`, { method: "DELETE", key: k }), params({ id: evidence.id }));
    expect((await remove(keyB.key)).status).toBe(404);
    expect((await getControl({ ctx: a.ctx, id })).evidence).toHaveLength(1);
    expect((await remove(key)).status).toBe(204);
    expect((await getControl({ ctx: a.ctx, id })).evidence).toHaveLength(0);
  });
});
