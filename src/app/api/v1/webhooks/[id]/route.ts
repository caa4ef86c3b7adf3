import { webhookEndpointOf } from "@/modules/api/project";
import { webhookEndpointInputSchema, webhookEndpointSchemaOut } from "@/modules/api/schemas";
import { deleteEndpoint, listDeliveries, updateEndpoint } from "@/modules/webhooks/server/endpoints";
import { etagOf, ifMatchVersion, json, noContent } from "@/server/api/http";
import { apiOperation, methodNotAllowed, notFoundUnlessUuid, type ApiContext } from "@/server/gate-api";

export const dynamic = "force-dynamic";

type Params = { id: string };
const load = async (ctx: ApiContext, id: string) => (await listDeliveries({ ctx, endpointId: id })).endpoint;

export const GET = apiOperation<Params>({ scope: "webhooks:manage", action: "webhooks.manage" }, async ({ ctx, params }) => {
  const endpoint = await load(ctx, notFoundUnlessUuid(params.id));
  return json(webhookEndpointSchemaOut, webhookEndpointOf(endpoint), { headers: { etag: etagOf(endpoint.version) } });
});

/** PUT /api/v1/webhooks/{id} (If-Match): the dashboard's updateEndpoint; the secret is unchanged. */
export const PUT = apiOperation<Params>({ scope: "webhooks:manage", action: "webhooks.manage", body: true }, async ({ ctx, params, request, body }) => {
  const id = notFoundUnlessUuid(params.id);
  const version = ifMatchVersion(request);
  await updateEndpoint({ ctx, id, input: { ...webhookEndpointInputSchema.parse(body), version } });
  const endpoint = await load(ctx, id);
  return json(webhookEndpointSchemaOut, webhookEndpointOf(endpoint), { headers: { etag: etagOf(endpoint.version) } });
});

export const DELETE = apiOperation<Params>({ scope: "webhooks:manage", action: "webhooks.manage" }, async ({ ctx, params, request }) => {
  await deleteEndpoint({ ctx, input: { id: notFoundUnlessUuid(params.id), version: ifMatchVersion(request) } });
  return noContent();
});

export const OPTIONS = methodNotAllowed;
