import { describe, expect, it } from "vitest";
import { disclosureSchema, evidenceSchema, frameworkSchema, reviewItemSchema, subprocessorSchema, urlScheme } from "@/modules/content/schema";

/**
 * Every user-supplied URL field, against the spellings a browser's URL parser (WHATWG) reads as
 * a script URL although the text does not start with "javascript:" (ASVS 1.2.2). The check runs
 * on the text as the browser parses it: tabs and newlines removed, leading C0 controls and spaces
 * stripped, scheme case-folded; and on the text with HTML character references decoded.
 */
const HOSTILE: [string, string][] = [
  ["plain", "javascript:alert(1)"],
  ["mixed case", "JaVaScRiPt:alert(1)"],
  ["a tab inside the scheme", "java\tscript:alert(1)"],
  ["a newline inside the scheme", "java\nscript:alert(1)"],
  ["CR LF inside the scheme", "java\r\nscript:alert(1)"],
  ["leading spaces", "   javascript:alert(1)"],
  ["a leading NUL", "\u0000javascript:alert(1)"],
  ["a leading \\u001f", "\u001fjavascript:alert(1)"],
  ["a NUL before the colon", "javascript\u0000:alert(1)"],
  ["a trailing NUL", "https://example.com/\u0000"],
  ["&colon;", "javascript&colon;alert(1)"],
  ["&#58;", "javascript&#58;alert(1)"],
  ["&#x3a; without its semicolon", "javascript&#x3a alert(1)"],
  ["&#x09; inside the scheme", "jav&#x09;ascript:alert(1)"],
  ["&Tab; inside the scheme", "jav&Tab;ascript:alert(1)"],
  ["data:", "data:text/html,<script>alert(1)</script>"],
  ["vbscript:", "vbscript:msgbox(1)"],
  ["file:", "file:///etc/passwd"],
  ["blob:", "blob:https://example.com/0b3f"],
  ["a protocol-less scheme after a newline", "\njavascript:alert(1)"],
];

const valid = { label: "Evidence", kind: "URL", visibility: "PUBLIC" } as const;
const fields: [string, (value: string) => boolean][] = [
  ["evidence target", (value) => evidenceSchema.safeParse({ ...valid, target: value }).success],
  ["framework report link", (value) => frameworkSchema.safeParse({ name: "SOC 2", status: "CERTIFIED", reportUrl: value }).success],
  ["subprocessor website", (value) => subprocessorSchema.safeParse({ vendor: "Acme", purpose: "Hosting", location: "EU", website: value }).success],
  ["disclosure encryption key", (value) => disclosureSchema.safeParse({ encryptionUrl: value }).success],
  ["disclosure acknowledgments", (value) => disclosureSchema.safeParse({ acknowledgmentsUrl: value }).success],
  ["disclosure bug bounty link", (value) => disclosureSchema.safeParse({ bugBountyUrl: value }).success],
  ["disclosure contact", (value) => disclosureSchema.safeParse({ contacts: [value] }).success],
  ["review remediation link", (value) => reviewItemSchema.safeParse({ area: "Auth", question: "Safe?", resolution: "REMEDIATED", remediationUrl: value }).success],
];

describe.each(fields)("%s", (_field, accepts) => {
  it.each(HOSTILE)("refuses %s", (_label, value) => {
    expect(accepts(value)).toBe(false);
  });

  it("accepts an ordinary https link", () => {
    expect(accepts("https://example.com/security?lang=en&v=2")).toBe(true);
  });
});

describe("evidence targets are free text otherwise", () => {
  it.each([
    "src/server/gate.ts",
    "backend/core.py — hash_pw(), verify_pw()",
    "Roadmap — not yet in scope",
    "/api/schema/",
    "ISO 27001:2022 Annex A.5",
    "HTTP://EXAMPLE.COM/evidence",
    "R&D handbook, section 4",
  ])("%s", (target) => {
    expect(evidenceSchema.safeParse({ ...valid, kind: "DOCUMENT", target }).success).toBe(true);
  });
});

describe("urlScheme reads what a browser reads", () => {
  it.each([
    ["java\tscript:x", "javascript"],
    [" \u0000JavaScript:x", "javascript"],
    ["HTTPS://x", "https"],
    ["src/a.ts", null],
    ["ISO 27001:2022", null],
    ["\u00a0javascript:x", null], // a no-break space is not stripped: no scheme (a relative URL)
  ])("%j → %j", (value, scheme) => {
    expect(urlScheme(value)).toBe(scheme);
  });
});
