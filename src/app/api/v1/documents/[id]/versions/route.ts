import { documentOf } from "@/modules/api/project";
import { documentSchemaOut, documentVersionFieldsSchema, documentVersionListQuerySchema, documentVersionPageSchema } from "@/modules/api/schemas";
import { addDocumentVersion, getDocument } from "@/modules/documents/server/documents";
import { MAX_UPLOAD_BODY_BYTES, readUpload } from "@/modules/documents/server/upload";
import { decodeCursor, encodeCursor, etagOf, json, queryOf } from "@/server/api/http";
import { ApiProblem } from "@/server/api/problem";
import { apiOperation, methodNotAllowed, notFoundUnlessUuid } from "@/server/gate-api";

export const dynamic = "force-dynamic";

type Params = { id: string };

/** GET /api/v1/documents/{id}/versions: every upload of the document's file, newest first, by cursor. */
export const GET = apiOperation<Params>({ scope: "posture:read", action: "org.read" }, async ({ ctx, params, request }) => {
  const { limit, cursor } = documentVersionListQuerySchema.parse(queryOf(request, Object.keys(documentVersionListQuerySchema.shape)));
  const offset = decodeCursor(cursor);
  const { versions } = documentOf(await getDocument({ ctx, id: notFoundUnlessUuid(params.id) }));
  const rows = versions.slice(offset, offset + limit);
  const nextCursor = offset + rows.length < versions.length ? encodeCursor(offset + rows.length) : null;
  return json(documentVersionPageSchema, { data: rows, total: versions.length, nextCursor });
});

/**
 * POST /api/v1/documents/{id}/versions: a new version of the file (multipart/form-data: `file`,
 * `label`, `effectiveDate`, strict), through the dashboard's readUpload (25 MiB, type sniffed
 * from the bytes) and addDocumentVersion; earlier versions stay downloadable.
 */
export const POST = apiOperation<Params>({ scope: "posture:write", action: "controls.write", multipart: { maxBytes: MAX_UPLOAD_BODY_BYTES } }, async ({ ctx, request, params, raw }) => {
  const id = notFoundUnlessUuid(params.id);
  if (!(request.headers.get("content-type") ?? "").toLowerCase().startsWith("multipart/form-data")) throw new ApiProblem("unsupported_media_type", "Send the file as multipart/form-data, in a field named file.");
  const upload = await readUpload(new Request(request.url, { method: "POST", headers: request.headers, body: raw as Uint8Array<ArrayBuffer> }));
  const added = await addDocumentVersion({ ctx, id, input: documentVersionFieldsSchema.parse(upload.fields), file: upload.file });
  const document = await getDocument({ ctx, id });
  return json(documentSchemaOut, documentOf(document), { status: 201, headers: { etag: etagOf(document.version), location: `/api/v1/documents/${id}/versions/${added.versionNumber}/file` } });
});

export const OPTIONS = methodNotAllowed;
