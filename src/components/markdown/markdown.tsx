import ReactMarkdown from "react-markdown";
import rehypeSanitize from "rehype-sanitize";
import remarkGfm from "remark-gfm";
import { SANITIZE_SCHEMA as schema } from "@/modules/content/markdown-schema";

/**
 * Markdown written by a tenant, rendered as HTML that cannot carry script: raw HTML is not
 * parsed, and the output passes GitHub's sanitization schema (links only http, https, mailto).
 */
export function Markdown({ children }: { children: string }) {
  return (
    <div className="prose-candor">
      <ReactMarkdown
        remarkPlugins={[remarkGfm]}
        rehypePlugins={[[rehypeSanitize, schema]]}
        skipHtml
        components={{ a: ({ node: _node, ...props }) => <a {...props} rel="nofollow noopener noreferrer" /> }}
      >
        {children}
      </ReactMarkdown>
    </div>
  );
}
