import { describe, expect, it } from "vitest";
import * as framework from "@/app/api/v1/frameworks/[id]/route";
import * as frameworks from "@/app/api/v1/frameworks/route";
import { createOrg } from "../support/factories";
import { apiRequest, keyFor, params } from "../support/api";
import type { components } from "../support/api-v1";

type FrameworkInput = components["schemas"]["FrameworkInput"];
type Framework = components["schemas"]["Framework"];
const noParams = params({});
const soc2: FrameworkInput = { name: "SOC 2 Type II", status: "CERTIFIED", auditor: "Example LLP", periodStart: "2026-01-01", periodEnd: "2026-12-31", visibility: "NDA" };

describe("/api/v1/frameworks", () => {
  it("an inherited certification and one in progress come back as themselves: provider, target date, last audit (issue 15)", async () => {
    const a = await createOrg();
    const { key } = await keyFor(a.ctx);
    const inherited: FrameworkInput = { name: "SOC 2 Type II", status: "INHERITED", inheritedFrom: "AWS", lastAuditedAt: "2026-10-01", visibility: "PUBLIC" };
    const target: FrameworkInput = { name: "ISO 27001", status: "IN_PROGRESS", targetDate: "2027-09-30", visibility: "PUBLIC" };
    const first: Framework = await (await frameworks.POST(apiRequest("/api/v1/frameworks", { method: "POST", key, body: inherited }), noParams)).json();
    const second: Framework = await (await frameworks.POST(apiRequest("/api/v1/frameworks", { method: "POST", key, body: target }), noParams)).json();
    expect([first.status, first.inheritedFrom, first.lastAuditedAt, first.targetDate]).toEqual(["INHERITED", "AWS", "2026-10-01", null]);
    expect([second.status, second.inheritedFrom, second.targetDate]).toEqual(["IN_PROGRESS", null, "2027-09-30"]);
  });

  it("create (201, ETag), list by status, replace with If-Match (428 / 412 / 200), delete; another organisation's key gets 404 throughout", async () => {
    const a = await createOrg();
    const b = await createOrg();
    const { key } = await keyFor(a.ctx);
    const keyB = await keyFor(b.ctx);
    const created = await frameworks.POST(apiRequest("/api/v1/frameworks", { method: "POST", key, body: soc2 }), noParams);
    expect(created.status).toBe(201);
    expect(created.headers.get("etag")).toBe('"v1"');
    const body: Framework = await created.json();
    expect(body).toEqual({ id: expect.any(String), ...soc2, reportUrl: null, note: "", position: 1, version: 1, inheritedFrom: null, targetDate: null, lastAuditedAt: null });

    const list = await (await frameworks.GET(apiRequest("/api/v1/frameworks?status=CERTIFIED", { key }), noParams)).json();
    expect(list).toEqual({ data: [body], total: 1, nextCursor: null });
    expect(await (await frameworks.GET(apiRequest("/api/v1/frameworks", { key: keyB.key }), noParams)).json()).toEqual({ data: [], total: 0, nextCursor: null });

    const one = (k: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) => {
      const handler = { GET: framework.GET, PUT: framework.PUT, DELETE: framework.DELETE }[(init.method ?? "GET") as "GET" | "PUT" | "DELETE"];
      return handler(apiRequest(`/api/v1/frameworks/${body.id}`, { key: k, ...init }), params({ id: body.id }));
    };
    expect((await one(keyB.key)).status).toBe(404);
    expect((await one(keyB.key, { method: "PUT", body: soc2, headers: { "if-match": '"v1"' } })).status).toBe(404);
    expect((await one(key, { method: "PUT", body: { ...soc2, name: "ISO 27001" } })).status).toBe(428);
    const bad = await one(key, { method: "PUT", body: { ...soc2, periodEnd: "2025-01-01", orgId: "x" }, headers: { "if-match": '"v1"' } });
    expect(bad.status).toBe(422);
    expect((await bad.json()).errors.map((e: { path: string }) => e.path).sort()).toEqual(["orgId", "periodEnd"]);
    const saved = await one(key, { method: "PUT", body: { ...soc2, name: "ISO 27001" }, headers: { "if-match": '"v1"' } });
    expect(saved.status).toBe(200);
    expect(saved.headers.get("etag")).toBe('"v2"');
    expect((await one(key, { method: "PUT", body: soc2, headers: { "if-match": '"v1"' } })).status).toBe(412);
    expect((await one(keyB.key, { method: "DELETE", headers: { "if-match": '"v2"' } })).status).toBe(404);
    expect((await one(key, { method: "DELETE", headers: { "if-match": '"v2"' } })).status).toBe(204);
    expect((await one(key)).status).toBe(404);
  });

  it("a period that ends before it starts is a 422 at periodEnd", async () => {
    const { ctx } = await createOrg();
    const { key } = await keyFor(ctx);
    const response = await frameworks.POST(apiRequest("/api/v1/frameworks", { method: "POST", key, body: { ...soc2, periodEnd: "2025-12-31" } }), noParams);
    expect(response.status).toBe(422);
    expect((await response.json()).errors).toEqual([{ path: "periodEnd", pointer: "/periodEnd", message: "The period ends before it starts." }]);
  });
});
