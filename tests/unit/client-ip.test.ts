import { describe, expect, it } from "vitest";
import { bindAddress, parseEnv } from "@/server/env";
import { clientIp, FRONT_HEADERS, frontSecret, isHttpsRequest, normalizeIp, resolveClientIp, resolveProto } from "@/server/request";

/**
 * Which address is the client's (ADR 006): the socket peer, or the X-Forwarded-For entry that
 * TRUST_PROXY_HOPS trusted proxies vouch for, and only ever a valid IP address.
 */
describe("resolveClientIp", () => {
  const hostile = "=HYPERLINK(\"http://evil.example\")<b>x";

  it.each([
    // [label, socket, X-Forwarded-For, hops, expected]
    ["no proxy: the socket, whatever the header says", "198.51.100.9", "203.0.113.1", 0, "198.51.100.9"],
    ["no proxy, a hostile header: still the socket", "198.51.100.9", hostile, 0, "198.51.100.9"],
    ["no proxy, no header", "198.51.100.9", undefined, 0, "198.51.100.9"],
    ["one proxy: the right-most entry (what the proxy appended)", "127.0.0.1", "203.0.113.1", 1, "203.0.113.1"],
    ["one proxy, the client forged entries on the left: ignored", "127.0.0.1", "10.9.9.9, 1.1.1.1, 203.0.113.1", 1, "203.0.113.1"],
    ["one proxy, a hostile left part", "127.0.0.1", `${hostile}, 203.0.113.1`, 1, "203.0.113.1"],
    ["one proxy, the header sent twice (joined by Node)", "127.0.0.1", ["10.9.9.9", "203.0.113.1"], 1, "203.0.113.1"],
    ["two proxies: the second entry from the right", "127.0.0.1", "10.9.9.9, 203.0.113.1, 192.0.2.50", 2, "203.0.113.1"],
    ["one proxy, no header (a direct request): the socket", "127.0.0.1", undefined, 1, "127.0.0.1"],
    ["two proxies, only one entry: the left-most there is", "127.0.0.1", "203.0.113.1", 2, "203.0.113.1"],
    ["one proxy, its entry is not an IP: none", "127.0.0.1", `203.0.113.1, ${hostile}`, 1, null],
    ["one proxy, an entry with a port: none", "127.0.0.1", "203.0.113.1:4711", 1, null],
    ["IPv6 client behind one proxy, lower-cased", "::1", "2001:DB8::7", 1, "2001:db8::7"],
    ["an IPv4-mapped socket address becomes IPv4", "::ffff:198.51.100.9", undefined, 0, "198.51.100.9"],
    ["no socket address at all: none", undefined, "203.0.113.1", 0, null],
  ] as const)("%s", (_label, socket, forwardedFor, hops, expected) => {
    expect(resolveClientIp({ socket, forwardedFor: forwardedFor as string | string[] | undefined, hops })).toBe(expected);
  });
});

describe("normalizeIp", () => {
  it.each([
    ["IPv4", "192.0.2.1", "192.0.2.1"],
    ["IPv4 with spaces", " 192.0.2.1 ", "192.0.2.1"],
    ["bracketed IPv6", "[2001:db8::1]", "2001:db8::1"],
    ["IPv6 with a zone", "fe80::1%eth0", "fe80::1"],
    ["IPv4-mapped IPv6", "::FFFF:192.0.2.1", "192.0.2.1"],
    ["a word", "unknown", null],
    ["nothing", "", null],
    ["a host name", "localhost", null],
    ["an IP and markup", "192.0.2.1<script>", null],
    ["a spreadsheet formula", '=HYPERLINK("x")', null],
    ["an octet over 255", "999.0.0.1", null],
    ["two addresses", "192.0.2.1, 192.0.2.2", null],
    ["5,000 characters", "a".repeat(5000), null],
  ])("%s", (_label, input, expected) => {
    expect(normalizeIp(input)).toBe(expected);
  });
});

describe("resolveProto", () => {
  it.each([
    ["no proxy: plain http, whatever the client claims", false, "https", 0, "http"],
    ["no proxy, TLS socket", true, undefined, 0, "https"],
    ["one proxy saying https", false, "https", 1, "https"],
    ["one proxy saying http, the client's https on the left", false, "https, http", 1, "http"],
    ["one proxy, nothing said", false, undefined, 1, "http"],
    ["one proxy, nonsense", false, "javascript", 1, "http"],
  ] as const)("%s", (_label, encrypted, forwardedProto, hops, expected) => {
    expect(resolveProto({ encrypted, forwardedProto, hops })).toBe(expected);
  });
});

describe("what the app reads", () => {
  const secret = frontSecret(true)!;

  it("takes the address and scheme only from headers the front stamped with its secret", () => {
    const stamped = new Headers({ [FRONT_HEADERS.secret]: secret, [FRONT_HEADERS.ip]: "203.0.113.5", [FRONT_HEADERS.proto]: "https" });
    expect(clientIp(stamped)).toBe("203.0.113.5");
    expect(isHttpsRequest(stamped)).toBe(true);
  });

  it("ignores the same headers sent by a client (no secret, or a guessed one), and X-Forwarded-*", () => {
    for (const forged of [undefined, "0".repeat(32), ""]) {
      const headers = new Headers({ [FRONT_HEADERS.ip]: "127.0.0.1", [FRONT_HEADERS.proto]: "https", "x-forwarded-for": "127.0.0.1", "x-forwarded-proto": "https" });
      if (forged !== undefined) headers.set(FRONT_HEADERS.secret, forged);
      expect(clientIp(headers)).toBeNull();
      expect(isHttpsRequest(headers)).toBe(false);
    }
  });

  it("never hands out something that is not an IP address", () => {
    const stamped = new Headers({ [FRONT_HEADERS.secret]: secret, [FRONT_HEADERS.ip]: "=HYPERLINK(\"x\")<b>x" });
    expect(clientIp(stamped)).toBeNull();
  });
});

describe("where the server listens while the development mailbox holds the sign-in links", () => {
  const base = {
    NODE_ENV: "production",
    DATABASE_URL: "postgres://u:p@db/candor",
    AUTH_SECRET: "s".repeat(32),
    DATA_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64"),
    APP_URL: "http://127.0.0.1:3100",
    EMAIL_TRANSPORT: "mailbox",
  };

  it("loopback by default; every interface only when mail goes to a provider", () => {
    expect(bindAddress(parseEnv(base))).toBe("127.0.0.1");
    expect(bindAddress(parseEnv({ ...base, NODE_ENV: "development", EMAIL_TRANSPORT: undefined }))).toBe("127.0.0.1");
    expect(bindAddress(parseEnv({ ...base, EMAIL_TRANSPORT: "resend", RESEND_API_KEY: "re_x" }))).toBe("0.0.0.0");
    expect(bindAddress(parseEnv({ ...base, EMAIL_TRANSPORT: "resend", RESEND_API_KEY: "re_x", HOSTNAME_BIND: "10.0.0.5" }))).toBe("10.0.0.5");
  });

  it("a production build refuses to listen beyond loopback with the mailbox on", () => {
    for (const bind of ["0.0.0.0", "::", "10.0.0.5"]) expect(() => parseEnv({ ...base, HOSTNAME_BIND: bind }), bind).toThrow(/HOSTNAME_BIND/);
    for (const bind of ["127.0.0.1", "::1", "localhost"]) expect(bindAddress(parseEnv({ ...base, HOSTNAME_BIND: bind }))).toBe(bind);
  });
});
