import { describe, expect, it } from "vitest";
import * as controls from "@/app/api/v1/controls/route";
import * as controlEvidence from "@/app/api/v1/controls/[id]/evidence/route";
import * as faqs from "@/app/api/v1/faqs/route";
import { getControl } from "@/modules/controls/server/controls";
import { loadChain } from "@/modules/audit/server/queries";
import { verifyChain } from "@/modules/audit/server/chain";
import { withTenant } from "@/server/db/tenant";
import { createOrg } from "../support/factories";
import { apiRequest, keyFor, params } from "../support/api";

const noParams = params({});

describe("JSON bodies holding a lone UTF-16 surrogate (found by the full fuzz run: a 500 from the audit chain's canonical JSON)", () => {
  it("are a 400 naming the field, on every JSON write, and nothing is written; a real pair (an emoji) is kept", async () => {
    const { ctx } = await createOrg();
    const { key } = await keyFor(ctx, ["posture:read", "posture:write"]);
    const created = await controls.POST(apiRequest("/api/v1/controls", { method: "POST", key, body: { ref: "LS-1", area: "Access", title: "Pair \ud83d\ude00 kept", status: "PLANNED" } }), noParams);
    expect(created.status).toBe(201);
    const control = (await created.json()) as { id: string; title: string };
    expect(control.title).toBe("Pair \ud83d\ude00 kept");

    const cases: [Promise<Response>, string][] = [
      [controlEvidence.POST(apiRequest(`/api/v1/controls/${control.id}/evidence`, { method: "POST", key, body: '{"label":"\\ud800","kind":"CODE","target":"src/x.ts"}' }), params({ id: control.id })), "label"],
      [controls.POST(apiRequest("/api/v1/controls", { method: "POST", key, body: '{"ref":"LS-2","area":"Access","title":"a\\udc00b","status":"PLANNED"}' }), noParams), "title"],
      [controls.POST(apiRequest("/api/v1/controls", { method: "POST", key, body: '{"ref":"LS-3","area":"Access","title":"t","status":"PLANNED","evidence":[{"label":"ok","kind":"CODE","target":"\\ud83d"}]}' }), noParams), "evidence.0.target"],
      [faqs.POST(apiRequest("/api/v1/faqs", { method: "POST", key, body: '{"question":"q","answer":"<script>alert(1)</script>\\udfff"}' }), noParams), "answer"],
    ];
    for (const [pending, field] of cases) {
      const response = await pending;
      expect(response.status, field).toBe(400);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
      expect((await response.json()).detail).toBe(`The body holds a lone UTF-16 surrogate (an escape such as \\ud800 without its pair) at "${field}": that is not text.`);
    }
    expect((await getControl({ ctx, id: control.id })).evidence).toEqual([]);
    const list = await (await controls.GET(apiRequest("/api/v1/controls", { key }), noParams)).json();
    expect(list.data.map((c: { ref: string }) => c.ref)).toEqual(["LS-1"]);
    const chain = await withTenant({ orgId: ctx.org.id }, (tx) => loadChain(tx, ctx.org.id));
    expect(verifyChain(chain).ok).toBe(true);
  });
});
