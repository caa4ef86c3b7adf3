import "server-only";

import { createHash, randomBytes, randomUUID } from "node:crypto";
import * as z from "zod";
import { Prisma } from "@/generated/prisma/client";
import { documentSchema, documentVersionSchema as versionSchema } from "@/modules/content/schema";
import { recordAudit } from "@/modules/audit/server/audit";
import { dayStartOrNull } from "@/lib/calendar-day";
import type { Tx } from "@/server/db/client";
import { inTenant, versionedDelete, versionedUpdate } from "@/server/db/write";
import { AppError } from "@/server/errors";
import type { OrgContext } from "@/server/gate";
import { sniffDocument, storedFileName, type DocumentMimeType } from "./sniff";
import { fileStore } from "./storage";

/** A file as the boundary received it: the browser's name (only a hint) and the bytes. */
export type UploadedFile = { name: string; bytes: Uint8Array };

// Ids and numbers come from the URL or a hidden field: anything malformed is simply not found.
const idSchema = z.uuid();
const numberSchema = z.coerce.number().int().min(1).max(2_147_483_647);

/** The stored file's bytes did not match what was recorded when it was uploaded (or it is gone). */
export class DocumentIntegrityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DocumentIntegrityError";
  }
}

const NOT_FOUND = "No such document.";

function documentIdOf(id: unknown) {
  const parsed = idSchema.safeParse(id);
  if (!parsed.success) throw new AppError("not_found", NOT_FOUND);
  return parsed.data;
}

function versionOf(version: unknown) {
  const parsed = numberSchema.safeParse(version);
  if (!parsed.success) {
    throw new AppError("validation", "The form is out of date. Reload the page and try again.", { fieldErrors: { version: ["Missing or invalid version."] } });
  }
  return parsed.data;
}

const VERSION_FIELDS = {
  number: true,
  label: true,
  effectiveDate: true,
  fileName: true,
  mimeType: true,
  size: true,
  sha256: true,
  createdAt: true,
  uploadedById: true,
} as const;

const DOCUMENT_FIELDS = {
  id: true,
  title: true,
  description: true,
  category: true,
  visibility: true,
  position: true,
  version: true,
  createdAt: true,
  updatedAt: true,
} as const;

type VersionRow = Prisma.DocumentVersionGetPayload<{ select: typeof VERSION_FIELDS }>;

const projectVersion = (v: VersionRow) => ({
  number: v.number,
  label: v.label,
  effectiveDate: v.effectiveDate ? v.effectiveDate.toISOString().slice(0, 10) : null,
  fileName: v.fileName,
  mimeType: v.mimeType,
  size: v.size,
  sha256: v.sha256,
  uploadedAt: v.createdAt,
  uploadedById: v.uploadedById,
});

export type DocumentVersionSummary = ReturnType<typeof projectVersion>;

/** The organisation's documents in their order, each with its latest version. */
export async function listDocuments({ ctx }: { ctx: OrgContext }) {
  const rows = await inTenant(ctx,
    (tx) =>
      tx.document.findMany({
        where: { orgId: ctx.org.id },
        orderBy: [{ position: "asc" }, { createdAt: "asc" }],
        select: {
          ...DOCUMENT_FIELDS,
          versions: { orderBy: { number: "desc" }, take: 1, select: VERSION_FIELDS },
          _count: { select: { versions: true } },
        },
      }),
    { readOnly: true },
  );
  return rows.map(({ versions, _count, ...document }) => ({
    ...document,
    latestVersion: versions[0] ? projectVersion(versions[0]) : null,
    versionCount: _count.versions,
  }));
}

/** One document with all its versions, newest first. Another organisation's document is not found. */
export async function getDocument({ ctx, id: rawId }: { ctx: OrgContext; id: unknown }) {
  const id = documentIdOf(rawId);
  const row = await inTenant(ctx,
    (tx) =>
      tx.document.findFirst({
        where: { id, orgId: ctx.org.id },
        select: { ...DOCUMENT_FIELDS, versions: { orderBy: { number: "desc" }, select: VERSION_FIELDS } },
      }),
    { readOnly: true },
  );
  if (!row) throw new AppError("not_found", NOT_FOUND);
  return { ...row, versions: row.versions.map(projectVersion) };
}

type CheckedFile = { fileName: string; mimeType: DocumentMimeType; size: number; sha256: string; bytes: Uint8Array };

