import { accessRequestOf } from "@/modules/api/project";
import { accessRequestListQuerySchema, accessRequestPageSchema } from "@/modules/api/schemas";
import { listRequests } from "@/modules/access/server/review";
import { decodeCursor, encodeCursor, json, queryOf } from "@/server/api/http";
import { apiOperation, methodNotAllowed } from "@/server/gate-api";

export const dynamic = "force-dynamic";

/** GET /api/v1/access-requests: the reviewers' queue (verified requests, newest first), by cursor. */
export const GET = apiOperation({ scope: "access:read", action: "access.review" }, async ({ ctx, request }) => {
  const { limit, cursor, status } = accessRequestListQuerySchema.parse(queryOf(request, Object.keys(accessRequestListQuerySchema.shape)));
  const offset = decodeCursor(cursor);
  const page = await listRequests({ ctx, input: status ? { status } : {}, window: { limit, offset } });
  const nextCursor = offset + page.requests.length < page.total ? encodeCursor(offset + page.requests.length) : null;
  return json(accessRequestPageSchema, { data: page.requests.map(accessRequestOf), total: page.total, nextCursor });
});

export const OPTIONS = methodNotAllowed;
