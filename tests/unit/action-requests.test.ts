import { describe, expect, it } from "vitest";
import { checkActionRequest, checkFormPost, checkRouterState, usedArguments } from "@/server/action-requests";

/** What the proxy refuses before Next's server-action decoder would answer 500 (ADR 021). */
const ID_TWO_ARGS = "60" + "ab".repeat(20); // info byte 0x60: the first two arguments used
const ID_THREE_ARGS = "70" + "cd".repeat(20); // 0x70: the first three
const ID_NONE = "00" + "ef".repeat(20);

function call(body: string, options: { id?: string; type?: string; origin?: string; host?: string; length?: string } = {}) {
  const headers = new Headers({ "next-action": options.id ?? ID_TWO_ARGS, "content-type": options.type ?? "text/plain;charset=UTF-8", host: options.host ?? "app.example" });
  if (options.origin !== undefined) headers.set("origin", options.origin);
  if (options.length !== undefined) headers.set("content-length", options.length);
  return new Request("http://app.example/dashboard/acme/publish", { method: "POST", headers, body });
}

/** A multipart body with these fields in this order (React sends the form's fields before "0"). */
function multipart(fields: [string, string][]) {
  const boundary = "----candortest";
  const body = fields
    .map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
    .join("") + `--${boundary}--\r\n`;
  return { body, type: `multipart/form-data; boundary=${boundary}` };
}

describe("usedArguments", () => {
  it.each([
    ["60", 2],
    ["70", 3],
    ["40", 1],
    ["00", 0],
    ["7e", 6],
    ["20", 2], // only the second is used: a client still sends the first (as a hole)
  ])("info byte %s → %i leading arguments", (byte, used) => {
    expect(usedArguments(byte + "0".repeat(40))).toBe(used);
  });
});

describe("checkActionRequest", () => {
  const form = multipart([["_1_name", "Acme"], ["0", JSON.stringify(["acme", { status: "idle" }, "$K1"])]]);
  const outlined = multipart([["1", JSON.stringify({ status: "idle", values: {} })], ["0", JSON.stringify(["acme", "$1"])]]);

  it.each([
    ["a browser's call with a form", () => call(form.body, { id: ID_THREE_ARGS, type: form.type })],
    ["a text-encoded call", () => call(JSON.stringify(["acme", { status: "idle", message: "$undefined" }]))],
    ["an escaped dollar, a date, -0, NaN, a BigInt", () => call(JSON.stringify(["$$5 off", ["$D2026-01-01T00:00:00.000Z", "$-0", "$NaN", "$n123"]]))],
    ["an object sent as its own part", () => call(outlined.body, { type: outlined.type })],
    ["a same-origin Origin", () => call(JSON.stringify(["acme", null]), { origin: "http://app.example" })],
    ["no Origin (not a browser)", () => call(JSON.stringify(["acme", null]))],
    ["an action that uses no arguments, called with none", () => call("[]", { id: ID_NONE })],
  ])("lets through %s", async (_label, make) => {
    expect(await checkActionRequest(make())).toBeNull();
  });

  it.each([
    ["an id that is not one", () => call("[]", { id: "00deadbeef" }), 400],
    ["an id with markup", () => call("[]", { id: "<script>alert(1)</script>" }), 400],
    ["a foreign Origin", () => call(JSON.stringify(["acme", null]), { origin: "https://evil.example" }), 403],
    ["an Origin that is not a URL", () => call(JSON.stringify(["acme", null]), { origin: "null" }), 403],
    ["a declared length over the limit", () => call("[]", { length: String(3 * 1024 * 1024) }), 413],
    ["a body over the limit", () => call(JSON.stringify(["acme", "x".repeat(3 * 1024 * 1024)])), 413],
    ["a JSON content type", () => call("[]", { type: "application/json" }), 415],
    ["garbage said to be multipart", () => call("garbage", { type: "multipart/form-data; boundary=xyz" }), 400],
    ["multipart without a boundary", () => call("garbage", { type: "multipart/form-data" }), 400],
    ["text that is not JSON", () => call("{{{"), 400],
    ["JSON that is not a list", () => call("{}"), 400],
    ["no arguments", () => call("[]"), 400],
    ["fewer arguments than the action uses", () => call(JSON.stringify(["acme"])), 400],
    ["multipart without the argument list", () => call(multipart([["_1_name", "x"]]).body, { type: multipart([]).type }), 400],
    ["a reference to a part never sent", () => call(JSON.stringify(["acme", "$1"])), 400],
    ["a dedupe reference to a part never sent", () => call(JSON.stringify(["acme", "$2:values:0"])), 400],
    ["a promise", () => call(JSON.stringify(["acme", "$@1"])), 400],
    ["a Map", () => call(JSON.stringify(["acme", "$Q1"])), 400],
    ["a Set", () => call(JSON.stringify(["acme", "$W1"])), 400],
    ["a typed array", () => call(JSON.stringify(["acme", "$A1"])), 400],
    ["a blob", () => call(JSON.stringify(["acme", "$B1"])), 400],
    ["a stream", () => call(JSON.stringify(["acme", "$R1"])), 400],
    ["a server reference", () => call(JSON.stringify(["acme", "$h1"])), 400],
    ["a BigInt of 301 digits", () => call(JSON.stringify(["acme", `$n${"9".repeat(301)}`])), 400],
    ["a bare dollar", () => call(JSON.stringify(["acme", "$"])), 400],
    ["a nested hostile value", () => call(JSON.stringify(["acme", { deep: [{ deeper: "$@0" }] }])), 400],
    ["a part that is not JSON", () => call(multipart([["0", JSON.stringify(["acme", "$1"])], ["1", "{nope"]]).body, { type: multipart([]).type }), 400],
  ])("refuses %s", async (_label, make, status) => {
    expect((await checkActionRequest(make()))?.status).toBe(status);
  });
});

