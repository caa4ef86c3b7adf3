import { describe, expect, it } from "vitest";
import * as faq from "@/app/api/v1/faqs/[id]/route";
import * as faqs from "@/app/api/v1/faqs/route";
import * as section from "@/app/api/v1/sections/[id]/route";
import * as sections from "@/app/api/v1/sections/route";
import * as subprocessor from "@/app/api/v1/subprocessors/[id]/route";
import * as subprocessors from "@/app/api/v1/subprocessors/route";
import * as update from "@/app/api/v1/updates/[id]/route";
import * as updates from "@/app/api/v1/updates/route";
import { revokeApiKey } from "@/modules/apikeys/server/keys";
import { withTenant } from "@/server/db/tenant";
import { createOrg } from "../support/factories";
import { apiRequest, keyFor, params } from "../support/api";
import type { components } from "../support/api-v1";

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
type Item = { GET: Handler; PUT: Handler; DELETE?: Handler };
const noParams = params({});
const SCRIPT = '<script>alert("x")</script>';

type Case = { path: string; list: { GET: Handler; POST: Handler }; item: Item; input: Record<string, unknown>; edit: Record<string, unknown>; expected: Record<string, unknown>; filter: string };
const faqIn: components["schemas"]["FaqInput"] = { question: `Do you encrypt? ${SCRIPT}`, answer: "Yes, AES-256.", visibility: "PUBLIC" };
const sectionIn: components["schemas"]["SectionInput"] = { title: "What we don't do", body: `We do not sell data. ${SCRIPT}`, visibility: "NDA" };
const updateIn: components["schemas"]["UpdateInput"] = { title: `SOC 2 report ${SCRIPT}`, body: "Ask for it.", category: "COMPLIANCE", publishedAt: "2026-11-02", visibility: "PUBLIC" };
const subIn: components["schemas"]["SubprocessorInput"] = { vendor: `Postmark ${SCRIPT}`, website: "https://postmarkapp.com", purpose: "Transactional email", dataCategories: "Recipient email", dataRetention: "30 days after the contract ends", location: "US", transferMechanism: "EU SCCs", status: "ACTIVE", visibility: "PUBLIC" };

const CASES: Case[] = [
  { path: "faqs", list: faqs as never, item: faq as never, input: faqIn, edit: { question: "Edited?" }, expected: { ...faqIn, position: 1, version: 1 }, filter: "" },
  { path: "sections", list: sections as never, item: section as never, input: sectionIn, edit: { title: "Edited" }, expected: { ...sectionIn, position: 1, version: 1 }, filter: "" },
  { path: "updates", list: updates as never, item: update as never, input: updateIn, edit: { title: "Edited" }, expected: { ...updateIn, version: 1 }, filter: "?category=COMPLIANCE" },
  {
    path: "subprocessors", list: subprocessors as never, item: subprocessor as never, input: subIn, edit: { purpose: "Email" },
    expected: { ...subIn, parentId: null, since: null, effectiveDate: null, removedAt: null, position: 1, version: 1 }, filter: "?status=ACTIVE",
  },
];

describe.each(CASES)("/api/v1/$path", ({ path, list, item, input, edit, expected, filter }) => {
  it("create (201, ETag, Location; text kept as text), list with its filter, get, replace with If-Match (428 / 412 / 200); another organisation's key gets 404 and an empty list", async () => {
    const a = await createOrg();
    const b = await createOrg();
    const { key } = await keyFor(a.ctx);
    const keyB = (await keyFor(b.ctx)).key;
    const created = await list.POST(apiRequest(`/api/v1/${path}`, { method: "POST", key, body: input }), noParams);
    expect(created.status).toBe(201);
    expect(created.headers.get("etag")).toBe('"v1"');
    const body = await created.json();
    expect(body).toEqual({ id: expect.any(String), ...expected });
    expect(created.headers.get("location")).toBe(`/api/v1/${path}/${body.id}`);

    expect(await (await list.GET(apiRequest(`/api/v1/${path}${filter}`, { key }), noParams)).json()).toEqual({ data: [body], total: 1, nextCursor: null });
    expect(await (await list.GET(apiRequest(`/api/v1/${path}`, { key: keyB }), noParams)).json()).toEqual({ data: [], total: 0, nextCursor: null });

    const one = (k: string, init: { method?: "GET" | "PUT" | "DELETE"; body?: unknown; headers?: Record<string, string> } = {}) =>
      item[init.method ?? "GET"]!(apiRequest(`/api/v1/${path}/${body.id}`, { key: k, ...init }), params({ id: body.id }));
    expect(await (await one(key)).json()).toEqual(body);
    expect((await one(keyB)).status).toBe(404);
    expect((await one(keyB, { method: "PUT", body: input, headers: { "if-match": '"v1"' } })).status).toBe(404);
    expect((await one(key, { method: "PUT", body: { ...input, ...edit } })).status).toBe(428);
    const unknown = await one(key, { method: "PUT", body: { ...input, orgId: b.ctx.org.id, position: 9 }, headers: { "if-match": '"v1"' } });
    expect(unknown.status).toBe(422);
    expect((await unknown.json()).errors.map((e: { path: string }) => e.path)).toEqual(["orgId", "position"]);
    const saved = await one(key, { method: "PUT", body: { ...input, ...edit }, headers: { "if-match": '"v1"' } });
    expect(saved.status).toBe(200);
    expect(saved.headers.get("etag")).toBe('"v2"');
    expect(await saved.json()).toEqual({ id: body.id, ...expected, ...edit, version: 2 });
    expect((await one(key, { method: "PUT", body: input, headers: { "if-match": '"v1"' } })).status).toBe(412);
    if (item.DELETE) {
      expect((await one(keyB, { method: "DELETE", headers: { "if-match": '"v2"' } })).status).toBe(404);
      expect((await one(key, { method: "DELETE", headers: { "if-match": '"v1"' } })).status).toBe(412);
      expect((await one(key, { method: "DELETE", headers: { "if-match": '"v2"' } })).status).toBe(204);
      expect((await one(key)).status).toBe(404);
    } else {
      expect(path).toBe("subprocessors");
    }
  });

  it("a read-only key is 403 on every write and nothing is written; a revoked key is 401; a retried POST with the same Idempotency-Key creates once", async () => {
    const { ctx } = await createOrg();
    const reader = await keyFor(ctx, ["posture:read"]);
    const writer = await keyFor(ctx);
    const post = (k: string, headers: Record<string, string> = {}) => list.POST(apiRequest(`/api/v1/${path}`, { method: "POST", key: k, body: input, headers }), noParams);
    const refused = await post(reader.key);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ code: "forbidden", detail: expect.stringContaining('"posture:write" scope') });
    const first = await post(writer.key, { "idempotency-key": "sync-1" });
    const again = await post(writer.key, { "idempotency-key": "sync-1" });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    const { id } = await first.json();
    expect((await again.json()).id).toBe(id);
    const one = (k: string, method: "PUT" | "DELETE") => item[method]!(apiRequest(`/api/v1/${path}/${id}`, { method, key: k, body: method === "PUT" ? input : undefined, headers: { "if-match": '"v1"' } }), params({ id }));
    expect((await one(reader.key, "PUT")).status).toBe(403);
    if (item.DELETE) expect((await one(reader.key, "DELETE")).status).toBe(403);
    const page = await (await list.GET(apiRequest(`/api/v1/${path}`, { key: reader.key }), noParams)).json();
    expect(page.total).toBe(1);
    expect(page.data[0].version).toBe(1);
    await revokeApiKey({ ctx, id: writer.id });
    const revoked = await list.GET(apiRequest(`/api/v1/${path}`, { key: writer.key }), noParams);
    expect(revoked.status).toBe(401);
    expect(revoked.headers.get("www-authenticate")).toContain("Bearer");
  });
});

