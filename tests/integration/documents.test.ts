import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addDocumentVersion,
  createDocument,
  deleteDocument,
  DocumentIntegrityError,
  getDocument,
  listDocuments,
  readDocumentVersion,
  updateDocument,
} from "@/modules/documents/server/documents";
import { MAX_DOCUMENT_BYTES, sniffDocument, storedFileName } from "@/modules/documents/server/sniff";
import { assertStorageKey, createFileStore, fileStore, LocalFileStore, resetFileStoreCache } from "@/modules/documents/server/storage";
import { withTenant } from "@/server/db/tenant";
import { env, resetEnvCache } from "@/server/env";
import type { OrgContext } from "@/server/gate";
import { addMember, contextFor, createOrg } from "../support/factories";

const bytes = (text: string) => new TextEncoder().encode(text);
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
};
const sha256 = (data: Uint8Array) => createHash("sha256").update(data).digest("hex");

const PDF = concat(bytes("%PDF-1.7\n%\u00e2\u00e3\n1 0 obj << /Type /Catalog >> endobj\n"), new Uint8Array([0, 1, 2, 0xff]), bytes("\n%%EOF\n"));
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0]);
const SVG = bytes('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
const HTML = bytes("<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>");

const meta = { title: "SOC 2 Type II report", description: "Our **latest** report.", category: "Audit reports", visibility: "NDA" };

let storageDir: string;

async function storedFiles(): Promise<string[]> {
  const entries = await readdir(storageDir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

async function storageKeyOf(ctx: OrgContext, documentId: string, number: number) {
  const row = await withTenant({ orgId: ctx.org.id }, (tx) =>
    tx.documentVersion.findFirstOrThrow({ where: { orgId: ctx.org.id, documentId, number }, select: { storageKey: true } }),
  );
  return row.storageKey;
}

const documentAudit = (orgId: string) =>
  withTenant({ orgId }, (tx) => tx.auditEvent.findMany({ where: { orgId, action: { startsWith: "documents." } }, orderBy: { seq: "asc" } }));

beforeAll(async () => {
  storageDir = await mkdtemp(path.join(tmpdir(), "candor-documents-"));
  process.env.FILE_STORAGE_DIR = storageDir;
  delete process.env.S3_BUCKET;
  resetEnvCache();
  resetFileStoreCache();
});

afterAll(async () => {
  await rm(storageDir, { recursive: true, force: true });
});

describe("type sniffing", () => {
  it("decides from the bytes; the name only chooses between Markdown and plain text", () => {
    expect(sniffDocument(PDF, "report.png")).toEqual({ ok: true, mimeType: "application/pdf" });
    expect(sniffDocument(PNG, "diagram.pdf")).toEqual({ ok: true, mimeType: "image/png" });
    expect(sniffDocument(JPEG, "photo")).toEqual({ ok: true, mimeType: "image/jpeg" });
    expect(sniffDocument(bytes("# Policy\n\n\tIndented, caf\u00e9\r\n"), "policy.MD")).toEqual({ ok: true, mimeType: "text/markdown" });
    expect(sniffDocument(bytes("# Policy\n"), "policy.txt")).toEqual({ ok: true, mimeType: "text/plain" });
    expect(sniffDocument(bytes("plain"), "notes.md.exe")).toEqual({ ok: true, mimeType: "text/plain" });
  });

  it("refuses HTML, SVG, XML, binaries, invalid UTF-8, control characters and empty files", () => {
    const refused = [
      HTML,
      SVG,
      bytes("\uFEFF  \n<html lang=en>"),
      bytes("<script>alert(1)</script>"),
      bytes("<svg onload=alert(1)>"),
      bytes("<?xml version='1.0'?><x/>"),
      bytes("<!-- comment --><p>hi</p>"),
      new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0]), // a ZIP (e.g. .docx)
      new Uint8Array([0x68, 0x69, 0xc3, 0x28]), // invalid UTF-8
      bytes("text with a NUL \u0000 byte"),
      bytes("text with a bell \u0007"),
      bytes("text with an escape \u001b[31m"),
      new Uint8Array(0),
    ];
    for (const data of refused) expect(sniffDocument(data, "file.md")).toMatchObject({ ok: false });
    // Text that merely mentions markup further in is still text.
    expect(sniffDocument(bytes("Use <b>bold</b> sparingly."), "style.md")).toEqual({ ok: true, mimeType: "text/markdown" });
    expect(sniffDocument(bytes("<bold claim> is not a tag"), "x.txt")).toEqual({ ok: true, mimeType: "text/plain" });
  });

  it("keeps a download name whose extension matches the real type", () => {
    expect(storedFileName("report.png", "application/pdf")).toBe("report.pdf");
    expect(storedFileName("C:\\Users\\me\\scan.JPEG", "image/jpeg")).toBe("scan.JPEG");
    expect(storedFileName("../../etc/passwd", "text/plain")).toBe("passwd.txt");
    expect(storedFileName("", "text/markdown")).toBe("document.md");
    expect(storedFileName("a\u0000b\nc.txt", "text/plain")).toBe("abc.txt");
  });
});

describe("local storage", () => {
  it("refuses keys that could leave the store", async () => {
    for (const key of ["../x", "a/../../x", "/etc/passwd", "a//b", "a/./b", "a b", "a\\b", "caf\u00e9", "", "a/"]) {
      expect(() => assertStorageKey(key), key).toThrow(/Refused storage key/);
    }
    const store = new LocalFileStore(storageDir);
    await expect(store.put("../escape", bytes("x"), "text/plain")).rejects.toThrow(/Refused/);
    await expect(store.get("/etc/passwd")).rejects.toThrow(/Refused/);
  });

  it("writes atomically, reads back, and answers null for a missing key", async () => {
    const store = new LocalFileStore(storageDir);
    await store.put("scratch/one.bin", PDF, "application/pdf");
    expect(await store.get("scratch/one.bin")).toEqual(PDF);
    expect(await store.get("scratch/missing.bin")).toBeNull();
    const names = await readdir(path.join(storageDir, "scratch"));
    expect(names).toEqual(["one.bin"]); // no temporary file left behind
    await rm(path.join(storageDir, "scratch"), { recursive: true });
  });

  it("fileStore() is the local store under FILE_STORAGE_DIR when S3_BUCKET is unset", () => {
    expect(env().FILE_STORAGE_DIR).toBe(storageDir);
    const store = fileStore();
    expect(store).toBeInstanceOf(LocalFileStore);
    expect((store as LocalFileStore).root).toBe(storageDir);
    expect(fileStore()).toBe(store);
  });
});

describe("documents", () => {
  it("stores a PDF renamed .png as application/pdf, with its SHA-256, and reads it back verified", async () => {
    const { ctx } = await createOrg();
    const created = await createDocument({ ctx, input: { ...meta, label: "2026", effectiveDate: "2026-03-31" }, file: { name: "report.png", bytes: PDF } });
    expect(created).toEqual({ id: expect.any(String), version: 1, versionNumber: 1 });

    const document = await getDocument({ ctx, id: created.id });
    expect(document).toMatchObject({ title: meta.title, category: meta.category, visibility: "NDA", version: 1, position: 1 });
    expect(document.versions).toEqual([
      expect.objectContaining({ number: 1, fileName: "report.pdf", mimeType: "application/pdf", size: PDF.byteLength, sha256: sha256(PDF), label: "2026", effectiveDate: "2026-03-31", uploadedById: ctx.user.id }),
    ]);
    expect(document.versions[0]).not.toHaveProperty("storageKey");

    const key = await storageKeyOf(ctx, created.id, 1);
    expect(key).toMatch(new RegExp(`^orgs/${ctx.org.id}/documents/${created.id}/1-[0-9a-f]{32}$`));
    expect(await readFile(path.join(storageDir, key))).toEqual(Buffer.from(PDF));

    const read = await readDocumentVersion({ ctx, id: created.id, number: 1 });
    expect(read).toMatchObject({ mimeType: "application/pdf", fileName: "report.pdf", sha256: sha256(PDF) });
    expect(Buffer.from(read.bytes).equals(Buffer.from(PDF))).toBe(true);
  });

  it("refuses an HTML file named .pdf, an SVG and a file over 25 MB, storing nothing", async () => {
    const { ctx } = await createOrg();
    const filesBefore = await storedFiles();
    const attempts = [
      { name: "report.pdf", bytes: HTML },
      { name: "logo.svg", bytes: SVG },
      { name: "logo.png", bytes: SVG },
      { name: "huge.pdf", bytes: concat(bytes("%PDF-1.7\n"), new Uint8Array(MAX_DOCUMENT_BYTES)) },
    ];
    for (const file of attempts) {
      const error = await createDocument({ ctx, input: meta, file }).catch((e: unknown) => e);
      expect(error, file.name).toMatchObject({ code: "validation", details: { fieldErrors: { file: [expect.any(String)] } } });
    }
    expect(MAX_DOCUMENT_BYTES).toBe(25 * 1024 * 1024);
    expect(await storedFiles()).toEqual(filesBefore);
    expect(await listDocuments({ ctx })).toEqual([]);
    expect(await documentAudit(ctx.org.id)).toEqual([]);
  });

  it("accepts exactly 25 MB", async () => {
    const { ctx } = await createOrg();
    const file = new Uint8Array(MAX_DOCUMENT_BYTES);
    file.set(bytes("%PDF-1.7\n"));
    const { id } = await createDocument({ ctx, input: meta, file: { name: "big.pdf", bytes: file } });
    expect((await getDocument({ ctx, id })).versions[0]).toMatchObject({ size: MAX_DOCUMENT_BYTES, sha256: sha256(file) });
  });

  it("detects a stored file that was changed or removed", async () => {
    const { ctx } = await createOrg();
    const { id } = await createDocument({ ctx, input: meta, file: { name: "policy.md", bytes: bytes("# Security policy\n") } });
    const file = path.join(storageDir, await storageKeyOf(ctx, id, 1));

    await writeFile(file, "# Security policy (edited on disk)\n");
    await expect(readDocumentVersion({ ctx, id, number: 1 })).rejects.toBeInstanceOf(DocumentIntegrityError);
    await writeFile(file, "# Security policx\n"); // same size, different bytes
    await expect(readDocumentVersion({ ctx, id, number: 1 })).rejects.toThrow(/does not match its recorded SHA-256/);
    await rm(file);
    await expect(readDocumentVersion({ ctx, id, number: 1 })).rejects.toThrow(/is missing/);
  });

  it("a new version keeps the earlier ones readable; the list shows the latest", async () => {
    const { ctx } = await createOrg();
    const first = await createDocument({ ctx, input: { ...meta, title: "First" }, file: { name: "v1.pdf", bytes: PDF } });
    const second = await createDocument({ ctx, input: { ...meta, title: "Second" }, file: { name: "a.txt", bytes: bytes("second") } });
    const v2 = bytes("# Version two\n");
    expect(await addDocumentVersion({ ctx, id: first.id, input: { label: "v2", effectiveDate: "2026-06-01" }, file: { name: "v2.md", bytes: v2 } })).toEqual({ versionNumber: 2, version: 2 });
    expect(await addDocumentVersion({ ctx, id: first.id, input: {}, file: { name: "v3.png", bytes: PNG } })).toEqual({ versionNumber: 3, version: 3 });

    const one = await readDocumentVersion({ ctx, id: first.id, number: 1 });
    const two = await readDocumentVersion({ ctx, id: first.id, number: 2 });
    const three = await readDocumentVersion({ ctx, id: first.id, number: 3 });
    expect([one.mimeType, two.mimeType, three.mimeType]).toEqual(["application/pdf", "text/markdown", "image/png"]);
    expect(Buffer.from(one.bytes).equals(Buffer.from(PDF))).toBe(true);
    expect(new TextDecoder().decode(two.bytes)).toBe("# Version two\n");
    await expect(readDocumentVersion({ ctx, id: first.id, number: 4 })).rejects.toMatchObject({ code: "not_found" });

    const listed = await listDocuments({ ctx });
    expect(listed.map((d) => [d.title, d.position, d.versionCount, d.latestVersion?.number])).toEqual([
      ["First", 1, 3, 3],
      ["Second", 2, 1, 1],
    ]);
    expect(listed[0]!.latestVersion).toMatchObject({ fileName: "v3.png", mimeType: "image/png", sha256: sha256(PNG) });
    expect((await getDocument({ ctx, id: first.id })).versions.map((v) => [v.number, v.label, v.effectiveDate])).toEqual([
      [3, "", null],
      [2, "v2", "2026-06-01"],
      [1, "", null],
    ]);
    expect(second.id).not.toBe(first.id);
  });

  it("updates with optimistic concurrency: a stale version is a conflict", async () => {
    const { ctx, org } = await createOrg();
    const editor = contextFor(await addMember(org.id, "EDITOR"), org, "EDITOR");
    const { id } = await createDocument({ ctx, input: meta, file: { name: "r.pdf", bytes: PDF } });

    expect(await updateDocument({ ctx, id, version: 1, input: { ...meta, title: "Renamed", visibility: "PUBLIC" } })).toEqual({ version: 2 });
    await expect(updateDocument({ ctx: editor, id, version: 1, input: { ...meta, title: "Mine" } })).rejects.toMatchObject({ code: "conflict" });
    expect(await getDocument({ ctx, id })).toMatchObject({ title: "Renamed", visibility: "PUBLIC", version: 2 });

    // Adding a file version changes the document too: an editor holding version 2 is told.
    await addDocumentVersion({ ctx, id, input: {}, file: { name: "r2.pdf", bytes: PDF } });
    await expect(updateDocument({ ctx: editor, id, version: "2", input: meta })).rejects.toMatchObject({ code: "conflict" });
    await expect(deleteDocument({ ctx, id, version: 2 })).rejects.toMatchObject({ code: "conflict" });
    expect(await updateDocument({ ctx: editor, id, version: "3", input: meta })).toEqual({ version: 4 });

    await expect(updateDocument({ ctx, id, version: 4, input: { ...meta, title: "" } })).rejects.toMatchObject({ name: "ZodError" });
    await expect(updateDocument({ ctx, id, version: "nope", input: meta })).rejects.toMatchObject({ code: "validation" });

    expect(await deleteDocument({ ctx, id, version: 4 })).toEqual({ deleted: true });
    await expect(getDocument({ ctx, id })).rejects.toMatchObject({ code: "not_found" });
    await expect(readDocumentVersion({ ctx, id, number: 1 })).rejects.toMatchObject({ code: "not_found" });
    await expect(deleteDocument({ ctx, id, version: 4 })).rejects.toMatchObject({ code: "not_found" });
  });

  it("another organisation gets not found for every operation and cannot reach the file", async () => {
    const a = await createOrg(undefined, "Alpha");
    const b = await createOrg(undefined, "Beta");
    const { id } = await createDocument({ ctx: a.ctx, input: meta, file: { name: "secret.pdf", bytes: PDF } });
    const filesBefore = await storedFiles();

    const notFound = { code: "not_found" };
    await expect(getDocument({ ctx: b.ctx, id })).rejects.toMatchObject(notFound);
    await expect(updateDocument({ ctx: b.ctx, id, version: 1, input: { ...meta, title: "Pwned" } })).rejects.toMatchObject(notFound);
    await expect(addDocumentVersion({ ctx: b.ctx, id, input: {}, file: { name: "x.pdf", bytes: PDF } })).rejects.toMatchObject(notFound);
    await expect(readDocumentVersion({ ctx: b.ctx, id, number: 1 })).rejects.toMatchObject(notFound);
    await expect(deleteDocument({ ctx: b.ctx, id, version: 1 })).rejects.toMatchObject(notFound);
    expect(await listDocuments({ ctx: b.ctx })).toEqual([]);
    // Malformed ids are simply not found.
    await expect(getDocument({ ctx: a.ctx, id: "../../etc/passwd" })).rejects.toMatchObject(notFound);
    await expect(readDocumentVersion({ ctx: a.ctx, id, number: "1; DROP" })).rejects.toMatchObject(notFound);

    // B's refused upload stored nothing; A's document is unchanged and still readable.
    expect(await storedFiles()).toEqual(filesBefore);
    expect(await getDocument({ ctx: a.ctx, id })).toMatchObject({ title: meta.title, version: 1, versions: [expect.objectContaining({ number: 1 })] });
    expect((await readDocumentVersion({ ctx: a.ctx, id, number: 1 })).sha256).toBe(sha256(PDF));
    expect(await documentAudit(b.org.id)).toEqual([]);
  });

  it("audits create, update, new version and delete, without the file's bytes", async () => {
    const { ctx } = await createOrg();
    const marker = "CANDOR-FILE-CONTENT-MARKER-5f2c";
    const content = bytes(`# Incident response\n\n${marker}\n`);
    const { id } = await createDocument({ ctx, input: { ...meta, label: "initial" }, file: { name: "ir.md", bytes: content } });
    await updateDocument({ ctx, id, version: 1, input: { ...meta, title: "Incident response plan" } });
    const v2 = bytes(`${marker} v2\n`);
    await addDocumentVersion({ ctx, id, input: { label: "v2" }, file: { name: "ir.txt", bytes: v2 } });
    await deleteDocument({ ctx, id, version: 3 });

    const events = await documentAudit(ctx.org.id);
    expect(events.map((e) => e.action)).toEqual(["documents.create", "documents.update", "documents.version.add", "documents.delete"]);
    expect(events.every((e) => e.targetType === "document" && e.targetId === id && e.actorId === ctx.user.id)).toBe(true);
    expect(events[0]!.diff).toMatchObject({
      title: { from: null, to: meta.title },
      mimeType: { from: null, to: "text/markdown" },
      sha256: { from: null, to: sha256(content) },
      size: { from: null, to: content.byteLength },
      label: { from: null, to: "initial" },
    });
    expect(events[1]!.diff).toEqual({ title: { from: meta.title, to: "Incident response plan" } });
    expect(events[2]!.diff).toMatchObject({ versionNumber: { from: null, to: 2 }, sha256: { from: null, to: sha256(v2) }, mimeType: { from: null, to: "text/plain" } });
    expect(events[3]!.diff).toMatchObject({ title: { from: "Incident response plan", to: null } });

    const stored = JSON.stringify(events);
    for (const forbidden of [marker, Buffer.from(content).toString("base64"), Buffer.from(content).toString("hex"), Buffer.from(marker).toString("base64")]) {
      expect(stored).not.toContain(forbidden);
    }
  });
});

// A real S3-compatible server (s3rver, in-process on loopback), not a mock of the SDK.
type S3rverInstance = { run(): Promise<{ port: number }>; close(): Promise<void> };
type S3rverConstructor = new (options: Record<string, unknown>) => S3rverInstance;
const S3rver = createRequire(import.meta.url)("@20minutes/s3rver") as S3rverConstructor;

describe("S3 storage", () => {
  const bucket = "candor-test";
  let server: S3rverInstance;
  let endpoint: string;
  let s3Dir: string;
  const saved: Record<string, string | undefined> = {};
  const S3_ENV = ["S3_BUCKET", "S3_ENDPOINT", "S3_REGION", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY", "S3_FORCE_PATH_STYLE"] as const;

  beforeAll(async () => {
    s3Dir = await mkdtemp(path.join(tmpdir(), "candor-s3rver-"));
    server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory: s3Dir, configureBuckets: [{ name: bucket }] });
    const { port } = await server.run();
    endpoint = `http://127.0.0.1:${port}`;
    for (const name of S3_ENV) saved[name] = process.env[name];
  });

  afterAll(async () => {
    for (const name of S3_ENV) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
    resetEnvCache();
    resetFileStoreCache();
    await server?.close();
    await rm(s3Dir, { recursive: true, force: true });
  });

  const settings = () => ({
    FILE_STORAGE_DIR: storageDir,
    S3_BUCKET: bucket,
    S3_REGION: "us-east-1",
    S3_ENDPOINT: endpoint,
    S3_ACCESS_KEY_ID: "S3RVER",
    S3_SECRET_ACCESS_KEY: "S3RVER",
    S3_FORCE_PATH_STYLE: true,
  });

  it("puts and gets bytes; a missing key is null; bad keys and half-set credentials are refused", async () => {
    const store = createFileStore(settings());
    await store.put("orgs/x/documents/y/1-abc", PDF, "application/pdf");
    expect(Buffer.from((await store.get("orgs/x/documents/y/1-abc"))!).equals(Buffer.from(PDF))).toBe(true);
    expect(await store.get("orgs/x/documents/y/2-missing")).toBeNull();
    await expect(store.put("../x", PDF, "application/pdf")).rejects.toThrow(/Refused/);
    expect(() => createFileStore({ ...settings(), S3_SECRET_ACCESS_KEY: undefined })).toThrow(/go together/);

    const wrongKey = createFileStore({ ...settings(), S3_SECRET_ACCESS_KEY: "not-the-secret" });
    await expect(wrongKey.get("orgs/x/documents/y/1-abc")).rejects.toThrow();
  });

  it("runs the documents module on S3 when S3_BUCKET is set, with verified reads", async () => {
    Object.assign(process.env, {
      S3_BUCKET: bucket,
      S3_ENDPOINT: endpoint,
      S3_REGION: "us-east-1",
      S3_ACCESS_KEY_ID: "S3RVER",
      S3_SECRET_ACCESS_KEY: "S3RVER",
      S3_FORCE_PATH_STYLE: "true",
    });
    resetEnvCache();
    resetFileStoreCache();
    expect(fileStore()).not.toBeInstanceOf(LocalFileStore);

    const { ctx } = await createOrg();
    const localBefore = await storedFiles();
    const { id } = await createDocument({ ctx, input: meta, file: { name: "on-s3.pdf", bytes: PDF } });
    await addDocumentVersion({ ctx, id, input: {}, file: { name: "on-s3.jpg", bytes: JPEG } });
    expect(await storedFiles()).toEqual(localBefore); // nothing went to local disk

    const one = await readDocumentVersion({ ctx, id, number: 1 });
    const two = await readDocumentVersion({ ctx, id, number: 2 });
    expect(Buffer.from(one.bytes).equals(Buffer.from(PDF))).toBe(true);
    expect(two).toMatchObject({ mimeType: "image/jpeg", sha256: sha256(JPEG) });

    // Replace the object behind the application's back: the read is refused.
    const key = await storageKeyOf(ctx, id, 1);
    await fileStore().put(key, bytes("%PDF-1.7 tampered"), "application/pdf");
    await expect(readDocumentVersion({ ctx, id, number: 1 })).rejects.toBeInstanceOf(DocumentIntegrityError);
  });
});
