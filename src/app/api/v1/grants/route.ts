import { grantOf } from "@/modules/api/project";
import { grantListQuerySchema, grantPageSchema } from "@/modules/api/schemas";
import { grantList } from "@/modules/access/server/dashboard";
import { decodeCursor, encodeCursor, json, queryOf } from "@/server/api/http";
import { apiOperation, methodNotAllowed } from "@/server/gate-api";

export const dynamic = "force-dynamic";

/** GET /api/v1/grants: the dashboard's grant list (state, search), by cursor. */
export const GET = apiOperation({ scope: "access:read", action: "access.review" }, async ({ ctx, request }) => {
  const { limit, cursor, state, q } = grantListQuerySchema.parse(queryOf(request, Object.keys(grantListQuerySchema.shape)));
  const offset = decodeCursor(cursor);
  const page = await grantList({ ctx, query: { state, q, page: 1 }, window: { limit, offset } });
  const nextCursor = offset + page.grants.length < page.total ? encodeCursor(offset + page.grants.length) : null;
  return json(grantPageSchema, { data: page.grants.map(grantOf), total: page.total, nextCursor });
});

export const OPTIONS = methodNotAllowed;
