import { describe, expect, it } from "vitest";
import { attachmentDisposition, documentDownloadHeaders } from "./download";

describe("attachmentDisposition", () => {
  it("keeps a plain ASCII name in both parameters", () => {
    expect(attachmentDisposition("soc2-report.pdf")).toBe(`attachment; filename="soc2-report.pdf"; filename*=UTF-8''soc2-report.pdf`);
  });

  it("encodes UTF-8 per RFC 5987 and gives an ASCII fallback", () => {
    expect(attachmentDisposition("Sécurité – 2026.pdf")).toBe(`attachment; filename="Securite _ 2026.pdf"; filename*=UTF-8''S%C3%A9curit%C3%A9%20%E2%80%93%202026.pdf`);
  });

  it("cannot break out of the quoted fallback or the header", () => {
    const header = attachmentDisposition(`a"b\\c;d%e'f(g)*.pdf`);
    expect(header).toBe(`attachment; filename="a_b_c_d_e'f(g)*.pdf"; filename*=UTF-8''a%22b%5Cc%3Bd%25e%27f%28g%29%2A.pdf`);
    expect(header).not.toMatch(/[\r\n]/);
  });

  it("falls back to a neutral name when nothing ASCII is left", () => {
    expect(attachmentDisposition("报告.pdf")).toBe(`attachment; filename="__.pdf"; filename*=UTF-8''%E6%8A%A5%E5%91%8A.pdf`);
  });
});

describe("documentDownloadHeaders", () => {
  it("sends the stored type as an attachment that is never sniffed, run or cached", () => {
    expect(documentDownloadHeaders({ mimeType: "application/pdf", fileName: "policy.pdf" })).toEqual({
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="policy.pdf"; filename*=UTF-8''policy.pdf`,
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'; sandbox",
      "Cache-Control": "private, no-store",
    });
  });
});
