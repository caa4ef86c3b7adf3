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

/**
 * Tenant Markdown sits under a heading of ours (a section's h2, an update's h3): its own headings
 * are moved down so the first level it uses sits one below that heading, the rest keeping their
 * distance, capped at h6. A policy's "## In scope" under the section's h2 becomes an h3.
 */
function demoteHeadings(options: { under: HeadingLevel }) {
  return (tree: Node) => {
    const headings: Node[] = [];
    const visit = (node: Node) => {
      if (node.type === "element" && /^h[1-6]$/.test(node.tagName ?? "")) headings.push(node);
      node.children?.forEach(visit);
    };
    visit(tree);
    if (!headings.length) return;
    const top = Math.min(...headings.map((h) => Number(h.tagName![1])));
    const shift = Math.max(0, options.under + 1 - top);
    for (const heading of headings) heading.tagName = `h${Math.min(6, Number(heading.tagName![1]) + shift)}`;
  };
}

/**
 * A comparison (issue 15): each body cell of a table is labelled with its column's heading
 * (data-label), so on a phone a row can be shown as a card that still says what each value is.
 */
function labelCells() {
  const textOf = (node: Node): string => ((node as Text).type === "text" ? ((node as Text).value ?? "") : (node.children ?? []).map(textOf).join(""));
  return (tree: Node) => {
    const visit = (node: Node) => {
      if (node.type === "element" && node.tagName === "table") {
        const head = node.children?.find((c) => c.tagName === "thead");
        const labels = (head?.children?.find((c) => c.tagName === "tr")?.children ?? []).filter((c) => c.tagName === "th").map((th) => textOf(th).trim());
        const body = node.children?.find((c) => c.tagName === "tbody");
        for (const row of body?.children ?? []) {
          let column = 0;
          for (const cell of row.children ?? []) {
            if (cell.type !== "element" || cell.tagName !== "td") continue;
            if (labels[column]) cell.properties = { ...cell.properties, dataLabel: labels[column] };
            column++;
          }
        }
        return;
      }
      node.children?.forEach(visit);
    };
    visit(tree);
  };
}

/** The level of the heading the Markdown is rendered under (1: the page's h1 … 6). */
export type HeadingLevel = 1 | 2 | 3 | 4 | 5 | 6;

const parse = unified().use(remarkParse).use(remarkGfm).use(remarkRehype).use(rehypeSanitize, SANITIZE_SCHEMA);
const processors = new Map<string, ReturnType<typeof makeProcessor>>();
const makeProcessor = (under: HeadingLevel, labelled: boolean) =>
  unified()
    .use(remarkParse)
    .use(remarkGfm)
    .use(remarkRehype)
    .use(rehypeSanitize, SANITIZE_SCHEMA)
    .use(relOnLinks)
    .use(demoteHeadings, { under })
    .use(labelled ? labelCells : () => undefined)
    .use(rehypeStringify);
const processorFor = (under: HeadingLevel, labelled: boolean) => {
  const key = `${under}${labelled ? "c" : ""}`;
  let processor = processors.get(key);
  if (!processor) processors.set(key, (processor = makeProcessor(under, labelled)));
  return processor;
};

/**
 * Rendering is the costly part of a cold page (the unified pipeline, ~0.4 ms a field), and the
 * same texts come back: the next day's render, a republish that changed one control, the
 * preview. So results are remembered, by source text, for the most recent MEMO_ENTRIES texts.
 */
const MEMO_ENTRIES = 20_000;
const MEMO_MAX_SOURCE = 20_000;
const memo = new Map<string, string>();

/**
 * `under`: the level of the heading this Markdown sits under (its own headings go below it).
 * `comparison`: label table cells with their column (labelCells).
 */
export function markdownToHtml(markdown: string, under: HeadingLevel, options: { comparison?: boolean } = {}): SafeHtml {
  if (!markdown.trim()) return safe("");
  const labelled = options.comparison === true;
  const key = `${under}${labelled ? "c" : ""}\n${markdown}`;
  const hit = memo.get(key);
  if (hit !== undefined) {
    memo.delete(key);
    memo.set(key, hit);
    return safe(hit);
  }
  const rendered = String(processorFor(under, labelled).processSync(markdown));
  if (markdown.length <= MEMO_MAX_SOURCE) {
    memo.set(key, rendered);
    if (memo.size > MEMO_ENTRIES) memo.delete(memo.keys().next().value!);
  }
  return safe(rendered);
}

const BLOCK = new Set(["p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr", "td", "th", "br", "hr", "ul", "ol", "table"]);
type Text = Node & { value?: string };

/**
 * Tenant Markdown as the words a reader sees, for places that take plain text (the feed's
 * summary, JSON-LD): rendered and sanitised as for the page, then only its text kept, blocks
 * separated by a space, whitespace collapsed. No Markdown syntax and no markup survive.
 */
export function markdownToText(markdown: string): string {
  if (!markdown.trim()) return "";
  const tree = parse.runSync(parse.parse(markdown)) as Text;
  const parts: string[] = [];
  const visit = (node: Text) => {
    if (node.type === "text") parts.push(node.value ?? "");
    node.children?.forEach(visit);
    if (node.type === "element" && BLOCK.has(node.tagName ?? "")) parts.push(" ");
  };
  visit(tree);
  return parts.join("").replace(/\s+/g, " ").trim();
}
