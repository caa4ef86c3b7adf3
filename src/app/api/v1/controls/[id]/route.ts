import { controlOf } from "@/modules/api/project";
import { controlInputSchema, controlSchemaOut } from "@/modules/api/schemas";
import { deleteControl, getControl, updateControl } from "@/modules/controls/server/controls";
import { etagOf, ifMatchVersion, json, noContent } from "@/server/api/http";
import { apiOperation, methodNotAllowed, notFoundUnlessUuid } from "@/server/gate-api";

export const dynamic = "force-dynamic";

type Params = { id: string };

/** GET /api/v1/controls/{id}: with its evidence; ETag from its version. */
export const GET = apiOperation<Params>({ scope: "posture:read", action: "org.read" }, async ({ ctx, params }) => {
  const control = await getControl({ ctx, id: notFoundUnlessUuid(params.id) });
  return json(controlSchemaOut, controlOf(control), { headers: { etag: etagOf(control.version) } });
});

/** PUT /api/v1/controls/{id}: replaces the control (the dashboard's updateControl); If-Match required. */
export const PUT = apiOperation<Params>({ scope: "posture:write", action: "controls.write", body: true }, async ({ ctx, params, request, body }) => {
  const id = notFoundUnlessUuid(params.id);
  const version = ifMatchVersion(request);
  const input = controlInputSchema.parse(body);
  await updateControl({ ctx, id, input: { ...input, version } });
  const control = await getControl({ ctx, id });
  return json(controlSchemaOut, controlOf(control), { headers: { etag: etagOf(control.version) } });
});

/** DELETE /api/v1/controls/{id}: If-Match required. */
export const DELETE = apiOperation<Params>({ scope: "posture:write", action: "controls.write" }, async ({ ctx, params, request }) => {
  const id = notFoundUnlessUuid(params.id);
  await deleteControl({ ctx, id, input: { version: ifMatchVersion(request) } });
  return noContent();
});

export const OPTIONS = methodNotAllowed;
