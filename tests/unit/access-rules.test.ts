import { describe, expect, it } from "vitest";
import { toCsv } from "@/modules/access/csv";
import { describeRule, evaluateRules, NO_RULE_MATCHED, type Rule } from "@/modules/access/rules";
import { submitRequestSchema } from "@/modules/access/schema";
import { classifyEmailDomain, domainAndParents } from "@/modules/access/server/email-domains";
import { recordedIp } from "@/modules/access/server/ip";

describe("email-domain classification (free-email-domains 1.12.6, disposable-email-domains 1.0.62)", () => {
  it("knows free mail, disposable mail and neither", () => {
    expect(classifyEmailDomain("someone@gmail.com")).toEqual({ free: true, disposable: false });
    expect(classifyEmailDomain("someone@outlook.com")).toEqual({ free: true, disposable: false });
    expect(classifyEmailDomain("someone@mailinator.com")).toEqual({ free: false, disposable: true });
    expect(classifyEmailDomain("someone@yopmail.com")).toEqual({ free: false, disposable: true });
    expect(classifyEmailDomain("someone@acme.com")).toEqual({ free: false, disposable: false });
  });

  it("ignores case and a trailing dot, and classifies a subdomain as its parent", () => {
    expect(classifyEmailDomain("Someone@GMail.COM")).toEqual({ free: true, disposable: false });
    expect(classifyEmailDomain("gmail.com.")).toEqual({ free: true, disposable: false });
    expect(classifyEmailDomain("x@eu.mailinator.com")).toEqual({ free: false, disposable: true });
    expect(classifyEmailDomain("x@mail.acme.com")).toEqual({ free: false, disposable: false });
  });

  it("does not let a public suffix on a list (net.ua, co.cc) swallow every domain under it", () => {
    expect(classifyEmailDomain("x@net.ua").free).toBe(true);
    expect(classifyEmailDomain("x@kyivstar.net.ua")).toEqual({ free: false, disposable: false });
  });

  it("walks parents down to two labels", () => {
    expect(domainAndParents("a.b.example.com")).toEqual(["a.b.example.com", "b.example.com", "example.com"]);
    expect(domainAndParents("com")).toEqual([]);
  });
});

describe("rules, in their order", () => {
  const rule = (position: number, match: Rule["match"], decision: Rule["decision"], domains: string[] = []): Rule => ({ id: `r${position}`, position, match, domains, decision });
  const acme = { domain: "acme.com", free: false, disposable: false };
  const gmail = { domain: "gmail.com", free: true, disposable: false };
  const temp = { domain: "mailinator.com", free: false, disposable: true };

  it("the first matching rule decides, and is the one recorded", () => {
    const rules = [rule(1, "DISPOSABLE", "DENY"), rule(2, "DOMAINS", "APPROVE", ["acme.com"]), rule(3, "FREE_MAIL", "REVIEW"), rule(4, "ANY", "DENY")];
    expect(evaluateRules(rules, acme)).toMatchObject({ decision: "APPROVE", rule: { id: "r2" }, snapshot: "Rule 2: email domain is acme.com → approve" });
    expect(evaluateRules(rules, temp)).toMatchObject({ decision: "DENY", rule: { id: "r1" }, snapshot: "Rule 1: disposable address → deny" });
    expect(evaluateRules(rules, gmail)).toMatchObject({ decision: "REVIEW", rule: { id: "r3" }, snapshot: "Rule 3: free-mail address → manual review" });
    expect(evaluateRules(rules, { domain: "globex.com", free: false, disposable: false })).toMatchObject({ decision: "DENY", rule: { id: "r4" } });
  });

  it("order matters: the same rules reversed decide otherwise", () => {
    const rules = [rule(1, "ANY", "REVIEW"), rule(2, "DOMAINS", "APPROVE", ["acme.com"])];
    expect(evaluateRules(rules, acme)).toMatchObject({ decision: "REVIEW", rule: { id: "r1" } });
    expect(evaluateRules([{ ...rules[0]!, position: 2 }, { ...rules[1]!, position: 1 }], acme)).toMatchObject({ decision: "APPROVE", rule: { id: "r2" } });
  });

  it("a listed domain matches its subdomains, never a look-alike", () => {
    const rules = [rule(1, "DOMAINS", "APPROVE", ["acme.com"])];
    expect(evaluateRules(rules, { ...acme, domain: "eu.acme.com" }).decision).toBe("APPROVE");
    expect(evaluateRules(rules, { ...acme, domain: "notacme.com" }).decision).toBe("REVIEW");
    expect(evaluateRules(rules, { ...acme, domain: "acme.com.evil.example" }).decision).toBe("REVIEW");
  });

  it("no rule matching means manual review, with no rule recorded", () => {
    expect(evaluateRules([], acme)).toEqual({ decision: "REVIEW", rule: null, snapshot: NO_RULE_MATCHED });
    expect(NO_RULE_MATCHED).toBe("No rule matched → manual review");
  });

  it("describes a rule in words", () => {
    expect(describeRule({ position: 3, match: "DOMAINS", domains: ["a.com", "b.com"], decision: "APPROVE" })).toBe("Rule 3: email domain is a.com, b.com → approve");
  });
});

