import { describe, expect, it } from "vitest";
import { emailSchema, safeNextPath } from "@/modules/auth/schema";
import { RESERVED_SLUGS, slugSchema } from "@/modules/organizations/schema";

describe("email addresses", () => {
  it.each(["ada@example.com", "  Ada.Lovelace+trust@Example.CO.uk ", "o'brien@example.ie", "x@sub.xn--bcher-kva.example"])("accepts %s", (value) => {
    expect(emailSchema.parse(value)).toBe(value.trim().toLowerCase());
  });

  it.each([
    "a@b.com\r\nBcc: c@d.com",
    "a@b.com\nc@d.com",
    "a@b.com,c@d.com",
    "a@b.com;c@d.com",
    "a@b.com c@d.com",
    '"a@b"@c.com',
    "a＠b.com",
    "Name <a@b.com>",
    "a@@b.com",
    "a@b",
    "@b.com",
    "a@-b.com",
    "a..b@c.com",
    "ünï@example.com",
    "",
    `${"a".repeat(65)}@example.com`,
  ])("rejects %j", (value) => {
    expect(emailSchema.safeParse(value).success).toBe(false);
  });
});

describe("redirect targets after sign-in", () => {
  it.each([
    ["/dashboard/acme/settings?tab=1", "/dashboard/acme/settings?tab=1"],
    ["https://evil.example/", "/dashboard"],
    ["//evil.example", "/dashboard"],
    ["/\\evil.example", "/dashboard"],
    ["javascript:alert(1)", "/dashboard"],
    ["/ok\r\nSet-Cookie: x=y", "/dashboard"],
    [undefined, "/dashboard"],
  ])("%j → %j", (input, expected) => {
    expect(safeNextPath(input)).toBe(expected);
  });
});

describe("organisation slugs", () => {
  it.each(["acme", "acme-inc", "a1b", "x".repeat(40), "ACME"])("accepts %s", (slug) => {
    expect(slugSchema.parse(slug)).toBe(slug.toLowerCase());
  });

  it.each(["ab", "x".repeat(41), "-acme", "acme-", "acme_inc", "acme.inc", "acmé", "ac me"])("rejects %j", (slug) => {
    expect(slugSchema.safeParse(slug).success).toBe(false);
  });

  it("reserves the words the platform uses for itself", () => {
    for (const word of ["admin", "api", "app", "www", "t", "dashboard", "auth", "internal", "static", "dev"]) {
      expect(RESERVED_SLUGS.has(word)).toBe(true);
      if (word.length >= 3) expect(slugSchema.safeParse(word).error?.issues[0]?.message).toMatch(/reserved/);
    }
  });
});
