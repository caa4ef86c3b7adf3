import { frameworkOf } from "@/modules/api/project";
import { frameworkInputSchema, frameworkSchemaOut } from "@/modules/api/schemas";
import { deleteItem, getItem, updateItem } from "@/modules/content/server/crud";
import { etagOf, ifMatchVersion, json, noContent } from "@/server/api/http";
import { apiOperation, methodNotAllowed, notFoundUnlessUuid } from "@/server/gate-api";

export const dynamic = "force-dynamic";

type Params = { id: string };
const load = async (ctx: Parameters<typeof getItem>[0]["ctx"], id: string) => (await getItem({ ctx, kind: "frameworks", id })) as Record<string, unknown>;

export const GET = apiOperation<Params>({ scope: "posture:read", action: "org.read" }, async ({ ctx, params }) => {
  const row = await load(ctx, notFoundUnlessUuid(params.id));
  return json(frameworkSchemaOut, frameworkOf(row), { headers: { etag: etagOf(row.version as number) } });
});

/** PUT /api/v1/frameworks/{id}: replaces it (the content kit's updateItem); If-Match required. */
export const PUT = apiOperation<Params>({ scope: "posture:write", action: "controls.write", body: true }, async ({ ctx, params, request, body }) => {
  const id = notFoundUnlessUuid(params.id);
  const version = ifMatchVersion(request);
  await updateItem({ ctx, kind: "frameworks", id, input: { ...frameworkInputSchema.parse(body), version } });
  const row = await load(ctx, id);
  return json(frameworkSchemaOut, frameworkOf(row), { headers: { etag: etagOf(row.version as number) } });
});

export const DELETE = apiOperation<Params>({ scope: "posture:write", action: "controls.write" }, async ({ ctx, params, request }) => {
  await deleteItem({ ctx, kind: "frameworks", id: notFoundUnlessUuid(params.id), input: { version: ifMatchVersion(request) } });
  return noContent();
});

export const OPTIONS = methodNotAllowed;
