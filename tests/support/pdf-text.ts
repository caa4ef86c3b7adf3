import { inflateSync } from "node:zlib";

/**
 * What the content streams of a PDF draw, as text: each stream inflated (pdf-lib writes them
 * Flate-compressed or not), its hex strings (`<…> Tj`, how pdf-lib writes Helvetica text)
 * decoded. Enough to read back a watermark stamped by pdf-lib; not a general PDF text extractor.
 */
export function drawnText(pdf: Uint8Array) {
  const raw = Buffer.from(pdf);
  const latin = raw.toString("latin1");
  const texts: string[] = [];
  for (const match of latin.matchAll(/(?<!end)stream\r?\n/g)) {
    const start = match.index + match[0].length;
    const end = latin.indexOf("endstream", start);
    const chunk = raw.subarray(start, end);
    let content: string;
    try {
      content = inflateSync(chunk, { finishFlush: 2 }).toString("latin1");
    } catch {
      content = chunk.toString("latin1");
    }
    texts.push([...content.matchAll(/<([0-9A-Fa-f]+)>\s*Tj/g)].map((m) => Buffer.from(m[1]!, "hex").toString("latin1")).join("\n"));
  }
  return texts.join("\n");
}
