import { createHash } from "node:crypto";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { describe, expect, it, vi } from "vitest";
import { GET as documentGet } from "@/app/t/[slug]/access/documents/[id]/route";
import { GET as downloadsGet } from "@/app/t/[slug]/access/downloads/route";
import { GET as trustGet } from "@/app/t/[slug]/route";
import { POST as accessPost } from "@/app/t/[slug]/access/route";
import { POST as verifyPost } from "@/app/t/[slug]/access/verify/route";
import { POST as openPost } from "@/app/t/[slug]/access/open/route";
import { recordDownload } from "@/modules/access/server/downloads";
import { revokeGrant } from "@/modules/access/server/review";
import { publishNdaVersion } from "@/modules/access/server/settings";
import { addDocumentVersion, createDocument, updateDocument } from "@/modules/documents/server/documents";
import { fileStore } from "@/modules/documents/server/storage";
import { publish } from "@/modules/publishing/server/publish";
import { withTenant } from "@/server/db/tenant";
import { accessWorld, setSettings } from "../support/access";
import { getOn, mailsTo, postOn, type Visit } from "../support/access-routes";
import { drawnText } from "../support/pdf-text";

// The real recordDownload, which one test makes fail (the log's write refused) to see that no byte is served.
vi.mock("@/modules/access/server/downloads", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@/modules/access/server/downloads")>();
  return { ...actual, recordDownload: vi.fn(actual.recordDownload) };
});

/**
 * A grantee's NDA download (ADR 029): a watermarked copy of a PDF (email, company, grant and
 * watermark ids on every page), the original untouched, a log row with the SHA-256 of the bytes
 * served; 404 for everyone the grant does not cover, the very next request after a revoke, a
 * cookie on another organisation's host, no cookie. A PDF that cannot be stamped is not served.
 */
const params = (slug: string, id: string) => ({ params: Promise.resolve({ slug, id }) });
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

async function twoPagePdf() {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const n of [1, 2]) doc.addPage([595, 842]).drawText(`Confidential page ${n}`, { x: 50, y: 700, size: 12, font });
  return doc.save();
}

async function world(name: string) {
  const w = await accessWorld(name);
  const writer = await w.as(w.owner, "controls.write");
  const original = await twoPagePdf();
  const pdf = await createDocument({ ctx: writer, input: { title: "Architecture review", visibility: "NDA" }, file: { name: "architecture.pdf", bytes: original } });
  const text = await createDocument({ ctx: writer, input: { title: "Notes", visibility: "NDA" }, file: { name: "notes.txt", bytes: new TextEncoder().encode("Plain notes <b>not html</b>\n") } });
  await publish({ ctx: await w.as(w.owner, "publish") });
  return { ...w, original, pdfId: pdf.id, textId: text.id };
}

async function grantee(w: Awaited<ReturnType<typeof world>>, items: string[], company = "Prospect Inc", who = "buyer") {
  const email = `${who}-${w.org.slug}@prospect.example`;
  const visit: Visit = { host: w.host, slug: w.org.slug, ip: "198.51.100.77" };
  await accessPost(postOn(visit, "/access", [["email", email], ["fullName", "Pat Buyer"], ["company", company], ...items.map((id): [string, string] => ["items", `document:${id}`])]), { params: Promise.resolve({ slug: w.org.slug }) });
  await verifyPost(postOn(visit, "/access/verify", { token: (await mailsTo(email))[0]!.url.searchParams.get("token")! }), { params: Promise.resolve({ slug: w.org.slug }) });
  const link = (await mailsTo(email)).find((m) => m.template === "access-link")!.url.searchParams.get("token")!;
  const opened = await openPost(postOn(visit, "/access/open", { token: link }), { params: Promise.resolve({ slug: w.org.slug }) });
  const token = /^candor-grantee=([0-9a-f]{64});/.exec(opened.headers.get("set-cookie")!)![1]!;
  const grant = await withTenant({ orgId: w.org.id }, (tx) => tx.accessGrant.findFirstOrThrow({ where: { orgId: w.org.id, email } }));
  return { email, visit: { ...visit, cookie: `candor-grantee=${token}` }, grant };
}

const download = (visit: Visit, slug: string, id: string) => documentGet(getOn(visit, `/access/documents/${id}`), params(slug, id));
const logRows = (orgId: string) => withTenant({ orgId }, (tx) => tx.downloadLog.findMany({ where: { orgId }, orderBy: { at: "asc" } }));

