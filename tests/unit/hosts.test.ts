import { describe, expect, it } from "vitest";
import { classifyHost, isLoopbackAddress, normalizeHost, tenantPath } from "@/server/hosts";

describe("normalizeHost", () => {
  it.each([
    ["Trust.Example.COM", "trust.example.com"],
    ["trust.example.com:443", "trust.example.com"],
    ["trust.example.com.", "trust.example.com"],
    ["TRUST.EXAMPLE.COM.:8443", "trust.example.com"],
    ["  trust.example.com  ", "trust.example.com"],
    ["bücher.example", "xn--bcher-kva.example"],
    ["BÜCHER.example", "xn--bcher-kva.example"], // lower-cased first, then IDN
    ["trust.例え.jp", "trust.xn--r8jz45g.jp"],
    ["localhost", "localhost"],
    ["a-b.c-d.example", "a-b.c-d.example"],
  ])("%s → %s", (input, expected) => {
    expect(normalizeHost(input)).toBe(expected);
  });

  it.each([
    "127.0.0.1",
    "127.0.0.1:3000",
    "127.1", // WHATWG would read this as 127.0.0.1
    "0x7f.1",
    "2130706433",
    "[::1]",
    "[::1]:443",
    "::1",
    "fe80::1",
    "1.2.3.4.",
    "",
    "   ",
    ".",
    "..example.com",
    "exa mple.com",
    "example.com:",
    "example.com:http",
    "example.com:99999999",
    "-bad.example.com",
    "bad-.example.com",
    "under_score.example.com",
    "a".repeat(64) + ".example.com",
    ("a".repeat(60) + ".").repeat(5) + "com",
    "evil.com/path",
    "evil.com@other.com",
    "<script>.example",
    "example.123",
  ])("refuses %j", (input) => {
    expect(normalizeHost(input)).toBeNull();
  });

  it("refuses things that are not strings", () => {
    expect(normalizeHost(undefined)).toBeNull();
    expect(normalizeHost(null)).toBeNull();
  });
});

describe("classifyHost", () => {
  const sites = { appHost: "app.candor.example", platformDomain: "candor.example" };
  it("tells the app host, tenant subdomains, custom domains and strangers apart", () => {
    expect(classifyHost("app.candor.example", sites)).toEqual({ kind: "app" });
    expect(classifyHost("APP.candor.example:443", sites)).toEqual({ kind: "app" });
    expect(classifyHost("localhost:3000", sites)).toEqual({ kind: "app" });
    expect(classifyHost("127.0.0.1:3000", sites)).toEqual({ kind: "app" });
    expect(classifyHost("[::1]:3000", sites)).toEqual({ kind: "app" });
    expect(classifyHost("acme.candor.example", sites)).toEqual({ kind: "platform", host: "acme.candor.example", slug: "acme" });
    expect(classifyHost("Acme.Candor.Example.", sites)).toEqual({ kind: "platform", host: "acme.candor.example", slug: "acme" });
    expect(classifyHost("trust.acme.com", sites)).toEqual({ kind: "custom", host: "trust.acme.com" });
    // Not tenants: the bare platform domain, a nested subdomain, a slug that cannot exist, IPs.
    expect(classifyHost("candor.example", sites)).toEqual({ kind: "unknown" });
    expect(classifyHost("a.acme.candor.example", sites)).toEqual({ kind: "unknown" });
    expect(classifyHost("ab.candor.example", sites)).toEqual({ kind: "unknown" });
    expect(classifyHost("10.0.0.1", sites)).toEqual({ kind: "unknown" });
    expect(classifyHost(undefined, sites)).toEqual({ kind: "unknown" });
  });

  it("in development, {slug}.localhost is the tenant and localhost the app", () => {
    const dev = { appHost: "localhost", platformDomain: "localhost" };
    expect(classifyHost("demo.localhost:3000", dev)).toEqual({ kind: "platform", host: "demo.localhost", slug: "demo" });
    expect(classifyHost("localhost:3000", dev)).toEqual({ kind: "app" });
  });
});

describe("tenantPath", () => {
  it("maps a tenant host's public paths under /t/{slug}, and nothing else", () => {
    expect(tenantPath("/", "acme")).toBe("/t/acme");
    for (const path of ["/trust.json", "/.well-known/security.txt", "/changelog", "/feed.xml", "/verify"]) expect(tenantPath(path, "acme")).toBe(`/t/acme${path}`);
    expect(tenantPath(`/assets/${"a".repeat(64)}`, "acme")).toBe(`/t/acme/assets/${"a".repeat(64)}`);
    expect(tenantPath("/documents/0b6f0f8e-6a2c-4b84-9a51-3c1a0e9a0f11/2", "acme")).toBe("/t/acme/documents/0b6f0f8e-6a2c-4b84-9a51-3c1a0e9a0f11/2");
    expect(tenantPath("/access/documents/0b6f0f8e-6a2c-4b84-9a51-3c1a0e9a0f11", "acme")).toBe("/t/acme/access/documents/0b6f0f8e-6a2c-4b84-9a51-3c1a0e9a0f11");
    expect(tenantPath("/access/certificate", "acme")).toBe("/t/acme/access/certificate");
    expect(tenantPath("/access/downloads", "acme")).toBe("/t/acme/access/downloads");
    for (const path of ["/access/downloads/", "/access/downloads.csv", "/access/downloads/1"]) expect(tenantPath(path, "acme")).toBeNull();
    expect(tenantPath("/mcp", "acme")).toBe("/t/acme/mcp");
    for (const path of ["/mcp/", "/mcp/x", "/MCP", "/mcp.json"]) expect(tenantPath(path, "acme")).toBeNull();
    for (const path of ["/access/certificate/", "/access/certificate.pdf", "/access/certificate/0b6f0f8e-6a2c-4b84-9a51-3c1a0e9a0f11"]) expect(tenantPath(path, "acme")).toBeNull();
    for (const path of ["/subscribe", "/subscribe/confirm", "/subscribe/manage", "/unsubscribe"]) expect(tenantPath(path, "acme")).toBe(`/t/acme${path}`);
    for (const path of ["/subscribe/", "/subscribe/other", "/unsubscribe/x", "/subscribers", "/subscribe/manage/../../dashboard"]) expect(tenantPath(path, "acme")).toBeNull();
    for (const path of ["/access/documents", "/access/documents/", "/access/documents/0b6f0f8e-6a2c-4b84-9a51-3c1a0e9a0f11/1", "/access/documents/../../dashboard"]) expect(tenantPath(path, "acme")).toBeNull();
    for (const path of ["/dashboard", "/dashboard/acme", "/api/health", "/api/auth/session", "/auth/sign-in", "/login", "/dev/mailbox", "/t/other", "/t/acme", "/invite", "/changelog/", "/trust.json/x", "/internal/tls/ask"]) {
      expect(tenantPath(path, "acme")).toBeNull();
    }
  });
});

describe("isLoopbackAddress", () => {
  it("accepts only this machine's addresses", () => {
    for (const address of ["127.0.0.1", "127.5.6.7", "::1", "::ffff:127.0.0.1"]) expect(isLoopbackAddress(address)).toBe(true);
    for (const address of ["10.0.0.1", "192.168.1.1", "::ffff:10.0.0.1", "fe80::1", "0.0.0.0", "", undefined, "localhost"]) expect(isLoopbackAddress(address)).toBe(false);
  });
});