describe("checkFormPost (a form posted without JavaScript)", () => {
  const post = (body: string, type: string) =>
    new Request("http://app.example/dashboard/acme/settings", { method: "POST", headers: { "content-type": type, "content-length": String(Buffer.byteLength(body)) }, body });

  it("refuses a multipart body that is not multipart, and lets real forms and other types through", async () => {
    expect((await checkFormPost(post("garbage", "multipart/form-data; boundary=xyz")))?.status).toBe(400);
    expect((await checkFormPost(post("garbage", "multipart/form-data")))?.status).toBe(400);
    const form = multipart([["name", "Acme"]]);
    expect(await checkFormPost(post(form.body, form.type))).toBeNull();
    expect(await checkFormPost(post("a=b", "application/x-www-form-urlencoded"))).toBeNull();
  });
});

describe("checkRouterState (a client navigation's route tree, which Next answered 500 when it could not parse it)", () => {
  // What Next's router sends from a control list: root, "dashboard", the organisation's slug, "controls", the page.
  const REAL = encodeURIComponent(JSON.stringify(["", { children: ["dashboard", { children: [["slug", "acme", "d", null], { children: ["controls", { children: ['__PAGE__?{"page":"2"}', {}] }] }] }] }, null, null, 1]));
  const withTree = (tree: string, rsc = "1") => new Headers({ rsc, "next-router-state-tree": tree });

  it("lets a real tree through, and ignores the header on a request that is not a navigation", () => {
    expect(checkRouterState(withTree(REAL))).toBeNull();
    expect(checkRouterState(new Headers({ rsc: "1" }))).toBeNull();
    expect(checkRouterState(withTree("garbage", "0"))).toBeNull();
    expect(checkRouterState(new Headers({ "next-router-state-tree": "garbage" }))).toBeNull();
  });

  it.each([
    ["text that is not JSON", "garbage"],
    ["bytes that are not UTF-8 once decoded", "%ff%fe"],
    ["an empty list", encodeURIComponent("[]")],
    ["an object", encodeURIComponent("{}")],
    ["a number where a segment goes", encodeURIComponent(JSON.stringify([1, {}]))],
    ["a child that is not a tree", encodeURIComponent(JSON.stringify(["", { children: 5 }]))],
    ["an unknown parameter type", encodeURIComponent(JSON.stringify([["slug", "acme", "zz", null], {}]))],
    ["markup", encodeURIComponent("<script>alert(1)</script>")],
    ["a header over Next's 40,000 characters", encodeURIComponent(JSON.stringify(["", { children: ["x".repeat(40_001), {}] }]))],
    ["two headers joined", `${REAL}, ${REAL}`],
  ])("refuses %s with a 400", (_label, tree) => {
    expect(checkRouterState(withTree(tree))).toEqual({ status: 400, message: "The Next-Router-State-Tree header is not a route tree." });
  });
});
