import { approveRequestInputSchema, publishResultSchema } from "@/modules/api/schemas";
import { approveRequest } from "@/modules/publishing/server/requests";
import { json } from "@/server/api/http";
import { apiOperation, methodNotAllowed, notFoundUnlessUuid } from "@/server/gate-api";

export const dynamic = "force-dynamic";

/**
 * POST /api/v1/publication-requests/{id}/approval: publishes exactly what was requested (the
 * dashboard's approveRequest, owners' and admins' keys): refused with 409 when the draft changed
 * since the request, and with 403 under four-eyes publishing when the key's creator asked for it.
 */
export const POST = apiOperation<{ id: string }>({ scope: "publish", action: "publish", body: true }, async ({ ctx, params, body }) => {
  const requestId = notFoundUnlessUuid(params.id);
  approveRequestInputSchema.parse(body);
  const result = await approveRequest({ ctx, input: { requestId } });
  return json(publishResultSchema, result, { status: result.unchanged ? 200 : 201 });
});

export const OPTIONS = methodNotAllowed;
