import { documentOf, documentSummaryOf } from "@/modules/api/project";
import { documentListQuerySchema, documentPageSchema, documentSchemaOut, documentUploadFieldsSchema } from "@/modules/api/schemas";
import { createDocument, getDocument, listDocuments } from "@/modules/documents/server/documents";
import { MAX_UPLOAD_BODY_BYTES, readUpload } from "@/modules/documents/server/upload";
import { decodeCursor, encodeCursor, etagOf, json, queryOf } from "@/server/api/http";
import { ApiProblem } from "@/server/api/problem";
import { apiOperation, methodNotAllowed } from "@/server/gate-api";

export const dynamic = "force-dynamic";

/**
 * GET /api/v1/documents: the dashboard's list (its order, each with its latest version), by
 * cursor. listDocuments reads the organisation's documents whole (a handful per organisation),
 * so the page is cut from it here.
 */
export const GET = apiOperation({ scope: "posture:read", action: "org.read" }, async ({ ctx, request }) => {
  const { limit, cursor } = documentListQuerySchema.parse(queryOf(request, Object.keys(documentListQuerySchema.shape)));
  const offset = decodeCursor(cursor);
  const all = await listDocuments({ ctx });
  const rows = all.slice(offset, offset + limit);
  const nextCursor = offset + rows.length < all.length ? encodeCursor(offset + rows.length) : null;
  return json(documentPageSchema, { data: rows.map(documentSummaryOf), total: all.length, nextCursor });
});

/**
 * POST /api/v1/documents: upload a document (multipart/form-data: `file` and the dashboard's
 * fields, strict) → its version 1, through the dashboard upload route's readUpload (its limits:
 * 25 MiB file, type sniffed from the bytes) and createDocument. Idempotency-Key replays the same bytes.
 */
export const POST = apiOperation({ scope: "posture:write", action: "controls.write", multipart: { maxBytes: MAX_UPLOAD_BODY_BYTES } }, async ({ ctx, request, raw }) => {
  if (!(request.headers.get("content-type") ?? "").toLowerCase().startsWith("multipart/form-data")) throw new ApiProblem("unsupported_media_type", "Send the file as multipart/form-data, in a field named file.");
  const upload = await readUpload(new Request(request.url, { method: "POST", headers: request.headers, body: raw as Uint8Array<ArrayBuffer> }));
  const created = await createDocument({ ctx, input: documentUploadFieldsSchema.parse(upload.fields), file: upload.file });
  const document = await getDocument({ ctx, id: created.id });
  return json(documentSchemaOut, documentOf(document), { status: 201, headers: { etag: etagOf(document.version), location: `/api/v1/documents/${document.id}` } });
});

export const OPTIONS = methodNotAllowed;
