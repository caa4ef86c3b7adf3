import { webhookDeliveryOf } from "@/modules/api/project";
import { webhookDeliveryListQuerySchema, webhookDeliveryPageSchema } from "@/modules/api/schemas";
import { pageDeliveries } from "@/modules/webhooks/server/endpoints";
import { decodeCursor, encodeCursor, json, queryOf } from "@/server/api/http";
import { apiOperation, methodNotAllowed, notFoundUnlessUuid } from "@/server/gate-api";

export const dynamic = "force-dynamic";

/** GET /api/v1/webhooks/{id}/deliveries: the endpoint's delivery log, newest first, by cursor. */
export const GET = apiOperation<{ id: string }>({ scope: "webhooks:manage", action: "webhooks.manage" }, async ({ ctx, params, request }) => {
  const { limit, cursor } = webhookDeliveryListQuerySchema.parse(queryOf(request, Object.keys(webhookDeliveryListQuerySchema.shape)));
  const offset = decodeCursor(cursor);
  const page = await pageDeliveries({ ctx, endpointId: notFoundUnlessUuid(params.id), window: { limit, offset } });
  const nextCursor = offset + page.rows.length < page.total ? encodeCursor(offset + page.rows.length) : null;
  return json(webhookDeliveryPageSchema, { data: page.rows.map(webhookDeliveryOf), total: page.total, nextCursor });
});

export const OPTIONS = methodNotAllowed;
