import { networkInterfaces } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mailboxOpenTo } from "@/modules/email/server/mailbox";
import { FRONT_HEADERS, frontSecret } from "@/server/request";
import { startFrontServer } from "../support/front-server";

/**
 * The front of the Node server (src/server/front.ts, as scripts/web.ts runs it) over real
 * sockets: what Next.js is handed as the client's address and scheme, whatever the client sends,
 * and who may open the development mailbox (ADR 006).
 */
type Front = Awaited<ReturnType<typeof startFrontServer>>;
let direct: Front;
let behindOneProxy: Front;
const external = Object.values(networkInterfaces())
  .flat()
  .find((i) => i && i.family === "IPv4" && !i.internal)?.address;

beforeAll(async () => {
  direct = await startFrontServer("0.0.0.0", { hops: 0 });
  behindOneProxy = await startFrontServer("127.0.0.1", { hops: 1 });
});
afterAll(async () => {
  await direct.close();
  await behindOneProxy.close();
});

async function nextSaw(front: Front, headers: Record<string, string>, address?: string) {
  const response = await front.request("/dashboard", { headers: { host: "localhost:3000", ...headers }, address });
  expect(response.status).toBe(418);
  return JSON.parse(String(response.headers["x-next-saw"])) as Record<string, string | null>;
}

const forged = {
  "x-forwarded-for": "=HYPERLINK(\"http://evil.example\")<b>x",
  "x-forwarded-proto": "https",
  "x-forwarded-host": "evil.example",
  "x-forwarded-port": "443",
  "x-candor-client-ip": "192.0.2.66",
  "x-candor-front": "0".repeat(32),
  "x-candor-proto": "https",
  "x-candor-direct": "1",
};

describe("with no proxy configured (TRUST_PROXY_HOPS=0)", () => {
  it("the client's address is the socket's, and its forged headers are replaced, not passed on", async () => {
    const saw = await nextSaw(direct, forged);
    expect(saw["x-candor-client-ip"]).toBe("127.0.0.1");
    expect(saw["x-candor-front"]).toBe(frontSecret());
    expect(saw["x-candor-proto"]).toBe("http");
    // Forwarding headers were present: not a direct request, even from loopback.
    expect(saw["x-candor-direct"]).toBeNull();
    // What Next derives its URL and server actions' origin check from: the trusted values.
    expect(saw["x-forwarded-for"]).toBe("127.0.0.1");
    expect(saw["x-forwarded-proto"]).toBe("http");
    expect(saw["x-forwarded-host"]).toBe("localhost:3000");
    expect(saw["x-forwarded-port"]).toBeNull();
  });

  it("a client on another machine is seen at its own address, whatever it claims", async () => {
    expect(external, "this test needs a non-loopback IPv4 interface").toBeTruthy();
    const saw = await nextSaw(direct, { "x-forwarded-for": "127.0.0.1", "x-candor-client-ip": "127.0.0.1" }, external);
    expect(saw["x-candor-client-ip"]).toBe(external);
  });

  it("a plain request carries no forwarding headers and counts as direct", async () => {
    const saw = await nextSaw(direct, {});
    expect(saw).toMatchObject({ "x-candor-client-ip": "127.0.0.1", "x-candor-direct": "1", "x-forwarded-for": null, "x-forwarded-proto": null });
  });
});

describe("behind one trusted proxy (TRUST_PROXY_HOPS=1)", () => {
  it("the right-most X-Forwarded-For entry is the client; what the client wrote to its left is ignored", async () => {
    const saw = await nextSaw(behindOneProxy, { "x-forwarded-for": "127.0.0.1, 10.0.0.1, 203.0.113.9", "x-forwarded-proto": "https" });
    expect(saw["x-candor-client-ip"]).toBe("203.0.113.9");
    expect(saw["x-forwarded-for"]).toBe("203.0.113.9");
    expect(saw["x-candor-proto"]).toBe("https");
  });

  it("an entry the proxy vouches for that is not an IP address is stored as no address", async () => {
    const saw = await nextSaw(behindOneProxy, { "x-forwarded-for": forged["x-forwarded-for"] });
    expect(saw["x-candor-client-ip"]).toBeNull();
    expect(saw["x-forwarded-for"]).toBe("unknown");
  });
});

