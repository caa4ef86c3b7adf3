import { publicationRequestOf } from "@/modules/api/project";
import { publicationRequestSchemaOut } from "@/modules/api/schemas";
import { getRequest } from "@/modules/publishing/server/requests";
import { json } from "@/server/api/http";
import { apiOperation, methodNotAllowed, notFoundUnlessUuid } from "@/server/gate-api";

export const dynamic = "force-dynamic";

/** GET /api/v1/publication-requests/{id}: what approving it would publish, and whether the draft moved on since. */
export const GET = apiOperation<{ id: string }>({ scope: "publish", action: "publish.request" }, async ({ ctx, params }) => {
  const request = await getRequest({ ctx, id: notFoundUnlessUuid(params.id) });
  return json(publicationRequestSchemaOut, publicationRequestOf(request));
});

export const OPTIONS = methodNotAllowed;
