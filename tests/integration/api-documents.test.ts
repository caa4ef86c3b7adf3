import { createHash } from "node:crypto";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import * as documentFile from "@/app/api/v1/documents/[id]/versions/[number]/file/route";
import * as document from "@/app/api/v1/documents/[id]/route";
import * as documents from "@/app/api/v1/documents/route";
import { revokeApiKey } from "@/modules/apikeys/server/keys";
import { createDocument } from "@/modules/documents/server/documents";
import { withTenant } from "@/server/db/tenant";
import { createOrg } from "../support/factories";
import { fromClient } from "../support/requests";
import { apiRequest, keyFor, params } from "../support/api";
import type { components } from "../support/api-v1";

type Document = components["schemas"]["Document"];
const noParams = params({});
const pdfText = "%PDF-1.4\n% quarterly report\n%%EOF\n";
const pdf = { name: 'report"<script>.pdf', bytes: new TextEncoder().encode(pdfText) };
const sha = createHash("sha256").update(pdfText).digest("hex");

describe("/api/v1/documents", () => {
  it("list (latest version, by cursor), get (every version, ETag), download with the dashboard's headers and the recorded SHA-256; another organisation's key gets 404 and an empty list", async () => {
    const a = await createOrg();
    const b = await createOrg();
    const { key } = await keyFor(a.ctx, ["posture:read"]);
    const keyB = (await keyFor(b.ctx, ["posture:read"])).key;
    const first = await createDocument({ ctx: a.ctx, input: { title: "SOC 2 report <b>x</b>", description: "", category: "Audit", visibility: "NDA", label: "2026" }, file: pdf });
    await createDocument({ ctx: a.ctx, input: { title: "Pen test", description: "", category: "", visibility: "PUBLIC" }, file: pdf });

    const page1 = await (await documents.GET(apiRequest("/api/v1/documents?limit=1", { key }), noParams)).json();
    expect(page1).toMatchObject({ total: 2, nextCursor: expect.any(String), data: [{ id: first.id, title: "SOC 2 report <b>x</b>", category: "Audit", visibility: "NDA", versionCount: 1 }] });
    expect(page1.data[0].latestVersion).toEqual({ number: 1, label: "2026", effectiveDate: null, fileName: expect.stringMatching(/\.pdf$/), mimeType: "application/pdf", size: pdfText.length, sha256: sha, uploadedAt: expect.any(String) });
    const page2 = await (await documents.GET(apiRequest(`/api/v1/documents?limit=1&cursor=${page1.nextCursor}`, { key }), noParams)).json();
    expect(page2).toMatchObject({ total: 2, nextCursor: null, data: [{ title: "Pen test" }] });
    expect(await (await documents.GET(apiRequest("/api/v1/documents", { key: keyB }), noParams)).json()).toEqual({ data: [], total: 0, nextCursor: null });

    const got = await document.GET(apiRequest(`/api/v1/documents/${first.id}`, { key }), params({ id: first.id }));
    expect(got.status).toBe(200);
    expect(got.headers.get("etag")).toBe('"v1"');
    const body: Document = await got.json();
    expect(body.versions.map((v) => v.number)).toEqual([1]);
    expect(body).not.toHaveProperty("orgId");
    expect(body.versions[0]).not.toHaveProperty("storageKey");
    expect((await document.GET(apiRequest(`/api/v1/documents/${first.id}`, { key: keyB }), params({ id: first.id }))).status).toBe(404);
    expect((await document.GET(apiRequest("/api/v1/documents/not-a-uuid", { key }), params({ id: "not-a-uuid" }))).status).toBe(404);

    const download = (k: string, id: string, number: string) => documentFile.GET(apiRequest(`/api/v1/documents/${id}/versions/${number}/file`, { key: k }), params({ id, number }));
    const file = await download(key, first.id, "1");
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toBe("application/pdf");
    // The name's quote cannot end the header's quoted string: the same header as the dashboard's download.
    expect(file.headers.get("content-disposition")).toBe(`attachment; filename="report_<script>.pdf"; filename*=UTF-8''report%22%3Cscript%3E.pdf`);
    expect(file.headers.get("x-content-type-options")).toBe("nosniff");
    expect(file.headers.get("content-security-policy")).toBe("default-src 'none'; sandbox");
    expect(file.headers.get("cache-control")).toBe("private, no-store");
    expect(file.headers.get("x-content-sha256")).toBe(sha);
    expect(await file.text()).toBe(pdfText);
    for (const number of ["2", "0", "x", "01", "99999999999"]) expect((await download(key, first.id, number)).status, number).toBe(404);
    const foreign = await download(keyB, first.id, "1");
    expect(foreign.status).toBe(404);
    expect(foreign.headers.get("content-type")).toBe("application/problem+json");
  });

  it("a key without posture:read is 403; a revoked key is 401 on the download", async () => {
    const { ctx } = await createOrg();
    const created = await createDocument({ ctx, input: { title: "Policy", description: "", category: "", visibility: "PUBLIC" }, file: pdf });
    const publisher = await keyFor(ctx, ["publish"]);
    expect((await documents.GET(apiRequest("/api/v1/documents", { key: publisher.key }), noParams)).status).toBe(403);
    const reader = await keyFor(ctx, ["posture:read"]);
    await revokeApiKey({ ctx, id: reader.id });
    const revoked = await documentFile.GET(apiRequest(`/api/v1/documents/${created.id}/versions/1/file`, { key: reader.key }), params({ id: created.id, number: "1" }));
    expect(revoked.status).toBe(401);
  });
});