describe("a grantee's watermarked download", () => {
  it("serves a stamped copy of the PDF on every page, private and as an attachment, logs the served bytes' SHA-256, and leaves the original untouched", async () => {
    const w = await world("Stamp");
    await setSettings(w, { ipRecording: "FULL" });
    const g = await grantee(w, [w.pdfId, w.textId]);
    const response = await download(g.visit, w.org.slug, w.pdfId);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    expect(response.headers.get("vary")).toBe("Cookie");
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename="architecture.pdf"; filename*=UTF-8''architecture.pdf`);
    expect(response.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'; sandbox");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    const served = new Uint8Array(await response.arrayBuffer());
    expect(Buffer.from(served).equals(Buffer.from(w.original))).toBe(false);

    const [row, ...more] = await logRows(w.org.id);
    expect(more).toEqual([]);
    expect(row!.sha256).toBe(sha256(served));
    expect(row!.watermarkId).toMatch(/^[0-9a-f]{8}$/);
    expect(row!.grantId).toBe(g.grant.id);
    expect(row!.documentId).toBe(w.pdfId);
    expect(row!.documentTitle).toBe("Architecture review");
    expect(row!.email).toBe(g.email);
    expect(row!.ipAddress).toBe("198.51.100.77");
    expect(row!.userAgent).toBe("Mozilla/5.0 (prospect)");

    const copy = await PDFDocument.load(served);
    expect(copy.getPageCount()).toBe(2);
    const text = drawnText(served);
    expect(text).toContain("Confidential page 1");
    expect(text).toContain("Confidential page 2");
    const line = `Downloaded by ${g.email} (Prospect Inc)`;
    expect(text.split(line).length - 1).toBe(2);
    expect(text.split(`grant ${g.grant.id.slice(0, 8)} - watermark ${row!.watermarkId}`).length - 1).toBe(2);
    expect(text.split(`${g.email} - ${row!.watermarkId}`).length - 1).toBe(2);

    const version = await withTenant({ orgId: w.org.id }, (tx) => tx.documentVersion.findFirstOrThrow({ where: { orgId: w.org.id, documentId: w.pdfId } }));
    expect(row!.versionId).toBe(version.id);
    const stored = await fileStore().get(version.storageKey);
    expect(Buffer.from(stored!).equals(Buffer.from(w.original))).toBe(true);
    expect(version.sha256).toBe(sha256(w.original));

    const again = new Uint8Array(await (await download(g.visit, w.org.slug, w.pdfId)).arrayBuffer());
    const rows = await logRows(w.org.id);
    expect(rows).toHaveLength(2);
    expect(rows[1]!.watermarkId).not.toBe(row!.watermarkId);
    expect(rows[1]!.sha256).toBe(sha256(again));
  });

  it("serves a non-PDF file unmodified, and logs it", async () => {
    const w = await world("Plain");
    const g = await grantee(w, [w.pdfId, w.textId]);
    const response = await download(g.visit, w.org.slug, w.textId);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/plain");
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename="notes.txt"; filename*=UTF-8''notes.txt`);
    expect(response.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'; sandbox");
    expect(await response.text()).toBe("Plain notes <b>not html</b>\n");
    const rows = await logRows(w.org.id);
    expect(rows.map((r) => [r.documentId, r.documentTitle, r.watermarkId, r.sha256])).toEqual([[w.textId, "Notes", "none", sha256(new TextEncoder().encode("Plain notes <b>not html</b>\n"))]]);
  });

  it("refuses with 404 (and logs nothing) a document the grant does not cover, no cookie, a cookie on another organisation's host, a malformed id", async () => {
    const w = await world("Scoped");
    const g = await grantee(w, [w.textId]);
    const other = await world("OtherOrg");
    const notCovered = await download(g.visit, w.org.slug, w.pdfId);
    expect(notCovered.status).toBe(404);
    expect(notCovered.headers.get("cache-control")).toBe("private, no-store");
    expect(await notCovered.text()).toContain("This document is not available to you.");
    expect((await download({ ...g.visit, cookie: undefined }, w.org.slug, w.textId)).status).toBe(404);
    const otherVisit: Visit = { host: other.host, slug: other.org.slug, cookie: g.visit.cookie };
    expect((await download(otherVisit, other.org.slug, other.textId)).status).toBe(404);
    expect((await download(otherVisit, other.org.slug, w.textId)).status).toBe(404);
    expect((await download({ ...g.visit, host: `www.${w.host}` }, w.org.slug, w.textId)).status).toBe(404);
    expect((await download(g.visit, w.org.slug, "not-a-uuid")).status).toBe(404);
    expect((await download(g.visit, w.org.slug, other.textId)).status).toBe(404);
    expect(await logRows(w.org.id)).toEqual([]);
    expect(await logRows(other.org.id)).toEqual([]);
    expect((await download(g.visit, w.org.slug, w.textId)).status).toBe(200);
  });

  it("after a revoke, the very next request is 404", async () => {
    const w = await world("Revoke");
    const g = await grantee(w, [w.pdfId]);
    expect((await download(g.visit, w.org.slug, w.pdfId)).status).toBe(200);
    await revokeGrant({ ctx: await w.as(w.owner, "access.review"), input: { grantId: g.grant.id, version: g.grant.version } });
    expect((await download(g.visit, w.org.slug, w.pdfId)).status).toBe(404);
    expect(await logRows(w.org.id)).toHaveLength(1);
  });

  it("a grant revoked between reading the session and writing the log row: 404, no row, no bytes (the row's transaction checks the grant again)", async () => {
    const w = await world("RevokeRace");
    const g = await grantee(w, [w.pdfId]);
    const actual = await vi.importActual<typeof import("@/modules/access/server/downloads")>("@/modules/access/server/downloads");
    vi.mocked(recordDownload).mockImplementationOnce(async (args) => {
      await revokeGrant({ ctx: await w.as(w.owner, "access.review"), input: { grantId: g.grant.id, version: g.grant.version } });
      return actual.recordDownload(args);
    });
    const response = await download(g.visit, w.org.slug, w.pdfId);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain("%PDF");
    expect(await logRows(w.org.id)).toEqual([]);
  });

  it("a PDF that cannot be stamped is not served: 409 with a message, and no log row", async () => {
    const w = await world("Corrupt");
    const g = await grantee(w, [w.docA]);
    const response = await download(g.visit, w.org.slug, w.docA);
    expect(response.status).toBe(409);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(await response.text()).toContain("This document cannot be watermarked; ask the organisation for a copy.");
    expect(await logRows(w.org.id)).toEqual([]);
  });

  it("serves nothing when the log row cannot be written (500, no PDF bytes, no row)", async () => {
    const w = await world("FailClosed");
    const g = await grantee(w, [w.pdfId]);
    vi.mocked(recordDownload).mockRejectedValueOnce(new Error("database unavailable"));
    const response = await download(g.visit, w.org.slug, w.pdfId);
    expect(response.status).toBe(500);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    const body = await response.text();
    expect(body).toContain("Something went wrong on our side.");
    expect(body).not.toContain("%PDF");
    expect(await logRows(w.org.id)).toEqual([]);
    expect((await download(g.visit, w.org.slug, w.pdfId)).status).toBe(200);
  });

  it("serves the version the live publication names: a newer unpublished version waits, and a document made public is no longer served here", async () => {
    const w = await world("Published");
    const g = await grantee(w, [w.textId]);
    const writer = await w.as(w.owner, "controls.write");
    await addDocumentVersion({ ctx: writer, id: w.textId, input: { label: "v2" }, file: { name: "notes.txt", bytes: new TextEncoder().encode("Second draft\n") } });
    expect(await (await download(g.visit, w.org.slug, w.textId)).text()).toBe("Plain notes <b>not html</b>\n");
    await publish({ ctx: await w.as(w.owner, "publish") });
    expect(await (await download(g.visit, w.org.slug, w.textId)).text()).toBe("Second draft\n");
    const document = await withTenant({ orgId: w.org.id }, (tx) => tx.document.findFirstOrThrow({ where: { id: w.textId } }));
    await updateDocument({ ctx: writer, id: w.textId, version: document.version, input: { title: "Notes", visibility: "PUBLIC" } });
    await publish({ ctx: await w.as(w.owner, "publish") });
    expect((await download(g.visit, w.org.slug, w.textId)).status).toBe(404);
    expect((await logRows(w.org.id)).map((r) => r.sha256)).toEqual([sha256(new TextEncoder().encode("Plain notes <b>not html</b>\n")), sha256(new TextEncoder().encode("Second draft\n"))]);
  });

  it("a grantee who owes a new NDA version is sent to the trust page (which shows the NDA form), and nothing is served or logged", async () => {
    const w = await world("OwesNda");
    const g = await grantee(w, [w.pdfId]);
    await setSettings(w, { ndaMode: "CLICK_THROUGH" });
    await publishNdaVersion({ ctx: w.manager, input: { markdown: "New **terms**.", requireReacceptance: true } });
    const response = await download(g.visit, w.org.slug, w.pdfId);
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`http://${w.host}:3000/`);
    expect(await logRows(w.org.id)).toEqual([]);
  });

  it("stamps HTML and non-ASCII in the company as inert text, outside printable ASCII as ?", async () => {
    const w = await world("Unicode");
    const g = await grantee(w, [w.pdfId], "Zürich <b>Bank</b> 株式会社");
    const served = new Uint8Array(await (await download(g.visit, w.org.slug, w.pdfId)).arrayBuffer());
    expect(drawnText(served)).toContain(`Downloaded by ${g.email} (Z?rich <b>Bank</b> ????)`);
  });

  it("a grantee's own downloads page lists each copy they took, newest first, with its watermark and SHA-256 as logged; nobody else's, and nothing without their session", async () => {
    const w = await world("Mine");
    const writer = await w.as(w.owner, "controls.write");
    const hostile = await createDocument({ ctx: writer, input: { title: `<img src=x onerror="alert(1)"> Plan`, visibility: "NDA" }, file: { name: "plan.txt", bytes: new TextEncoder().encode("plan\n") } });
    await publish({ ctx: await w.as(w.owner, "publish") });
    const g = await grantee(w, [w.pdfId, w.textId, hostile.id]);
    const page = (visit: Visit, slug = w.org.slug) => downloadsGet(getOn(visit, "/access/downloads"), { params: Promise.resolve({ slug }) });

    const empty = await page(g.visit);
    expect(empty.status).toBe(200);
    expect(await empty.text()).toContain("You have not downloaded anything yet.");
    // The grantee's trust page links to it.
    expect(await (await trustGet(getOn(g.visit, "/"), { params: Promise.resolve({ slug: w.org.slug }) })).text()).toContain(`<a href="/access/downloads">Your downloads</a>`);

    for (const id of [w.pdfId, w.textId, hostile.id]) expect((await download(g.visit, w.org.slug, id)).status).toBe(200);
    const other = await grantee(w, [w.textId], "Other Co", "colleague");
    await download({ ...other.visit }, w.org.slug, w.textId);
    const logged = (await logRows(w.org.id)).filter((r) => r.grantId === g.grant.id).reverse();
    expect(logged).toHaveLength(3);

    const response = await page(g.visit);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    expect(response.headers.get("vary")).toBe("Accept-Language, Cookie");
    const html = await response.text();
    expect(html).toContain(`Signed in as <strong>${g.email}</strong>`);
    const rows = [...html.matchAll(/<tr><td><a href="([^"]+)">(.*?)<\/a><\/td><td>([^<]+)<\/td><td><code>([0-9a-f]{8}|none)<\/code><\/td><td><code class="hash">([0-9a-f]{64})<\/code><\/td><\/tr>/g)].map((m) => [m[1], m[2], m[4], m[5]]);
    expect(rows).toEqual([
      [`/access/documents/${hostile.id}`, "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; Plan", "none", logged[0]!.sha256],
      [`/access/documents/${w.textId}`, "Notes", "none", logged[1]!.sha256],
      [`/access/documents/${w.pdfId}`, "Architecture review", logged[2]!.watermarkId, logged[2]!.sha256],
    ]);
    expect(logged[2]!.watermarkId).toMatch(/^[0-9a-f]{8}$/);
    expect(html).not.toContain(other.email);
    expect(html).not.toContain("<img");

    // Refused as a document is: no cookie, another organisation's host, after a revoke.
    const elsewhere = await world("MineElsewhere");
    for (const [visit, slug] of [[{ ...g.visit, cookie: undefined }, w.org.slug], [{ host: elsewhere.host, slug: elsewhere.org.slug, cookie: g.visit.cookie }, elsewhere.org.slug]] as [Visit, string][]) {
      const refused = await page(visit, slug);
      expect(refused.status).toBe(404);
      expect(await refused.text()).not.toContain(g.email);
    }
    await revokeGrant({ ctx: await w.as(w.owner, "access.review"), input: { grantId: g.grant.id, version: g.grant.version } });
    expect((await page(g.visit)).status).toBe(404);
  });
});
