import { frameworkOf } from "@/modules/api/project";
import { frameworkInputSchema, frameworkListQuerySchema, frameworkPageSchema, frameworkSchemaOut } from "@/modules/api/schemas";
import { createItem, getItem, listItems } from "@/modules/content/server/crud";
import { decodeCursor, encodeCursor, etagOf, json, queryOf } from "@/server/api/http";
import { apiOperation, methodNotAllowed } from "@/server/gate-api";

export const dynamic = "force-dynamic";

/** GET /api/v1/frameworks: the dashboard's list (search, status filter), by cursor. */
export const GET = apiOperation({ scope: "posture:read", action: "org.read" }, async ({ ctx, request }) => {
  const { limit, cursor, q, status } = frameworkListQuerySchema.parse(queryOf(request, Object.keys(frameworkListQuerySchema.shape)));
  const offset = decodeCursor(cursor);
  const page = await listItems({ ctx, kind: "frameworks", query: { q, filter: status, page: 1 }, window: { limit, offset } });
  const nextCursor = offset + page.rows.length < page.total ? encodeCursor(offset + page.rows.length) : null;
  return json(frameworkPageSchema, { data: page.rows.map((row) => frameworkOf(row as Record<string, unknown>)), total: page.total, nextCursor });
});

/** POST /api/v1/frameworks: the content kit's createItem, strict input. */
export const POST = apiOperation({ scope: "posture:write", action: "controls.write", body: true }, async ({ ctx, body }) => {
  const created = await createItem({ ctx, kind: "frameworks", input: frameworkInputSchema.parse(body) });
  const row = (await getItem({ ctx, kind: "frameworks", id: created.id as string })) as Record<string, unknown>;
  return json(frameworkSchemaOut, frameworkOf(row), { status: 201, headers: { etag: etagOf(row.version as number), location: `/api/v1/frameworks/${row.id as string}` } });
});

export const OPTIONS = methodNotAllowed;
