import { describe, expect, it } from "vitest";
import { markdownToHtml, markdownToText } from "@/modules/publishing/render/markdown";

/** Tenant Markdown on the public surfaces (issue 16): headings under ours, and words for machines. */
describe("markdownToHtml(text, under)", () => {
  it("moves the text's top heading level to one below the heading it sits under, keeping the distances", () => {
    expect(markdownToHtml("## Reporting\n\ntext\n\n### Detail", 2).value).toBe("<h3>Reporting</h3>\n<p>text</p>\n<h4>Detail</h4>");
    expect(markdownToHtml("# One\n\n## Two", 2).value).toBe("<h3>One</h3>\n<h4>Two</h4>");
    expect(markdownToHtml("#### Already low", 2).value).toBe("<h4>Already low</h4>");
  });

  it("caps at h6, and never lets tenant text make a heading at or above the page's own", () => {
    expect(markdownToHtml("# A\n\n## B\n\n### C\n\n#### D", 4).value).toBe("<h5>A</h5>\n<h6>B</h6>\n<h6>C</h6>\n<h6>D</h6>");
    expect(markdownToHtml("# Not the page title", 1).value).toBe("<h2>Not the page title</h2>");
  });

  it("keeps a rendering per level: the same text under different headings is not served from the other's memo", () => {
    expect(markdownToHtml("# Same", 2).value).toBe("<h3>Same</h3>");
    expect(markdownToHtml("# Same", 3).value).toBe("<h4>Same</h4>");
  });
});

describe("markdownToText", () => {
  it("keeps the words and drops the syntax and any markup", () => {
    expect(markdownToText("Listed under **Frameworks**, see [the report](https://example.com/r) and `base-uri`.\n\n- one\n- two")).toBe("Listed under Frameworks, see the report and base-uri. one two");
    // A line that opens with raw HTML is an HTML block: dropped whole, as on the page.
    expect(markdownToText('<script>alert(1)</script><img src=x onerror=alert(1)> ## Heading\n\n# Title')).toBe("Title");
    expect(markdownToText("Text with <b onclick=alert(1)>inline</b> markup")).toBe("Text with inline markup");
    expect(markdownToText("   ")).toBe("");
  });
});
