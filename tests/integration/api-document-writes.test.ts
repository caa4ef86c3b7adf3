import { createHash } from "node:crypto";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import * as documentFile from "@/app/api/v1/documents/[id]/versions/[number]/file/route";
import * as document from "@/app/api/v1/documents/[id]/route";
import * as versions from "@/app/api/v1/documents/[id]/versions/route";
import { revokeApiKey } from "@/modules/apikeys/server/keys";
import { createDocument } from "@/modules/documents/server/documents";
import { withTenant } from "@/server/db/tenant";
import { createOrg } from "../support/factories";
import { fromClient } from "../support/requests";
import { apiRequest, keyFor, params } from "../support/api";
import type { components } from "../support/api-v1";

type Document = components["schemas"]["Document"];
type DocumentInput = components["schemas"]["DocumentInput"];
type VersionPage = components["schemas"]["DocumentVersionPage"];
const pdfText = (n: number) => `%PDF-1.4\n% version ${n}\n%%EOF\n`;
const sha = (text: string) => createHash("sha256").update(text).digest("hex");

const one = (key: string, id: string, init: { method?: "GET" | "PUT" | "DELETE"; body?: unknown; headers?: Record<string, string> } = {}) =>
  document[init.method ?? "GET"](apiRequest(`/api/v1/documents/${id}`, { key, ...init }), params({ id }));
const listVersions = (key: string, id: string, query = "") => versions.GET(apiRequest(`/api/v1/documents/${id}/versions${query}`, { key }), params({ id }));

function upload(key: string, id: string, fields: Record<string, string>, file: { name: string; text: string } | null, headers: Record<string, string> = {}) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  if (file) form.append("file", new File([file.text], file.name, { type: "application/octet-stream" }));
  const request = new NextRequest(new URL(`/api/v1/documents/${id}/versions`, "http://localhost:3000"), { method: "POST", headers: { ...fromClient("198.51.100.20"), authorization: `Bearer ${key}`, ...headers }, body: form });
  return versions.POST(request, params({ id }));
}

async function world() {
  const { ctx } = await createOrg();
  const created = await keyFor(ctx);
  const doc = await createDocument({ ctx, input: { title: "Pen test", description: "", category: "Audit", visibility: "NDA", label: "2025" }, file: { name: "pentest.pdf", bytes: new TextEncoder().encode(pdfText(1)) } });
  return { ctx, created, id: doc.id };
}

