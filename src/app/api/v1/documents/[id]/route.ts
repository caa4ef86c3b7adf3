import { documentOf } from "@/modules/api/project";
import { documentSchemaOut } from "@/modules/api/schemas";
import { getDocument } from "@/modules/documents/server/documents";
import { etagOf, json } from "@/server/api/http";
import { apiOperation, methodNotAllowed, notFoundUnlessUuid } from "@/server/gate-api";

export const dynamic = "force-dynamic";

/** GET /api/v1/documents/{id}: the document's metadata and every version (the dashboard's getDocument). */
export const GET = apiOperation<{ id: string }>({ scope: "posture:read", action: "org.read" }, async ({ ctx, params }) => {
  const document = await getDocument({ ctx, id: notFoundUnlessUuid(params.id) });
  return json(documentSchemaOut, documentOf(document), { headers: { etag: etagOf(document.version) } });
});

export const OPTIONS = methodNotAllowed;
