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

export function markdownToHtml(markdown: string): SafeHtml {
  if (!markdown.trim()) return safe("");
  return safe(String(processor.processSync(markdown)));
}