describe("/api/v1 content: each kind's own rules", () => {
  it("the filters are strict (a wrong value is 422), a forged cursor is 400, and paging walks every row once", async () => {
    const { ctx } = await createOrg();
    const { key } = await keyFor(ctx);
    for (const question of ["One?", "Two?", "Three?"]) expect((await faqs.POST(apiRequest("/api/v1/faqs", { method: "POST", key, body: { question, answer: "Yes." } }), noParams)).status).toBe(201);
    const first = await (await faqs.GET(apiRequest("/api/v1/faqs?limit=2", { key }), noParams)).json();
    expect(first.data.map((f: { question: string }) => f.question)).toEqual(["One?", "Two?"]);
    const second = await (await faqs.GET(apiRequest(`/api/v1/faqs?limit=2&cursor=${first.nextCursor}`, { key }), noParams)).json();
    expect(second).toMatchObject({ data: [{ question: "Three?" }], total: 3, nextCursor: null });
    expect((await faqs.GET(apiRequest("/api/v1/faqs?cursor=forged", { key }), noParams)).status).toBe(400);
    expect((await updates.GET(apiRequest("/api/v1/updates?category=GOSSIP", { key }), noParams)).status).toBe(422);
    expect((await subprocessors.GET(apiRequest("/api/v1/subprocessors?status=GONE", { key }), noParams)).status).toBe(422);
    expect((await faqs.GET(apiRequest("/api/v1/faqs?status=ACTIVE", { key }), noParams)).status).toBe(422);
  });

  it("a planned subprocessor needs its date (422 at effectiveDate); removal is a dated PUT; the change is audited as the key", async () => {
    const { ctx } = await createOrg();
    const created = await keyFor(ctx);
    const planned = await subprocessors.POST(apiRequest("/api/v1/subprocessors", { method: "POST", key: created.key, body: { ...subIn, status: "PLANNED" } }), noParams);
    expect(planned.status).toBe(422);
    expect((await planned.json()).errors).toEqual([{ path: "effectiveDate", pointer: "/effectiveDate", message: "A planned subprocessor needs the date it takes effect." }]);
    const made = await (await subprocessors.POST(apiRequest("/api/v1/subprocessors", { method: "POST", key: created.key, body: subIn }), noParams)).json();
    const removedWithoutDate = await subprocessor.PUT(apiRequest(`/api/v1/subprocessors/${made.id}`, { method: "PUT", key: created.key, body: { ...subIn, status: "REMOVED" }, headers: { "if-match": '"v1"' } }), params({ id: made.id }));
    expect(removedWithoutDate.status).toBe(422);
    const removed = await subprocessor.PUT(apiRequest(`/api/v1/subprocessors/${made.id}`, { method: "PUT", key: created.key, body: { ...subIn, status: "REMOVED", removedAt: "2026-11-30" }, headers: { "if-match": '"v1"' } }), params({ id: made.id }));
    expect(removed.status).toBe(200);
    expect(await removed.json()).toMatchObject({ status: "REMOVED", removedAt: "2026-11-30", version: 2 });
    const events = await withTenant({ orgId: ctx.org.id }, (tx) => tx.auditEvent.findMany({ where: { orgId: ctx.org.id, action: { startsWith: "subprocessors." } }, orderBy: { createdAt: "asc" } }));
    expect(events.map((e) => [e.action, e.actorType, e.actorId])).toEqual([["subprocessors.create", "api_key", created.id], ["subprocessors.update", "api_key", created.id]]);
  });
});
