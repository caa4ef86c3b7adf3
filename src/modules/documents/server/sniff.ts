import "server-only";

/** The largest document file accepted: 25 MiB. */
export const MAX_DOCUMENT_BYTES = 25 * 1024 * 1024;

export const DOCUMENT_TYPES = {
  "application/pdf": { label: "PDF", extensions: ["pdf"] },
  "image/png": { label: "PNG image", extensions: ["png"] },
  "image/jpeg": { label: "JPEG image", extensions: ["jpg", "jpeg"] },
  "text/plain": { label: "text file", extensions: ["txt"] },
  "text/markdown": { label: "Markdown file", extensions: ["md", "markdown"] },
} as const;

export type DocumentMimeType = keyof typeof DOCUMENT_TYPES;

export type SniffResult = { ok: true; mimeType: DocumentMimeType } | { ok: false; reason: string };

const ACCEPTED = "Upload a PDF, PNG, JPEG, text or Markdown file (checked from the file's contents, not its name).";

/**
 * The type of a document from its bytes alone. The name only chooses between Markdown and plain
 * text, which have no signature of their own. Anything else is refused, including SVG and HTML,
 * which a browser could run as a page.
 */
export function sniffDocument(bytes: Uint8Array, fileName: string): SniffResult {
  if (bytes.byteLength === 0) return { ok: false, reason: "The file is empty." };
  if (bytes.byteLength > MAX_DOCUMENT_BYTES) {
    return { ok: false, reason: `The file is too large: at most ${MAX_DOCUMENT_BYTES / (1024 * 1024)} MB.` };
  }
  const starts = (signature: readonly number[]) => signature.every((byte, i) => bytes[i] === byte);
  if (starts([0x25, 0x50, 0x44, 0x46, 0x2d])) return { ok: true, mimeType: "application/pdf" }; // %PDF-
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { ok: true, mimeType: "image/png" };
  if (starts([0xff, 0xd8, 0xff])) return { ok: true, mimeType: "image/jpeg" };

  const text = decodeText(bytes);
  if (text === undefined) return { ok: false, reason: ACCEPTED };
  if (looksLikeMarkup(text)) {
    return { ok: false, reason: "HTML, SVG and XML files are not accepted. Upload a PDF instead, or plain text or Markdown." };
  }
  return { ok: true, mimeType: extensionOf(fileName) === "md" || extensionOf(fileName) === "markdown" ? "text/markdown" : "text/plain" };
}

// C0 controls other than tab, LF and CR; DEL; C1 controls.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/** The text of valid UTF-8 without control characters, or undefined. */
function decodeText(bytes: Uint8Array): string | undefined {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
  return CONTROL.test(text) ? undefined : text;
}

/**
 * What a browser sniffing the content would take for HTML (the WHATWG MIME Sniffing standard's
 * HTML patterns), plus XML and SVG. Checked after a byte-order mark and leading whitespace.
 */
const MARKUP = /^<(?:!doctype|!--|\?xml|(?:html|head|body|script|iframe|h1|div|font|table|a|style|title|b|br|p|svg|object|embed|meta|link)(?=[\s/>]|$))/i;

function looksLikeMarkup(text: string) {
  const start = text.replace(/^\uFEFF/, "").replace(/^[\t\n\f\r ]+/, "").slice(0, 64);
  return MARKUP.test(start);
}

export function extensionOf(fileName: string) {
  const base = fileName.split(/[/\\]/).pop() ?? "";
  const dot = base.lastIndexOf(".");
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : "";
}

/**
 * The name kept for downloads: the last path segment of what the browser sent, without control
 * characters, at most 200 characters, and with an extension that matches the sniffed type (a PDF
 * uploaded as "report.png" is kept as "report.pdf").
 */
export function storedFileName(fileName: string, mimeType: DocumentMimeType) {
  const extensions: readonly string[] = DOCUMENT_TYPES[mimeType].extensions;
  const base = (fileName.split(/[/\\]/).pop() ?? "")
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, "")
    .trim();
  const dot = base.lastIndexOf(".");
  const hasExtension = dot > 0;
  const stem = (hasExtension ? base.slice(0, dot) : base).trim().slice(0, 180) || "document";
  const extension = hasExtension && extensions.includes(base.slice(dot + 1).toLowerCase()) ? base.slice(dot + 1) : extensions[0];
  return `${stem}.${extension}`;
}