/** Sniffs the type from the bytes and hashes them; refuses anything that is not an accepted document. */
function checkFile(file: UploadedFile | null | undefined): CheckedFile {
  if (!file || !(file.bytes instanceof Uint8Array)) throw fileError("Choose a file to upload.");
  const sniffed = sniffDocument(file.bytes, file.name);
  if (!sniffed.ok) throw fileError(sniffed.reason);
  return {
    fileName: storedFileName(file.name, sniffed.mimeType),
    mimeType: sniffed.mimeType,
    size: file.bytes.byteLength,
    sha256: sha256Hex(file.bytes),
    bytes: file.bytes,
  };
}

function fileError(message: string) {
  return new AppError("validation", message, { fieldErrors: { file: [message] } });
}

const sha256Hex = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

const storageKeyFor = (orgId: string, documentId: string, number: number) =>
  `orgs/${orgId}/documents/${documentId}/${number}-${randomBytes(16).toString("hex")}`;

/** Stores the bytes before the transaction that refers to them, so no transaction waits on storage. */
async function store(orgId: string, documentId: string, number: number, file: CheckedFile) {
  const storageKey = storageKeyFor(orgId, documentId, number);
  await fileStore().put(storageKey, file.bytes, file.mimeType);
  return storageKey;
}

const versionAudit = (file: CheckedFile, number: number, meta: z.infer<typeof versionSchema>) => ({
  versionNumber: number,
  fileName: file.fileName,
  mimeType: file.mimeType,
  size: file.size,
  sha256: file.sha256,
  label: meta.label ?? "",
  effectiveDate: meta.effectiveDate ?? null,
});

const dateOrNull = dayStartOrNull;

/** Creates a document with its first version. Returns its id and version (for the edit form). */
export async function createDocument({ ctx, input, file }: { ctx: OrgContext; input: unknown; file: UploadedFile }) {
  const data = documentSchema.parse(input);
  const meta = versionSchema.parse(input);
  const checked = checkFile(file);
  const id = randomUUID();
  const storageKey = await store(ctx.org.id, id, 1, checked);

  return inTenant(ctx, async (tx) => {
    const last = await tx.document.aggregate({ where: { orgId: ctx.org.id }, _max: { position: true } });
    await tx.document.create({
      data: { id, orgId: ctx.org.id, ...data, position: (last._max.position ?? 0) + 1 },
    });
    await tx.documentVersion.create({
      data: {
        orgId: ctx.org.id,
        documentId: id,
        number: 1,
        label: meta.label ?? "",
        effectiveDate: dateOrNull(meta.effectiveDate),
        fileName: checked.fileName,
        mimeType: checked.mimeType,
        size: checked.size,
        sha256: checked.sha256,
        storageKey,
        uploadedById: ctx.user.id,
      },
    });
    await recordAudit(tx, ctx, {
      action: "documents.create",
      targetType: "document",
      targetId: id,
      after: { ...data, ...versionAudit(checked, 1, meta) },
    });
    return { id, version: 1, versionNumber: 1 };
  });
}

/** The document's fields, or not found. With `lock`, its row stays locked until the transaction ends. */
async function findDocument(tx: Tx, orgId: string, id: string, options: { lock?: boolean } = {}) {
  if (options.lock) await tx.$queryRaw`SELECT 1 FROM "Document" WHERE id = ${id}::uuid AND "orgId" = ${orgId}::uuid FOR UPDATE`;
  const document = await tx.document.findFirst({
    where: { id, orgId },
    select: { title: true, description: true, category: true, visibility: true, version: true },
  });
  if (!document) throw new AppError("not_found", NOT_FOUND);
  return document;
}

const STALE = "Someone else changed this document while you were editing. Reload the page to see their changes, then try again.";

/** The document as a versioned write sees it: read under a row lock, so concurrent saves queue. */
const target = (tx: Tx, ctx: OrgContext, id: string) => ({
  model: tx.document,
  key: { id, orgId: ctx.org.id },
  missing: NOT_FOUND,
  stale: STALE,
  find: () => findDocument(tx, ctx.org.id, id, { lock: true }),
});

/**
 * Saves the document's fields. `version` is the one the editor loaded: if someone changed the
 * document in between, this answers 409 instead of overwriting their change. Returns the new version.
 */
export async function updateDocument({ ctx, id, version, input }: { ctx: OrgContext; id: unknown; version: unknown; input: unknown }) {
  const documentId = documentIdOf(id);
  const expected = versionOf(version);
  const data = documentSchema.parse(input);
  return inTenant(ctx, async (tx) => {
    const saved = await versionedUpdate({ ...target(tx, ctx, documentId), version: expected }, data);
    const { version: _current, ...before } = saved.before;
    await recordAudit(tx, ctx, { action: "documents.update", targetType: "document", targetId: documentId, before, after: data });
    return { version: saved.version };
  });
}