describe("what an IP address becomes under each recording setting", () => {
  it("keeps it, truncates it to its network, or drops it", () => {
    expect(recordedIp("203.0.113.7", "FULL")).toBe("203.0.113.7");
    expect(recordedIp("203.0.113.7", "TRUNCATED")).toBe("203.0.113.0");
    expect(recordedIp("203.0.113.7", "NONE")).toBeNull();
    expect(recordedIp("2001:db8:85a3:8d3:1319:8a2e:370:7348", "TRUNCATED")).toBe("2001:db8:85a3::");
    expect(recordedIp("2001:db8::1", "TRUNCATED")).toBe("2001:db8:0::");
    expect(recordedIp("::ffff:198.51.100.9", "TRUNCATED")).toBe("::ffff:198.51.100.0");
    expect(recordedIp("not an ip", "FULL")).toBeNull();
    expect(recordedIp(null, "FULL")).toBeNull();
  });
});

describe("the request form's schema", () => {
  const valid = { email: " Pat@Prospect.Example ", fullName: "Pat", company: "Prospect", scope: { all: true } };

  it("lower-cases and trims the address, defaults the reason and the scope", () => {
    expect(submitRequestSchema.parse({ ...valid, scope: undefined })).toEqual({ email: "pat@prospect.example", fullName: "Pat", company: "Prospect", reason: "", scope: { all: true } });
  });

  it("refuses oversized and malformed fields, and unknown fields", () => {
    expect(submitRequestSchema.safeParse({ ...valid, fullName: "x".repeat(201) }).success).toBe(false);
    expect(submitRequestSchema.safeParse({ ...valid, reason: "x".repeat(2001) }).success).toBe(false);
    expect(submitRequestSchema.safeParse({ ...valid, company: "a\u0000b" }).success).toBe(false);
    expect(submitRequestSchema.safeParse({ ...valid, email: "not-an-address" }).success).toBe(false);
    expect(submitRequestSchema.safeParse({ ...valid, scope: { items: ["../etc/passwd"] } }).success).toBe(false);
    expect(submitRequestSchema.safeParse({ ...valid, scope: { items: [] } }).success).toBe(false);
    expect(submitRequestSchema.safeParse({ ...valid, status: "APPROVED" }).success).toBe(false);
  });
});

describe("CSV export", () => {
  it("quotes every cell, doubles quotes, and defuses spreadsheet formulas", () => {
    expect(toCsv(["a", "b"], [["=HYPERLINK(\"x\")", 'say "hi"'], ["+1", null], ["@sum", "-2"]])).toBe(
      '"a","b"\r\n"\'=HYPERLINK(""x"")","say ""hi"""\r\n"\'+1",""\r\n"\'@sum","\'-2"\r\n',
    );
  });
});