function uploadRequest(key: string, fields: Record<string, string>, file: { name: string; text: string; type?: string } | null, headers: Record<string, string> = {}) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  if (file) form.append("file", new File([file.text], file.name, { type: file.type ?? "application/octet-stream" }));
  return new NextRequest(new URL("/api/v1/documents", "http://localhost:3000"), { method: "POST", headers: { ...fromClient("198.51.100.20"), authorization: `Bearer ${key}`, ...headers }, body: form });
}

describe("POST /api/v1/documents (multipart upload)", () => {
  it("uploads (201, version 1 with the sniffed type and SHA-256), replays the same Idempotency-Key, and audits as the key", async () => {
    const { ctx } = await createOrg();
    const created = await keyFor(ctx);
    const fields = { title: `Pen test ${'<script>alert(1)</script>'}`, category: "Audit", visibility: "NDA", label: "2026-Q4", effectiveDate: "2026-11-02" };
    const response = await documents.POST(uploadRequest(created.key, fields, { name: "pentest.pdf", text: pdfText }, { "idempotency-key": "up-1" }), noParams);
    expect(response.status).toBe(201);
    expect(response.headers.get("etag")).toBe('"v1"');
    const body: Document = await response.json();
    expect(body).toMatchObject({ title: fields.title, description: "", category: "Audit", visibility: "NDA", version: 1 });
    expect(body.versions).toEqual([{ number: 1, label: "2026-Q4", effectiveDate: "2026-11-02", fileName: "pentest.pdf", mimeType: "application/pdf", size: pdfText.length, sha256: sha, uploadedAt: expect.any(String) }]);
    expect(response.headers.get("location")).toBe(`/api/v1/documents/${body.id}`);
    const replay = await documents.POST(uploadRequest(created.key, fields, { name: "pentest.pdf", text: pdfText }, { "idempotency-key": "up-1" }), noParams);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect((await replay.json()).id).toBe(body.id);
    const list = await (await documents.GET(apiRequest("/api/v1/documents", { key: created.key }), noParams)).json();
    expect(list.total).toBe(1);
    const event = await withTenant({ orgId: ctx.org.id }, (tx) => tx.auditEvent.findFirst({ where: { orgId: ctx.org.id, action: "documents.create" } }));
    expect(event).toMatchObject({ actorType: "api_key", actorId: created.id });
  });

  it("refuses HTML posing as a PDF, a missing file, unknown fields (422 with paths), JSON (415), a read-only key (403), another content's replay under the same key (422); nothing is stored", async () => {
    const { ctx } = await createOrg();
    const { key } = await keyFor(ctx);
    const post = async (fields: Record<string, string>, file: { name: string; text: string } | null, headers: Record<string, string> = {}, k = key) => documents.POST(uploadRequest(k, fields, file, headers), noParams);
    const html = await post({ title: "Report" }, { name: "report.pdf", text: "<html><script>alert(1)</script></html>" });
    expect(html.status).toBe(422);
    expect((await html.json()).errors.map((e: { path: string }) => e.path)).toEqual(["file"]);
    const missing = await post({ title: "Report" }, null);
    expect(missing.status).toBe(422);
    expect((await missing.json()).errors).toEqual([{ path: "file", pointer: "/file", message: "Choose a file to upload." }]);
    const unknown = await post({ title: "Report", orgId: "x", position: "1" }, { name: "r.pdf", text: pdfText });
    expect(unknown.status).toBe(422);
    expect((await unknown.json()).errors.map((e: { path: string }) => e.path)).toEqual(["orgId", "position"]);
    const json = await documents.POST(apiRequest("/api/v1/documents", { method: "POST", key, body: { title: "Report" } }), noParams);
    expect(json.status).toBe(415);
    const reader = await keyFor(ctx, ["posture:read"]);
    expect((await post({ title: "Report" }, { name: "r.pdf", text: pdfText }, {}, reader.key)).status).toBe(403);
    expect((await post({ title: "First" }, { name: "r.pdf", text: pdfText }, { "idempotency-key": "same" })).status).toBe(201);
    expect((await post({ title: "Other" }, { name: "r.pdf", text: pdfText }, { "idempotency-key": "same" })).status).toBe(422);
    const list = await (await documents.GET(apiRequest("/api/v1/documents", { key }), noParams)).json();
    expect(list.data.map((d: { title: string }) => d.title)).toEqual(["First"]);
  });
});
