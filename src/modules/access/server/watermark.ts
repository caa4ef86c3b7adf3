import "server-only";

import { degrees, PDFDocument, rgb, StandardFonts } from "pdf-lib";

/**
 * The grantee's watermark (ADR 029, addendum): every page of a copy of the PDF is stamped with
 * who downloaded it (email, company), when (UTC), the grant's short id and a watermark id, as a
 * small line at the bottom margin and a light diagonal line across the page. The stored original
 * is never changed: this works on the bytes read from the store and returns new ones.
 */
export type Stamp = { email: string; company: string; at: Date; grantId: string; watermarkId: string };

export class CannotWatermark extends Error {}

/** Helvetica's WinAnsi encoding: anything outside printable ASCII is shown as "?". */
const printable = (text: string) => text.replace(/[^\x20-\x7e]/g, "?").slice(0, 200);

export function stampLine(stamp: Stamp) {
  const at = stamp.at.toISOString().slice(0, 16).replace("T", " ");
  return printable(`Downloaded by ${stamp.email} (${stamp.company}) on ${at} UTC - grant ${stamp.grantId.slice(0, 8)} - watermark ${stamp.watermarkId}`);
}

/** Any failure of pdf-lib (encrypted, corrupt, no page tree, no pages) is one answer: this file cannot be stamped. */
export async function watermarkPdf(bytes: Uint8Array, stamp: Stamp): Promise<Uint8Array> {
  try {
    return await stamped(bytes, stamp);
  } catch (error) {
    throw new CannotWatermark(error instanceof Error ? error.message : "unreadable PDF");
  }
}

async function stamped(bytes: Uint8Array, stamp: Stamp) {
  // Encrypted PDFs are refused by load (pdf-lib would otherwise write a copy no reader can open).
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const pages = doc.getPages();
  if (pages.length === 0) throw new Error("no pages");
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const line = stampLine(stamp);
  const diagonal = printable(`${stamp.email} - ${stamp.watermarkId}`);
  for (const page of pages) {
    const { width, height } = page.getSize();
    const size = Math.max(4, Math.min(7, (width - 24) / font.widthOfTextAtSize(line, 1)));
    page.drawText(line, { x: 12, y: 10, size, font, color: rgb(0.35, 0.35, 0.35), opacity: 0.9 });
    const big = Math.max(8, Math.min(28, (Math.hypot(width, height) * 0.7) / font.widthOfTextAtSize(diagonal, 1)));
    page.drawText(diagonal, { x: width * 0.12, y: height * 0.2, size: big, font, color: rgb(0.6, 0.6, 0.6), opacity: 0.18, rotate: degrees((Math.atan2(height, width) * 180) / Math.PI) });
  }
  return doc.save({ useObjectStreams: false });
}
