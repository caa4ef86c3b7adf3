import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Markdown } from "@/components/markdown/markdown";
import { XSS_PAYLOADS } from "../support/xss-payloads";

/** Every Markdown field renders through this component: nothing in it may become live markup. */
describe("Markdown rendering", () => {
  for (const payload of XSS_PAYLOADS) {
    it(`renders inert: ${JSON.stringify(payload).slice(0, 70)}`, () => {
      const html = renderToStaticMarkup(<Markdown>{`Intro\n\n${payload}\n\nOutro`}</Markdown>);
      expect(html).not.toMatch(/<(script|iframe|svg|math|style|details|img)\b/i);
      expect(html).not.toMatch(/<[a-z][^>]*\son[a-z]+\s*=/i); // an event handler inside a real tag (text is escaped)
      expect(html).not.toMatch(/(href|src)="\s*(javascript|data|vbscript):/i);
      expect(html).toContain("Outro");
    });
  }

  it("keeps the Markdown people actually write", () => {
    const html = renderToStaticMarkup(<Markdown>{"**Bold** and [a link](https://example.com) and `code`\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |"}</Markdown>);
    expect(html).toContain("<strong>Bold</strong>");
    expect(html).toContain('href="https://example.com"');
    expect(html).toContain('rel="nofollow noopener noreferrer"');
    expect(html).toContain("<code>code</code>");
    expect(html).toContain("<li>one</li>");
    expect(html).toContain("<table>");
  });
});
