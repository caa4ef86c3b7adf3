import { documentOf } from "@/modules/api/project";
import { documentInputSchema, documentSchemaOut } from "@/modules/api/schemas";
import { deleteDocument, getDocument, updateDocument } from "@/modules/documents/server/documents";
import { etagOf, ifMatchVersion, json, noContent } from "@/server/api/http";
import { apiOperation, methodNotAllowed, notFoundUnlessUuid } from "@/server/gate-api";

export const dynamic = "force-dynamic";

type Params = { id: string };

/** GET /api/v1/documents/{id}: the document's metadata and every version (the dashboard's getDocument). */
export const GET = apiOperation<Params>({ scope: "posture:read", action: "org.read" }, async ({ ctx, params }) => {
  const document = await getDocument({ ctx, id: notFoundUnlessUuid(params.id) });
  return json(documentSchemaOut, documentOf(document), { headers: { etag: etagOf(document.version) } });
});

/** PUT /api/v1/documents/{id}: the document's fields (the dashboard's updateDocument); If-Match required. A new file is a new version (POST …/versions). */
export const PUT = apiOperation<Params>({ scope: "posture:write", action: "controls.write", body: true }, async ({ ctx, params, request, body }) => {
  const id = notFoundUnlessUuid(params.id);
  const version = ifMatchVersion(request);
  await updateDocument({ ctx, id, version, input: documentInputSchema.parse(body) });
  const document = await getDocument({ ctx, id });
  return json(documentSchemaOut, documentOf(document), { headers: { etag: etagOf(document.version) } });
});

/** DELETE /api/v1/documents/{id}: the document with every version (the audit log keeps what they were); If-Match required. */
export const DELETE = apiOperation<Params>({ scope: "posture:write", action: "controls.write" }, async ({ ctx, params, request }) => {
  await deleteDocument({ ctx, id: notFoundUnlessUuid(params.id), version: ifMatchVersion(request) });
  return noContent();
});

export const OPTIONS = methodNotAllowed;
