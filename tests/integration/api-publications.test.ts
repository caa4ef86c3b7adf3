import { describe, expect, it } from "vitest";
import * as publications from "@/app/api/v1/publications/route";
import { withTenant } from "@/server/db/tenant";
import { createOrg } from "../support/factories";
import { apiRequest, keyFor, params } from "../support/api";
import type { components } from "../support/api-v1";

type PublishResult = components["schemas"]["PublishResult"];
type PublicationList = components["schemas"]["PublicationList"];
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
});
