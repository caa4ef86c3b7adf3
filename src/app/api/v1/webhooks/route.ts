import { webhookEndpointOf } from "@/modules/api/project";
import { webhookEndpointCreatedSchema, webhookEndpointInputSchema, webhookEndpointListQuerySchema, webhookEndpointPageSchema } from "@/modules/api/schemas";
import { createEndpoint, listEndpoints } from "@/modules/webhooks/server/endpoints";
import { decodeCursor, encodeCursor, etagOf, json, queryOf } from "@/server/api/http";
import { apiOperation, methodNotAllowed } from "@/server/gate-api";

export const dynamic = "force-dynamic";

/** GET /api/v1/webhooks: the organisation's endpoints (at most 20), oldest first, by cursor; never a secret. */
export const GET = apiOperation({ scope: "webhooks:manage", action: "webhooks.manage" }, async ({ ctx, request }) => {
  const { limit, cursor } = webhookEndpointListQuerySchema.parse(queryOf(request, Object.keys(webhookEndpointListQuerySchema.shape)));
  const offset = decodeCursor(cursor);
  const all = await listEndpoints({ ctx });
  const rows = all.slice(offset, offset + limit);
  const nextCursor = offset + rows.length < all.length ? encodeCursor(offset + rows.length) : null;
  return json(webhookEndpointPageSchema, { data: rows.map(webhookEndpointOf), total: all.length, nextCursor });
});

/**
 * POST /api/v1/webhooks: the dashboard's createEndpoint (destination checked: https, public
 * addresses only). The signing secret is in this answer once; an Idempotency-Key replay returns
 * the same answer (stored 24 h, like every POST's first answer).
 */
export const POST = apiOperation({ scope: "webhooks:manage", action: "webhooks.manage", body: true }, async ({ ctx, body }) => {
  const { endpoint, secret } = await createEndpoint({ ctx, input: webhookEndpointInputSchema.parse(body) });
  return json(webhookEndpointCreatedSchema, { ...webhookEndpointOf(endpoint), secret }, { status: 201, headers: { etag: etagOf(endpoint.version), location: `/api/v1/webhooks/${endpoint.id}` } });
});

export const OPTIONS = methodNotAllowed;
