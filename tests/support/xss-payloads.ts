/**
 * Payloads a hostile editor (or an imported file) could put in any text field. Each, if it ever
 * ran, sets window.__xss, so a browser test can tell. Sources: OWASP XSS filter evasion cheat
 * sheet, PortSwigger XSS cheat sheet, Markdown-specific vectors.
 */
export const XSS_PAYLOADS = [
  `<script>window.__xss=1</script>`,
  `"><img src=x onerror="window.__xss=1">`,
  `'><svg onload=window.__xss=1>`,
  `<iframe src="javascript:window.__xss=1"></iframe>`,
  `<a href="javascript:window.__xss=1">click</a>`,
  `[click me](javascript:window.__xss=1)`,
  `[click me](JaVaScRiPt:window.__xss=1)`,
  `[data](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3M9MTwvc2NyaXB0Pg==)`,
  `![img](x" onerror="window.__xss=1)`,
  `<details open ontoggle=window.__xss=1>`,
  `<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=1>`,
  `</textarea><script>window.__xss=1</script>`,
  `{{constructor.constructor('window.__xss=1')()}}`,
  `<style>body{background:url("javascript:window.__xss=1")}</style>`,
  `\u2028<script>window.__xss=1</script>`,
] as const;

export const MARKDOWN_PAYLOAD = XSS_PAYLOADS.join("\n\n");
export const LINE_PAYLOAD = `<img src=x onerror=window.__xss=1> "><script>window.__xss=1</script>`;
