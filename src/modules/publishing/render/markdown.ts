import rehypeSanitize from "rehype-sanitize";
import rehypeStringify from "rehype-stringify";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import remarkRehype from "remark-rehype";
import { unified } from "unified";
import { SANITIZE_SCHEMA } from "@/modules/content/markdown-schema";
import { safe, type SafeHtml } from "./html";

/**
 * Tenant Markdown → HTML for the public surfaces, with the same rules as the dashboard's React
 * renderer: raw HTML is dropped (remark-rehype without allowDangerousHtml), the result passes the
 * shared sanitization schema, and links get rel="nofollow noopener noreferrer".
 */
type Node = { type: string; tagName?: string; properties?: Record<string, unknown>; children?: Node[] };

function relOnLinks() {
  return (tree: Node) => {
    const visit = (node: Node) => {
      if (node.type === "element" && node.tagName === "a") node.properties = { ...node.properties, rel: ["nofollow", "noopener", "noreferrer"] };
      node.children?.forEach(visit);
    };
    visit(tree);
  };
}

const processor = unified().use(remarkParse).use(remarkGfm).use(remarkRehype).use(rehypeSanitize, SANITIZE_SCHEMA).use(relOnLinks).use(rehypeStringify);

/**
 * Rendering is the costly part of a cold page (the unified pipeline, ~0.4 ms a field), and the
 * same texts come back: the next day's render, a republish that changed one control, the
 * preview. So results are remembered, by source text, for the most recent MEMO_ENTRIES texts.
 */
const MEMO_ENTRIES = 20_000;
const MEMO_MAX_SOURCE = 20_000;
const memo = new Map<string, string>();

export function markdownToHtml(markdown: string): SafeHtml {
  if (!markdown.trim()) return safe("");
  const hit = memo.get(markdown);
  if (hit !== undefined) {
    memo.delete(markdown);
    memo.set(markdown, hit);
    return safe(hit);
  }
  const rendered = String(processor.processSync(markdown));
  if (markdown.length <= MEMO_MAX_SOURCE) {
    memo.set(markdown, rendered);
    if (memo.size > MEMO_ENTRIES) memo.delete(memo.keys().next().value!);
  }
  return safe(rendered);
}
