import { describe, expect, it } from "vitest";
import * as publications from "@/app/api/v1/publications/route";
import * as publication from "@/app/api/v1/publications/[seq]/route";
import * as publicationDiff from "@/app/api/v1/publications/[seq]/diff/route";
import * as controls from "@/app/api/v1/controls/route";
import { createHash } from "node:crypto";
import { revokeApiKey } from "@/modules/apikeys/server/keys";
import { withTenant } from "@/server/db/tenant";
import { createOrg } from "../support/factories";
import { apiRequest, keyFor, params } from "../support/api";
import type { components } from "../support/api-v1";

type PublishResult = components["schemas"]["PublishResult"];
type PublicationList = components["schemas"]["PublicationList"];
type PublicationDetail = components["schemas"]["PublicationDetail"];
type PublicationDiff = components["schemas"]["PublicationDiff"];
const noParams = params({});
const publishWith = (key: string, body: unknown = {}) => publications.POST(apiRequest("/api/v1/publications", { method: "POST", key, body }), noParams);

describe("/api/v1/publications", () => {
  it("a publish-scoped key publishes the draft (201, a new signed link); again with nothing changed is 200 unchanged; the list shows it, audited as the key", async () => {
    const { ctx } = await createOrg();
    const created = await keyFor(ctx, ["publish", "posture:read"]);
    const first = await publishWith(created.key);
    expect(first.status).toBe(201);
    const result: PublishResult = await first.json();
    expect(result).toEqual({ seq: 1, hash: expect.stringMatching(/^[0-9a-f]{64}$/), unchanged: false });
    const again = await publishWith(created.key);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ ...result, unchanged: true });
    const list: PublicationList = await (await publications.GET(apiRequest("/api/v1/publications", { key: created.key }), noParams)).json();
    expect(list.data).toEqual([{ seq: 1, kind: "PUBLISH", hash: result.hash, publishedAt: expect.any(String), publishedBy: ctx.user.email }]);
    const event = await withTenant({ orgId: ctx.org.id }, (tx) => tx.auditEvent.findFirst({ where: { orgId: ctx.org.id, action: "publish" } }));
    expect(event).toMatchObject({ actorType: "api_key", actorId: created.id, actorName: "Key publish posture:read" });
  });

  it("four-eyes publishing: a key is refused (403) and nothing is published; a key without the publish scope is 403; fields in the body are 422", async () => {
    const { ctx } = await createOrg();
    const writer = await keyFor(ctx, ["posture:read", "posture:write"]);
    const refused = await publishWith(writer.key);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ code: "forbidden", detail: expect.stringContaining('"publish" scope') });

    const publisher = await keyFor(ctx, ["publish"]);
    expect((await publishWith(publisher.key, { seq: 99 })).status).toBe(422);
    await withTenant({ orgId: ctx.org.id }, (tx) => tx.organization.update({ where: { id: ctx.org.id }, data: { requirePublishApproval: true } }));
    const fourEyes = await publishWith(publisher.key);
    expect(fourEyes.status).toBe(403);
    expect(await fourEyes.json()).toMatchObject({ detail: "This organisation requires a second person to publish: request publication, and another owner or admin approves it." });
    expect(await withTenant({ orgId: ctx.org.id }, (tx) => tx.publication.count({ where: { orgId: ctx.org.id } }))).toBe(0);
  });

  it("org B's key lists only B's publications", async () => {
    const a = await createOrg();
    const b = await createOrg();
    expect((await publishWith((await keyFor(a.ctx, ["publish"])).key)).status).toBe(201);
    const listB = await (await publications.GET(apiRequest("/api/v1/publications", { key: (await keyFor(b.ctx, ["posture:read"])).key }), noParams)).json();
    expect(listB).toEqual({ data: [] });
  });

  it("get by seq: the signed link as signed (hash = SHA-256 of canonical); diff between two seqs in the changelog's words; another organisation's key, a missing or malformed seq are 404", async () => {
    const a = await createOrg();
    const b = await createOrg();
    const { key } = await keyFor(a.ctx, ["publish", "posture:read", "posture:write"]);
    const keyB = (await keyFor(b.ctx, ["posture:read"])).key;
    expect((await publishWith(key)).status).toBe(201);
    const control = { ref: "AC-07", area: "Access control", title: "MFA for staff", status: "PLANNED", visibility: "PUBLIC" };
    expect((await controls.POST(apiRequest("/api/v1/controls", { method: "POST", key, body: control }), noParams)).status).toBe(201);
    expect((await publishWith(key)).status).toBe(201);

    const get = (k: string, seq: string) => publication.GET(apiRequest(`/api/v1/publications/${seq}`, { key: k }), params({ seq }));
    const second = await get(key, "2");
    expect(second.status).toBe(200);
    expect(second.headers.get("cache-control")).toBe("private, no-store");
    const detail: PublicationDetail = await second.json();
    expect(detail).toEqual({
      seq: 2, kind: "PUBLISH", hash: expect.stringMatching(/^[0-9a-f]{64}$/), prevHash: expect.stringMatching(/^[0-9a-f]{64}$/), publishedAt: expect.any(String),
      publishedBy: a.ctx.user.email, canonical: expect.any(String), signature: expect.any(String), publicKey: expect.stringContaining("BEGIN PUBLIC KEY"),
    });
    expect(createHash("sha256").update(detail.canonical).digest("hex")).toBe(detail.hash);
    const first: PublicationDetail = await (await get(key, "1")).json();
    expect(detail.prevHash).toBe(first.hash);
    expect(first.prevHash).toBe(null);

    for (const seq of ["3", "0", "-1", "01", "x", "99999999999"]) expect((await get(key, seq)).status, seq).toBe(404);
    expect((await get(keyB, "1")).status).toBe(404);
    expect((await get(keyB, "2")).status).toBe(404);

    const diff = (k: string, seq: string, query = "") => publicationDiff.GET(apiRequest(`/api/v1/publications/${seq}/diff${query}`, { key: k }), params({ seq }));
    const changed: PublicationDiff = await (await diff(key, "2")).json();
    expect(changed).toEqual({ from: { seq: 1, hash: first.hash }, to: { seq: 2, hash: detail.hash }, changes: ["Control added: AC-07 MFA for staff (Planned)"] });
    expect(await (await diff(key, "1")).json()).toEqual({ from: { seq: 0, hash: null }, to: { seq: 1, hash: first.hash }, changes: ["First publication."] });
    expect(await (await diff(key, "2", "?from=0")).json()).toEqual({ from: { seq: 0, hash: null }, to: { seq: 2, hash: detail.hash }, changes: ["First publication."] });
    expect((await diff(key, "2", "?from=5")).status).toBe(404);
    expect((await diff(keyB, "2")).status).toBe(404);
    const bad = await diff(key, "2", "?from=abc&orgId=x");
    expect(bad.status).toBe(422);
    expect(bad.headers.get("content-type")).toBe("application/problem+json");
  });

  it("a revoked key is 401 on get and diff; a key without posture:read is 403", async () => {
    const { ctx } = await createOrg();
    const publisher = await keyFor(ctx, ["publish"]);
    expect((await publishWith(publisher.key)).status).toBe(201);
    expect((await publication.GET(apiRequest("/api/v1/publications/1", { key: publisher.key }), params({ seq: "1" }))).status).toBe(403);
    const reader = await keyFor(ctx, ["posture:read"]);
    await revokeApiKey({ ctx, id: reader.id });
    const revoked = await publication.GET(apiRequest("/api/v1/publications/1", { key: reader.key }), params({ seq: "1" }));
    expect(revoked.status).toBe(401);
    expect(revoked.headers.get("www-authenticate")).toContain("Bearer");
    expect((await publicationDiff.GET(apiRequest("/api/v1/publications/1/diff", { key: reader.key }), params({ seq: "1" }))).status).toBe(401);
  });
});
