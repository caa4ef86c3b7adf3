import { parse, type DefaultTreeAdapterTypes } from "parse5";

/**
 * HTML read the way a browser reads it: parse5 implements the WHATWG parsing algorithm, so what
 * a test finds here (elements, attributes, text) is what a browser would build from the bytes,
 * including the odd cases (foreign content, tables, raw-text elements) that a regex would miss.
 */
export type Element = DefaultTreeAdapterTypes.Element;
type Node = DefaultTreeAdapterTypes.Node;

export function parseHtml(html: string) {
  return parse(html);
}

const isElement = (node: Node): node is Element => "tagName" in node;
const childrenOf = (node: Node): Node[] => {
  const own = "childNodes" in node ? (node.childNodes as Node[]) : [];
  // A <template>'s content is a separate fragment; it can still hold live markup once cloned.
  const content = isElement(node) && node.tagName === "template" ? ((node as DefaultTreeAdapterTypes.Template).content.childNodes as Node[]) : [];
  return [...own, ...content];
};

/** Every element under `root`, in document order. */
export function elements(root: Node): Element[] {
  const out: Element[] = [];
  const visit = (node: Node) => {
    if (isElement(node)) out.push(node);
    for (const child of childrenOf(node)) visit(child);
  };
  visit(root);
  return out;
}

/** The text a reader sees in `node` (entities decoded). */
export function textOf(node: Node): string {
  if (node.nodeName === "#text") return (node as DefaultTreeAdapterTypes.TextNode).value;
  return childrenOf(node).map(textOf).join("");
}

export function attribute(element: Element, name: string) {
  return element.attrs.find((a) => a.name === name)?.value;
}
