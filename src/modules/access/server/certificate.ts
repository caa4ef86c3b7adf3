import "server-only";

import { createHash } from "node:crypto";
import { PDFDocument, rgb, StandardFonts, type PDFFont, type PDFPage } from "pdf-lib";
import * as z from "zod";
import { recordAudit } from "@/modules/audit/server/audit";
import { now } from "@/server/clock";
import type { Tx } from "@/server/db/client";
import { inTenant } from "@/server/db/write";
import { AppError } from "@/server/errors";
import type { OrgContext } from "@/server/gate";
import { FILE_CSP } from "@/server/security-headers";

/**
 * The certificate of an NDA acceptance (issue 12, ADR 029 addendum E): one PDF, built from the
 * immutable NdaAcceptance row, with who accepted (email, name, company), which text (version,
 * SHA-256, the text itself), when (UTC), from where (the IP as the organisation's setting kept it,
 * and the user agent) and the ids that tie it to the request and the grant. The organisation
 * downloads it from the dashboard (`access.review`), the grantee from their own session on the
 * tenant host (certificate-download.ts). Only the creation date differs between two copies.
 */
export type CertificateData = {
  organisation: string;
  acceptanceId: string;
  requestId: string | null;
  grantId: string | null;
  email: string;
  fullName: string | null;
  company: string | null;
  ndaVersion: number;
  textSha256: string;
  ndaText: string;
  acceptedAt: Date;
  ipAddress: string | null;
  userAgent: string | null;
};

const ACCEPTANCE_SELECT = {
  id: true,
  requestId: true,
  grantId: true,
  email: true,
  textSha256: true,
  acceptedAt: true,
  ipAddress: true,
  userAgent: true,
  ndaVersion: { select: { number: true, markdown: true } },
  request: { select: { fullName: true, company: true, grant: { select: { id: true } } } },
  grant: { select: { request: { select: { fullName: true, company: true } } } },
} as const;

/** The acceptances of one grant: made with it (a new NDA version) or with the request it came from. */
export const ofGrant = (grantId: string) => ({ OR: [{ grantId }, { request: { is: { grant: { is: { id: grantId } } } } }] });

/** The newest acceptance matching `where` in the organisation, as a certificate's data; null when none. */
export async function readCertificate(tx: Tx, orgId: string, where: Record<string, unknown>): Promise<CertificateData | null> {
  const row = await tx.ndaAcceptance.findFirst({ where: { ...where, orgId }, orderBy: [{ acceptedAt: "desc" }, { id: "asc" }], select: ACCEPTANCE_SELECT });
  if (!row) return null;
  const org = await tx.organization.findFirst({ where: { id: orgId }, select: { name: true } });
  const person = row.request ?? row.grant?.request ?? null;
  return {
    organisation: org?.name ?? "",
    acceptanceId: row.id,
    requestId: row.requestId,
    grantId: row.grantId ?? row.request?.grant?.id ?? null,
    email: row.email,
    fullName: person?.fullName ?? null,
    company: person?.company ?? null,
    ndaVersion: row.ndaVersion.number,
    textSha256: row.textSha256,
    ndaText: row.ndaVersion.markdown,
    acceptedAt: row.acceptedAt,
    ipAddress: row.ipAddress,
    userAgent: row.userAgent,
  };
}

/**
 * The organisation's copy of one acceptance, named by the URL. Another organisation's id, or
 * anything that is not an id, is not found. Each download is audited, as the download log's export
 * is: it carries a prospect's address, IP and user agent out of Candor.
 */
