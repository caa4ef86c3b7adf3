import { webhookEndpointOf } from "@/modules/api/project";
import { rotateSecretInputSchema, webhookSecretRotatedSchema } from "@/modules/api/schemas";
import { listDeliveries, rotateSecret } from "@/modules/webhooks/server/endpoints";
import { etagOf, ifMatchVersion, json } from "@/server/api/http";
import { apiOperation, methodNotAllowed, notFoundUnlessUuid } from "@/server/gate-api";

export const dynamic = "force-dynamic";

/**
 * POST /api/v1/webhooks/{id}/secret (If-Match): the dashboard's rotateSecret. The new secret is in
 * this answer once (an Idempotency-Key replay returns the same answer for 24 h, like every POST);
 * the old one keeps signing beside it for 24 hours so the receiver can switch over.
 */
export const POST = apiOperation<{ id: string }>({ scope: "webhooks:manage", action: "webhooks.manage", body: true }, async ({ ctx, params, request, body }) => {
  const id = notFoundUnlessUuid(params.id);
  const version = ifMatchVersion(request);
  rotateSecretInputSchema.parse(body);
  const { secret } = await rotateSecret({ ctx, input: { id, version } });
  const { endpoint } = await listDeliveries({ ctx, endpointId: id });
  return json(webhookSecretRotatedSchema, { ...webhookEndpointOf(endpoint), secret }, { headers: { etag: etagOf(endpoint.version) } });
});

export const OPTIONS = methodNotAllowed;
