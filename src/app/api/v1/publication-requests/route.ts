import { publicationRequestOf, publicationRequestSummaryOf } from "@/modules/api/project";
import { publicationRequestInputSchema, publicationRequestListQuerySchema, publicationRequestPageSchema, publicationRequestSchemaOut } from "@/modules/api/schemas";
import { getRequest, pageRequests, requestPublication } from "@/modules/publishing/server/requests";
import { decodeCursor, encodeCursor, json, queryOf } from "@/server/api/http";
import { apiOperation, methodNotAllowed } from "@/server/gate-api";

export const dynamic = "force-dynamic";

/** GET /api/v1/publication-requests: newest first, by status, by cursor; as on the publish page, for those who may request (not viewers). */
export const GET = apiOperation({ scope: "publish", action: "publish.request" }, async ({ ctx, request }) => {
  const { limit, cursor, status } = publicationRequestListQuerySchema.parse(queryOf(request, Object.keys(publicationRequestListQuerySchema.shape)));
  const offset = decodeCursor(cursor);
  const page = await pageRequests({ ctx, status, window: { limit, offset } });
  const nextCursor = offset + page.rows.length < page.total ? encodeCursor(offset + page.rows.length) : null;
  return json(publicationRequestPageSchema, { data: page.rows.map(publicationRequestSummaryOf), total: page.total, nextCursor });
});

/**
 * POST /api/v1/publication-requests: asks to publish the draft as it is now (the dashboard's
 * requestPublication, ADR 022): an editor's key may ask; owners and admins are mailed; nothing is
 * public until another person approves it.
 */
export const POST = apiOperation({ scope: "publish", action: "publish.request", body: true }, async ({ ctx, body }) => {
  const created = await requestPublication({ ctx, input: publicationRequestInputSchema.parse(body) });
  const request = await getRequest({ ctx, id: created.id });
  return json(publicationRequestSchemaOut, publicationRequestOf(request), { status: 201, headers: { location: `/api/v1/publication-requests/${request.id}` } });
});

export const OPTIONS = methodNotAllowed;