export async function organisationCertificate({ ctx, id }: { ctx: OrgContext; id: unknown }) {
  const parsed = z.uuid().safeParse(id);
  if (!parsed.success) throw new AppError("not_found", "No such NDA acceptance.");
  const data = await inTenant(ctx, async (tx) => {
    const found = await readCertificate(tx, ctx.org.id, { id: parsed.data });
    if (!found) throw new AppError("not_found", "No such NDA acceptance.");
    await recordAudit(tx, ctx, { action: "access.nda.certificate", targetType: "nda_acceptance", targetId: found.acceptanceId, after: { email: found.email, ndaVersion: found.ndaVersion } });
    return found;
  });
  return { fileName: certificateFileName(data), bytes: await certificatePdf(data, new Date(now())) };
}

export const certificateFileName = (data: Pick<CertificateData, "acceptanceId">) => `nda-acceptance-${data.acceptanceId}.pdf`;

/** Both copies' headers: a private attachment no cache keeps and no browser renders in place. */
export function certificateHeaders(fileName: string): Record<string, string> {
  return {
    "Content-Type": "application/pdf",
    "Content-Disposition": `attachment; filename="${fileName}"`,
    "Cache-Control": "private, no-store",
    "Content-Security-Policy": FILE_CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
  };
}

// ---- The PDF -----------------------------------------------------------------------------------

const A4 = [595.28, 841.89] as const;
const MARGIN = 56;
const LABEL_WIDTH = 118;
const FOOTER_Y = 28;

type Fonts = { regular: PDFFont; bold: PDFFont; mono: PDFFont };

/**
 * Text the standard fonts can draw: their WinAnsi set keeps Latin-1 and typographic punctuation
 * ("Müller", "—"); an accented letter outside it keeps its base letter; anything else (CJK,
 * emoji, control and bidi characters) is "?"; line breaks stay (wrap() needs them), tabs are four
 * spaces. Never throws, whatever the input.
 */
export function drawable(font: PDFFont) {
  const set = new Set(font.getCharacterSet());
  const ok = (text: string) => [...text].every((c) => c >= " " && c !== "\x7f" && set.has(c.codePointAt(0)!));
  return (text: string) =>
    Array.from(text.replace(/\r\n?/g, "\n").replace(/\t/g, "    "), (c) => {
      if (c === "\n" || ok(c)) return c;
      const base = c.normalize("NFKD").replace(/\p{M}/gu, "");
      return base && ok(base) ? base : "?";
    }).join("");
}

/** Lines no wider than `width`: broken at spaces, and inside a word only when it is wider than a line. */
export function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split(/\r\n|\r|\n/)) {
    let rest = paragraph.trimEnd();
    if (!rest) lines.push("");
    while (rest) {
      let used = 0;
      let fit = 0;
      while (fit < rest.length && used + font.widthOfTextAtSize(rest[fit]!, size) <= width) used += font.widthOfTextAtSize(rest[fit++]!, size);
      if (fit >= rest.length) {
        lines.push(rest);
        break;
      }
      const space = rest.lastIndexOf(" ", fit);
      const cut = space > 0 ? space : Math.max(1, fit);
      lines.push(rest.slice(0, cut).trimEnd());
      rest = rest.slice(cut).replace(/^ +/, "");
    }
  }
  return lines;
}

/** Writes top to bottom, starting a new page when the next line would not fit above the footer. */
function writer(doc: PDFDocument) {
  let page: PDFPage = doc.addPage([...A4]);
  let y = A4[1] - MARGIN;
  const room = (height: number) => {
    if (y - height >= MARGIN) return;
    page = doc.addPage([...A4]);
    y = A4[1] - MARGIN;
  };
  type Style = { font: PDFFont; size: number; x?: number; width?: number; lead?: number; color?: number };
  const text = (value: string, style: Style) => {
    const x = style.x ?? MARGIN;
    const lead = style.lead ?? style.size * 1.35;
    const grey = style.color ?? 0;
    for (const line of wrap(drawable(style.font)(value), style.font, style.size, style.width ?? A4[0] - MARGIN - x)) {
      room(lead);
      page.drawText(line, { x, y: y - style.size, size: style.size, font: style.font, color: rgb(grey, grey, grey) });
      y -= lead;
    }
  };
  const field = (label: string, value: string, fonts: Fonts, mono = false) => {
    room(14);
    page.drawText(label, { x: MARGIN, y: y - 9, size: 9, font: fonts.bold, color: rgb(0.3, 0.3, 0.3) });
    text(value, { font: mono ? fonts.mono : fonts.regular, size: mono ? 9 : 10, x: MARGIN + LABEL_WIDTH, lead: 13.5 });
    y -= 3;
  };
  const space = (height: number) => {
    y -= height;
  };
  return { text, field, space };
}