/**
 * Uploads a new version of a document's file; earlier versions stay readable. The document's
 * version goes up too, so an editor holding the old one is told that something changed.
 */
export async function addDocumentVersion({ ctx, id, input, file }: { ctx: OrgContext; id: unknown; input: unknown; file: UploadedFile }) {
  const documentId = documentIdOf(id);
  const meta = versionSchema.parse(input);
  const checked = checkFile(file);

  // Not found before anything is stored, and the number the new file's key is named after.
  const number = await inTenant(
    ctx,
    async (tx) => {
      await findDocument(tx, ctx.org.id, documentId);
      const last = await tx.documentVersion.aggregate({ where: { orgId: ctx.org.id, documentId }, _max: { number: true } });
      return (last._max.number ?? 0) + 1;
    },
    { readOnly: true },
  );
  const storageKey = await store(ctx.org.id, documentId, number, checked);

  try {
    return await inTenant(ctx, async (tx) => {
      // Locks the document row: concurrent uploads of the same document queue here.
      const bumped = await tx.document.updateMany({ where: { id: documentId, orgId: ctx.org.id }, data: { version: { increment: 1 } } });
      if (bumped.count === 0) throw new AppError("not_found", NOT_FOUND);
      await tx.documentVersion.create({
        data: {
          orgId: ctx.org.id,
          documentId,
          number,
          label: meta.label ?? "",
          effectiveDate: dateOrNull(meta.effectiveDate),
          fileName: checked.fileName,
          mimeType: checked.mimeType,
          size: checked.size,
          sha256: checked.sha256,
          storageKey,
          uploadedById: ctx.user.id,
        },
      });
      const { version } = await tx.document.findFirstOrThrow({ where: { id: documentId, orgId: ctx.org.id }, select: { version: true } });
      await recordAudit(tx, ctx, {
        action: "documents.version.add",
        targetType: "document",
        targetId: documentId,
        after: versionAudit(checked, number, meta),
      });
      return { versionNumber: number, version };
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new AppError("conflict", "Someone else uploaded a version of this document at the same moment. Upload yours again.");
    }
    throw error;
  }
}

/** Deletes a document and its versions (the audit trail keeps what they were). */
export async function deleteDocument({ ctx, id, version }: { ctx: OrgContext; id: unknown; version: unknown }) {
  const documentId = documentIdOf(id);
  const expected = versionOf(version);
  return inTenant(ctx, async (tx) => {
    const versions = await tx.documentVersion.findMany({
      where: { orgId: ctx.org.id, documentId },
      orderBy: { number: "asc" },
      select: { number: true, fileName: true, sha256: true },
    });
    const { version: _current, ...before } = await versionedDelete({ ...target(tx, ctx, documentId), version: expected });
    await recordAudit(tx, ctx, {
      action: "documents.delete",
      targetType: "document",
      targetId: documentId,
      before: { ...before, versions: versions.map((v) => `${v.number}: ${v.fileName} (sha256 ${v.sha256})`) },
      after: null,
    });
    return { deleted: true };
  });
}

/**
 * The bytes of one version, checked against the SHA-256 recorded at upload. A file that is
 * missing or does not match throws DocumentIntegrityError (a server fault, never served).
 */
export async function readDocumentVersion({ ctx, id, number }: { ctx: OrgContext; id: unknown; number: unknown }) {
  const documentId = documentIdOf(id);
  const parsedNumber = numberSchema.safeParse(number);
  if (!parsedNumber.success) throw new AppError("not_found", "No such version.");
  const row = await inTenant(ctx,
    (tx) =>
      tx.documentVersion.findFirst({
        where: { orgId: ctx.org.id, documentId, number: parsedNumber.data },
        select: { storageKey: true, sha256: true, size: true, mimeType: true, fileName: true },
      }),
    { readOnly: true },
  );
  if (!row) throw new AppError("not_found", "No such version.");
  const bytes = await fileStore().get(row.storageKey);
  if (!bytes) throw new DocumentIntegrityError(`The stored file of document ${documentId} version ${parsedNumber.data} is missing.`);
  if (bytes.byteLength !== row.size || sha256Hex(bytes) !== row.sha256) {
    throw new DocumentIntegrityError(`The stored file of document ${documentId} version ${parsedNumber.data} does not match its recorded SHA-256.`);
  }
  return { bytes, mimeType: row.mimeType, fileName: row.fileName, sha256: row.sha256, size: row.size };
}
