import "server-only";

/**
 * `Content-Disposition: attachment` with the stored name: an ASCII fallback in `filename` for
 * old clients, and the exact UTF-8 name in `filename*` (RFC 6266, RFC 5987 encoding).
 */
export function attachmentDisposition(fileName: string): string {
  const fallback =
    fileName
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "") // accents, once decomposed
      .replace(/[^\x20-\x7e]|["\\%;]/g, "_")
      .trim() || "document";
  return `attachment; filename="${fallback}"; filename*=UTF-8''${rfc5987(fileName)}`;
}

/** RFC 5987 value-chars: encodeURIComponent leaves ' ( ) * as they are, which attr-char does not allow. */
function rfc5987(value: string) {
  return encodeURIComponent(value).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Headers for sending a stored document: its recorded type, never sniffed by the browser, never
 * rendered as a page that could run anything, never cached by a shared cache.
 */
export function documentDownloadHeaders(file: { mimeType: string; fileName: string }): HeadersInit {
  return {
    "Content-Type": file.mimeType,
    "Content-Disposition": attachmentDisposition(file.fileName),
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
    "Cache-Control": "private, no-store",
  };
}
