import { describe, expect, it } from "vitest";
import { formatBytes } from "@/lib/file-size";
import { renderTrustPage } from "@/modules/publishing/render/page";
import { sparseView, pageMeta } from "../support/public-view";

describe("file sizes for people", () => {
  it.each([
    [0, "0 bytes"],
    [1, "1 byte"],
    [142, "142 bytes"],
    [1023, "1023 bytes"],
    [1024, "1 KB"],
    [1536, "1.5 KB"],
    [10_188, "9.9 KB"],
    [10_239, "10 KB"],
    [146_432, "143 KB"],
    [1_048_063, "1023 KB"],
    [1_048_575, "1 MB"],
    [1_048_576, "1 MB"],
    [2_621_440, "2.5 MB"],
    [26_214_400, "25 MB"],
    [5 * 1024 ** 3, "5 GB"],
  ])("%i bytes reads %s", (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });

  it("nonsense sizes do not print as a number", () => {
    expect(formatBytes(-1)).toBe("unknown size");
    expect(formatBytes(Number.NaN)).toBe("unknown size");
  });

  it("the public page states a 142-byte file as 142 bytes, not 1 KB", () => {
    const view = sparseView({
      documents: [
        {
          id: "5f0c7b1e-0d1f-4a55-9d1b-3f1e2a4b5c6d",
          title: "Tiny policy",
          description: "",
          category: "",
          access: "public",
          version: { number: 1, label: "", effectiveDate: null, file: { name: "tiny.pdf", mimeType: "application/pdf", size: 142, sha256: "a".repeat(64) } },
        },
      ],
    });
    const html = renderTrustPage(view, pageMeta());
    expect(html).toContain("(142 bytes, SHA-256");
    expect(html).not.toContain("1 KB");
  });
});