describe("URLs that are not text", () => {
  it.each([
    ["a NUL in a parameter", "/dashboard/acme/controls?q=a%00b"],
    ["a control character in a path segment", "/dashboard/ac%01me/controls"],
    ["an encoded newline", "/login?next=%0D%0ASet-Cookie:x"],
    ["bytes that are not UTF-8", "/dashboard/acme/faqs?q=%ff%fe"],
    ["an encoded surrogate (CESU-8)", "/dashboard/acme/faqs?q=%ED%A0%80"],
    ["an overlong encoding of /", "/t/%C0%AFetc"],
  ])("%s: a plain 400 before anything parses it", async (_label, path) => {
    const response = await direct.request(path, { headers: { host: "localhost:3000" } });
    expect(response.status).toBe(400);
    expect(response.body.toString()).toContain("Bad request");
  });

  it.each([
    ["a query of the REST API", "/api/v1/controls?q=%FF"],
    ["a path of the REST API", "/api/v1/controls/%C0%AF"],
    ["a NUL in the REST API's path", "/api/v1/organization%00"],
  ])("%s: a 400 as RFC 9457 problem details, as every other error of the API", async (_label, path) => {
    const response = await direct.request(path, { headers: { host: "localhost:3000", authorization: "Bearer cndr_x" } });
    expect(response.status).toBe(400);
    expect(response.headers["content-type"]).toBe("application/problem+json");
    expect(response.headers["cache-control"]).toBe("no-store");
    expect(JSON.parse(response.body.toString())).toEqual({
      type: "urn:candor:problem:bad-request",
      title: "Bad request",
      status: 400,
      detail: "Bad request: the address contains control characters or bytes that are not UTF-8 text.",
      code: "bad_request",
    });
  });

  it.each([
    ["UTF-8 text", "/dashboard/acme/controls?q=caf%C3%A9"],
    ["a stray percent sign", "/dashboard/acme/controls?q=100%"],
    ["spaces and plus signs", "/dashboard/acme/controls?q=a+b%20c"],
  ])("%s passes on", async (_label, path) => {
    expect((await direct.request(path, { headers: { host: "localhost:3000" } })).status).toBe(418);
  });
});

describe("the development mailbox", () => {
  it("answers a direct loopback caller (Next renders it; here the 418)", async () => {
    expect((await direct.request("/dev/mailbox", { headers: { host: "localhost:3000" } })).status).toBe(418);
  });

  it("is a plain 404 before Next for a forwarded request, even from loopback and with Host: localhost", async () => {
    for (const [name, value] of [["x-forwarded-for", "127.0.0.1"], ["forwarded", "for=127.0.0.1"], ["x-forwarded-host", "localhost"], ["x-real-ip", "127.0.0.1"]]) {
      for (const path of ["/dev/mailbox", "/dev/mailbox/00000000-0000-0000-0000-000000000000", "//dev//mailbox", "/DEV/MAILBOX", "/dev%2Fmailbox"]) {
        const response = await direct.request(path, { headers: { host: "localhost", [name!]: value! } });
        expect(response.status, `${name} ${path}`).toBe(404);
        expect(response.body.toString(), `${name} ${path}`).toBe("Not found\n");
      }
    }
    const proxied = await behindOneProxy.request("/dev/mailbox", { headers: { host: "localhost", "x-forwarded-for": "127.0.0.1" } });
    expect(proxied.status).toBe(404);
  });

  it("is a plain 404 for a caller on another machine", async () => {
    expect(external, "this test needs a non-loopback IPv4 interface").toBeTruthy();
    const response = await direct.request("/dev/mailbox", { headers: { host: "localhost" }, address: external });
    expect(response.status).toBe(404);
  });
});

describe("the mailbox pages' own check (mailboxOpenTo)", () => {
  const stamped = (ip: string, direct: boolean) =>
    new Headers({ [FRONT_HEADERS.secret]: frontSecret(true)!, [FRONT_HEADERS.ip]: ip, ...(direct ? { [FRONT_HEADERS.direct]: "1" } : {}) });

  it("opens for a direct loopback request the front vouched for, and nothing else", () => {
    expect(mailboxOpenTo(stamped("127.0.0.1", true))).toBe(true);
    expect(mailboxOpenTo(stamped("::1", true))).toBe(true);
    expect(mailboxOpenTo(stamped("127.0.0.1", false))).toBe(false);
    expect(mailboxOpenTo(stamped("192.0.2.10", true))).toBe(false);
    // A client sending the front's headers itself, with Host: localhost.
    const forged = new Headers({ host: "localhost", [FRONT_HEADERS.ip]: "127.0.0.1", [FRONT_HEADERS.direct]: "1", [FRONT_HEADERS.secret]: "guess" });
    expect(mailboxOpenTo(forged)).toBe(false);
  });
});
