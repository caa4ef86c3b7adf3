import { publicationRequestOf } from "@/modules/api/project";
import { publicationRequestSchemaOut, rejectRequestInputSchema } from "@/modules/api/schemas";
import { getRequest, rejectRequest } from "@/modules/publishing/server/requests";
import { json } from "@/server/api/http";
import { apiOperation, methodNotAllowed, notFoundUnlessUuid } from "@/server/gate-api";

export const dynamic = "force-dynamic";

/** POST /api/v1/publication-requests/{id}/rejection: the dashboard's rejectRequest (a reason, mailed to the requester). */
export const POST = apiOperation<{ id: string }>({ scope: "publish", action: "publish", body: true }, async ({ ctx, params, body }) => {
  const requestId = notFoundUnlessUuid(params.id);
  const { reason } = rejectRequestInputSchema.parse(body);
  await rejectRequest({ ctx, input: { requestId, reason } });
  return json(publicationRequestSchemaOut, publicationRequestOf(await getRequest({ ctx, id: requestId })));
});

export const OPTIONS = methodNotAllowed;