describe("/api/v1/documents/{id}: update, delete, versions", () => {
  it("a new version by multipart (201, newest first, the ETag moves, Location is its file; replayed by Idempotency-Key), listed by cursor and downloadable; the first stays; audited as the key", async () => {
    const { ctx, created, id } = await world();
    const response = await upload(created.key, id, { label: "2026 <script>alert(1)</script>", effectiveDate: "2026-11-02" }, { name: "pentest-2026.pdf", text: pdfText(2) }, { "idempotency-key": "v2" });
    expect(response.status).toBe(201);
    expect(response.headers.get("etag")).toBe('"v2"');
    expect(response.headers.get("location")).toBe(`/api/v1/documents/${id}/versions/2/file`);
    const body: Document = await response.json();
    expect(body.versions.map((v) => [v.number, v.label, v.effectiveDate, v.sha256])).toEqual([[2, "2026 <script>alert(1)</script>", "2026-11-02", sha(pdfText(2))], [1, "2025", null, sha(pdfText(1))]]);
    const replay = await upload(created.key, id, { label: "2026 <script>alert(1)</script>", effectiveDate: "2026-11-02" }, { name: "pentest-2026.pdf", text: pdfText(2) }, { "idempotency-key": "v2" });
    expect(replay.headers.get("idempotent-replayed")).toBe("true");

    const page: VersionPage = await (await listVersions(created.key, id, "?limit=1")).json();
    expect(page).toMatchObject({ total: 2, nextCursor: expect.any(String), data: [{ number: 2, fileName: "pentest-2026.pdf", mimeType: "application/pdf", size: pdfText(2).length }] });
    const rest: VersionPage = await (await listVersions(created.key, id, `?limit=1&cursor=${page.nextCursor}`)).json();
    expect(rest).toMatchObject({ total: 2, nextCursor: null, data: [{ number: 1 }] });
    for (const [number, text] of [["1", pdfText(1)], ["2", pdfText(2)]] as const) {
      const file = await documentFile.GET(apiRequest(`/api/v1/documents/${id}/versions/${number}/file`, { key: created.key }), params({ id, number }));
      expect(await file.text()).toBe(text);
    }
    const events = await withTenant({ orgId: ctx.org.id }, (tx) => tx.auditEvent.findMany({ where: { orgId: ctx.org.id, action: "documents.version.add" } }));
    expect(events.map((e) => [e.actorType, e.actorId])).toEqual([["api_key", created.id]]);
  });

  it("update the fields with If-Match (428 / 412 after a new version / 200), HTML kept as text; 422 with field paths and unknown fields; delete with If-Match (412 / 204), then 404 everywhere", async () => {
    const { ctx, created, id } = await world();
    const update: DocumentInput = { title: "Pen test <script>alert(1)</script>", description: "**Under NDA**", category: "Audit", visibility: "PUBLIC" };
    expect((await one(created.key, id, { method: "PUT", body: update })).status).toBe(428);
    expect((await upload(created.key, id, { label: "2026" }, { name: "p.pdf", text: pdfText(2) })).status).toBe(201);
    expect((await one(created.key, id, { method: "PUT", body: update, headers: { "if-match": '"v1"' } })).status).toBe(412);
    const saved = await one(created.key, id, { method: "PUT", body: update, headers: { "if-match": '"v2"' } });
    expect(saved.status).toBe(200);
    expect(saved.headers.get("etag")).toBe('"v3"');
    expect(await saved.json()).toMatchObject({ ...update, version: 3 });

    const invalid = await one(created.key, id, { method: "PUT", body: { title: "", visibility: "SECRET" }, headers: { "if-match": '"v3"' } });
    expect(invalid.status).toBe(422);
    expect(((await invalid.json()).errors as { path: string }[]).map((e) => e.path).sort()).toEqual(["title", "visibility"]);
    const unknown = await one(created.key, id, { method: "PUT", body: { ...update, storageKey: "../x", version: 9 }, headers: { "if-match": '"v3"' } });
    expect(unknown.status).toBe(422);
    expect(((await unknown.json()).errors as { path: string }[]).map((e) => e.path)).toEqual(["storageKey", "version"]);
    const badUpload = await upload(created.key, id, { label: "x", title: "Renamed" }, { name: "p.pdf", text: pdfText(3) });
    expect(badUpload.status).toBe(422);
    expect(((await badUpload.json()).errors as { path: string }[]).map((e) => e.path)).toEqual(["title"]);
    const html = await upload(created.key, id, { label: "x" }, { name: "p.pdf", text: "<html><script>alert(1)</script></html>" });
    expect(html.status).toBe(422);
    expect(((await html.json()).errors as { path: string }[]).map((e) => e.path)).toEqual(["file"]);
    expect((await listVersions(created.key, id, "?limit=500")).status).toBe(422);

    expect((await one(created.key, id, { method: "DELETE" })).status).toBe(428);
    expect((await one(created.key, id, { method: "DELETE", headers: { "if-match": '"v2"' } })).status).toBe(412);
    expect((await one(created.key, id, { method: "DELETE", headers: { "if-match": '"v3"' } })).status).toBe(204);
    expect((await one(created.key, id)).status).toBe(404);
    expect((await listVersions(created.key, id)).status).toBe(404);
    expect((await upload(created.key, id, { label: "x" }, { name: "p.pdf", text: pdfText(4) })).status).toBe(404);
    const actions = await withTenant({ orgId: ctx.org.id }, (tx) => tx.auditEvent.findMany({ where: { orgId: ctx.org.id, actorType: "api_key" }, orderBy: { createdAt: "asc" } }));
    expect(actions.map((e) => e.action)).toEqual(["documents.version.add", "documents.update", "documents.delete"]);
  });

  it("another organisation's key gets 404 on every operation; a read-only key is 403 on every write; revoked and expired keys are 401; nothing changes", async () => {
    const { ctx, id } = await world();
    const keyB = (await keyFor((await createOrg()).ctx)).key;
    expect((await one(keyB, id, { method: "PUT", body: { title: "Defaced" }, headers: { "if-match": '"v1"' } })).status).toBe(404);
    expect((await one(keyB, id, { method: "DELETE", headers: { "if-match": '"v1"' } })).status).toBe(404);
    expect((await listVersions(keyB, id)).status).toBe(404);
    expect((await upload(keyB, id, { label: "x" }, { name: "p.pdf", text: pdfText(2) })).status).toBe(404);

    const reader = await keyFor(ctx, ["posture:read"]);
    expect((await listVersions(reader.key, id)).status).toBe(200);
    expect((await one(reader.key, id, { method: "PUT", body: { title: "Defaced" }, headers: { "if-match": '"v1"' } })).status).toBe(403);
    expect((await one(reader.key, id, { method: "DELETE", headers: { "if-match": '"v1"' } })).status).toBe(403);
    expect((await upload(reader.key, id, { label: "x" }, { name: "p.pdf", text: pdfText(2) })).status).toBe(403);

    const writer = await keyFor(ctx, ["posture:read", "posture:write"], { expiresInDays: 1 });
    await withTenant({ orgId: ctx.org.id }, (tx) => tx.$executeRaw`UPDATE "ApiKey" SET "expiresAt" = now() - interval '1 second' WHERE id = ${writer.id}::uuid`);
    expect((await one(writer.key, id, { method: "DELETE", headers: { "if-match": '"v1"' } })).status).toBe(401);
    await revokeApiKey({ ctx, id: reader.id });
    expect((await listVersions(reader.key, id)).status).toBe(401);
    const owner = (await keyFor(ctx, ["posture:read"])).key;
    expect(await (await one(owner, id)).json()).toMatchObject({ title: "Pen test", version: 1, versions: [{ number: 1 }] });
  });
});
