import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import * as decision from "@/app/api/v1/access-requests/[id]/decision/route";
import { proxy } from "@/proxy";
import { createOrg } from "../support/factories";
import { apiRequest, keyFor, params } from "../support/api";

const post = (path: string, headers: Record<string, string>, body: string) =>
  proxy(new NextRequest(`http://localhost:3000${path}`, { method: "POST", headers: { host: "localhost:3000", "content-length": String(Buffer.byteLength(body)), ...headers }, body }));

describe("the proxy in front of /api/v1 (found by the fuzz run: a 400 text/plain no operation documents)", () => {
  it("a multipart content type on a JSON operation passes to the handler, which answers 415 problem+json (not the proxy's plain 400)", async () => {
    const passed = await post("/api/v1/access-requests/5f8525ee-af7f-48c6-83e7-b5b31afb4607/decision", { "content-type": "multipart/form-data; boundary=fuzzboundary14" }, '{"decision":"approve"}');
    expect(passed.headers.get("x-middleware-next")).toBe("1");

    const { ctx } = await createOrg();
    const { key } = await keyFor(ctx, ["access:decide"]);
    const answered = await decision.POST(apiRequest("/api/v1/access-requests/5f8525ee-af7f-48c6-83e7-b5b31afb4607/decision", { method: "POST", key, body: '{"decision":"approve"}', headers: { "content-type": "multipart/form-data; boundary=fuzzboundary14" } }), params({ id: "5f8525ee-af7f-48c6-83e7-b5b31afb4607" }));
    expect(answered.status).toBe(415);
    expect(answered.headers.get("content-type")).toBe("application/problem+json");
    expect((await answered.json()).detail).toBe("Send the body as application/json.");
  });

  it("a malformed server-action call to /api/v1 is refused as problem details; the dashboard keeps its plain text", async () => {
    const api = await post("/api/v1/controls", { "next-action": "not-an-id", "content-type": "text/plain" }, "[]");
    expect(api.status).toBe(400);
    expect(api.headers.get("content-type")).toBe("application/problem+json");
    expect(await api.json()).toEqual({ type: "urn:candor:problem:bad-request", title: "Bad request", status: 400, detail: "Not a server action id.", code: "bad_request" });

    const dashboard = await post("/dashboard/acme/controls", { "content-type": "multipart/form-data; boundary=x" }, "<script>alert(1)</script>");
    expect(dashboard.status).toBe(400);
    expect(dashboard.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(await dashboard.text()).toBe("The request body is not multipart form data.\n");
  });
});
