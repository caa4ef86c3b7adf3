import { webhookTestResultSchema } from "@/modules/api/schemas";
import { sendTestEvent } from "@/modules/webhooks/server/endpoints";
import { json } from "@/server/api/http";
import { apiOperation, methodNotAllowed, notFoundUnlessUuid } from "@/server/gate-api";

export const dynamic = "force-dynamic";

/** POST /api/v1/webhooks/{id}/test: the dashboard's "Send test event" (a ping, queued; 409 when the endpoint is disabled). */
export const POST = apiOperation<{ id: string }>({ scope: "webhooks:manage", action: "webhooks.manage" }, async ({ ctx, params }) => {
  const { eventId } = await sendTestEvent({ ctx, id: notFoundUnlessUuid(params.id) });
  return json(webhookTestResultSchema, { eventId }, { status: 202 });
});

export const OPTIONS = methodNotAllowed;