/** The certificate itself: the record's fields, a note on what the hash covers, then the NDA's text as accepted. */
export async function certificatePdf(data: CertificateData, createdAt: Date): Promise<Uint8Array> {
  // The record says which text was accepted; the version row holds it. Never print a text under a hash it does not have.
  if (createHash("sha256").update(data.ndaText, "utf8").digest("hex") !== data.textSha256) throw new Error(`NDA text does not match the acceptance's SHA-256 (${data.acceptanceId})`);
  const doc = await PDFDocument.create();
  const fonts: Fonts = { regular: await doc.embedFont(StandardFonts.Helvetica), bold: await doc.embedFont(StandardFonts.HelveticaBold), mono: await doc.embedFont(StandardFonts.Courier) };
  doc.setTitle(`Certificate of NDA acceptance ${data.acceptanceId}`);
  doc.setCreator("Candor");
  doc.setProducer("Candor (pdf-lib)");
  doc.setCreationDate(createdAt);
  doc.setModificationDate(createdAt);
  const w = writer(doc);
  w.text("Certificate of NDA acceptance", { font: fonts.bold, size: 18 });
  w.text(data.organisation, { font: fonts.regular, size: 12, color: 0.3 });
  w.space(14);
  w.field("Organisation", data.organisation, fonts);
  w.field("Accepted by", data.email, fonts);
  w.field("Full name", data.fullName ?? "not recorded", fonts);
  w.field("Company", data.company ?? "not recorded", fonts);
  w.field("NDA version", `Version ${data.ndaVersion}`, fonts);
  w.field("SHA-256 of the text", data.textSha256, fonts, true);
  w.field("Accepted at (UTC)", data.acceptedAt.toISOString(), fonts, true);
  w.field("IP address", data.ipAddress ?? "not recorded (the organisation's setting)", fonts, data.ipAddress !== null);
  w.field("User agent", data.userAgent ?? "not recorded", fonts);
  w.field("Acceptance id", data.acceptanceId, fonts, true);
  w.field("Request id", data.requestId ?? "none (accepted within a grant)", fonts, data.requestId !== null);
  w.field("Grant id", data.grantId ?? "none (the request has not been approved)", fonts, data.grantId !== null);
  w.space(10);
  const note = `Made by Candor on ${createdAt.toISOString()} from the organisation's record of this acceptance, which cannot be changed. The IP address is what the organisation's setting kept (all of it, its network only, or nothing). The SHA-256 is of the exact text shown to the requester (UTF-8), printed below as written (Markdown), wrapped to fit the page; characters this PDF's font cannot show are printed as "?".`;
  w.text(note, { font: fonts.regular, size: 9, color: 0.3 });
  w.space(16);
  w.text(`The NDA as accepted (version ${data.ndaVersion})`, { font: fonts.bold, size: 12 });
  w.space(6);
  w.text(data.ndaText, { font: fonts.mono, size: 8.5, lead: 11 });
  const pages = doc.getPages();
  pages.forEach((page, index) => {
    page.drawText(`Certificate of NDA acceptance ${data.acceptanceId} - page ${index + 1} of ${pages.length}`, { x: MARGIN, y: FOOTER_Y, size: 8, font: fonts.regular, color: rgb(0.45, 0.45, 0.45) });
  });
  return doc.save({ useObjectStreams: false });
}
