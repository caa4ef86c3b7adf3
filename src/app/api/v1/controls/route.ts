import { controlInputSchema, controlListQuerySchema, controlPageSchema, controlSchemaOut } from "@/modules/api/schemas";
import { controlOf, controlSummaryOf } from "@/modules/api/project";
import { createControl, getControl, listControls } from "@/modules/controls/server/controls";
import { decodeControlCursor, encodeControlCursor } from "@/modules/api/server/control-cursor";
import { etagOf, json, queryOf } from "@/server/api/http";
import { apiOperation, methodNotAllowed } from "@/server/gate-api";

export const dynamic = "force-dynamic";

/** GET /api/v1/controls: the dashboard's list (search, filters, sort), by keyset cursor (no row repeated or skipped by concurrent writes). */
export const GET = apiOperation({ scope: "posture:read", action: "org.read" }, async ({ ctx, request }) => {
  const { limit, cursor, ...filters } = controlListQuerySchema.parse(queryOf(request, Object.keys(controlListQuerySchema.shape)));
  const after = decodeControlCursor(cursor, filters.sort, filters.dir);
  // One row more than asked says whether there is a next page.
  const page = await listControls({ ctx, query: { ...filters, page: 1 }, window: { limit: limit + 1, after } });
  const rows = page.rows.slice(0, limit);
  const nextCursor = page.rows.length > limit ? encodeControlCursor(filters.sort, filters.dir, rows[rows.length - 1]!) : null;
  return json(controlPageSchema, { data: rows.map(controlSummaryOf), total: page.total, nextCursor });
});

/** POST /api/v1/controls: the dashboard's createControl, strict input; Idempotency-Key honoured. */
export const POST = apiOperation({ scope: "posture:write", action: "controls.write", body: true }, async ({ ctx, body }) => {
  const input = controlInputSchema.parse(body);
  const created = await createControl({ ctx, input });
  const control = await getControl({ ctx, id: created.id });
  return json(controlSchemaOut, controlOf(control), { status: 201, headers: { etag: etagOf(control.version), location: `/api/v1/controls/${control.id}` } });
});

export const OPTIONS = methodNotAllowed;
