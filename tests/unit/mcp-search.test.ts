import { describe, expect, it } from "vitest";
import { matches } from "@/modules/mcp/server/answers";

describe("the MCP tools' text search", () => {
  it("matches when every word appears somewhere in the fields, whatever the case; no query matches everything", () => {
    expect(matches(undefined, ["TLS everywhere"])).toBe(true);
    expect(matches("", ["TLS everywhere"])).toBe(true);
    expect(matches("   ", ["TLS everywhere"])).toBe(true);
    expect(matches("tls", ["TLS everywhere"])).toBe(true);
    expect(matches("everywhere TLS", ["TLS", "everywhere"])).toBe(true);
    expect(matches("tls mfa", ["TLS everywhere", "no second factor"])).toBe(false);
    expect(matches("x", [null, undefined, ""])).toBe(false);
  });

  it("treats the query as text, not a pattern", () => {
    expect(matches(".*", ["anything"])).toBe(false);
    expect(matches("(a|b)", ["a"])).toBe(false);
    expect(matches("<script>", ["a <script> tag"])).toBe(true);
  });
});
