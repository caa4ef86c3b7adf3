import { afterEach, describe, expect, it } from "vitest";
import { clearedGranteeCookie, granteeCookie, granteeToken } from "@/modules/access/server/site";
import { resetEnvCache } from "@/server/env";
import { cookieValue, hasGranteeCookie, onlyGranteeCookies } from "@/server/grantee-cookie";

/** The grantee cookie's name and attributes by scheme, and how the edge and the proxy recognise it. */
const APP_URL = process.env.APP_URL;
afterEach(() => {
  process.env.APP_URL = APP_URL;
  resetEnvCache();
});

describe("the grantee cookie", () => {
  it("on https is __Host- prefixed, Secure, host-only, HttpOnly, SameSite=Lax, Path=/; only that name is read there", () => {
    process.env.APP_URL = "https://candor.example";
    resetEnvCache();
    const expires = new Date("2027-01-02T03:04:05Z");
    expect(granteeCookie("a".repeat(64), expires)).toBe(`__Host-candor-grantee=${"a".repeat(64)}; Path=/; Expires=Sat, 02 Jan 2027 03:04:05 GMT; HttpOnly; SameSite=Lax; Secure`);
    expect(clearedGranteeCookie()).toBe("__Host-candor-grantee=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax; Secure");
    expect(granteeToken(new Request("https://acme.example/", { headers: { cookie: `candor-grantee=${"b".repeat(64)}` } }))).toBeUndefined();
    expect(granteeToken(new Request("https://acme.example/", { headers: { cookie: `__Host-candor-grantee=${"c".repeat(64)}` } }))).toBe("c".repeat(64));
  });

  it("on http development is plain candor-grantee, without Secure", () => {
    expect(granteeCookie("a".repeat(64), new Date("2027-01-02T03:04:05Z"))).toBe(`candor-grantee=${"a".repeat(64)}; Path=/; Expires=Sat, 02 Jan 2027 03:04:05 GMT; HttpOnly; SameSite=Lax`);
  });

  it("is recognised under either name and nothing else; the proxy keeps it alone", () => {
    expect(hasGranteeCookie("candor-grantee=x")).toBe(true);
    expect(hasGranteeCookie("a=1; __Host-candor-grantee=x")).toBe(true);
    expect(hasGranteeCookie(["a=1", "candor-grantee=x"])).toBe(true);
    expect(hasGranteeCookie("candor-grantees=x; mycandor-grantee=x; candor.session=x")).toBe(false);
    expect(hasGranteeCookie(undefined)).toBe(false);
    expect(onlyGranteeCookies("candor.session=m; candor-grantee=g; __Host-candor.session=h; __Host-candor-grantee=s")).toBe("candor-grantee=g; __Host-candor-grantee=s");
    expect(onlyGranteeCookies("candor.session=m")).toBeNull();
    expect(cookieValue("a=1; candor-grantee=tok=en", "candor-grantee")).toBe("tok=en");
  });
});
