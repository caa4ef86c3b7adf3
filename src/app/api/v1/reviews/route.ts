import { reviewOf, reviewSummaryOf } from "@/modules/api/project";
import { reviewInputSchema, reviewListQuerySchema, reviewPageSchema, reviewSchemaOut } from "@/modules/api/schemas";
import { createReview, getReview, listReviews } from "@/modules/reviews/server/reviews";
import { decodeCursor, encodeCursor, etagOf, json, queryOf } from "@/server/api/http";
import { apiOperation, methodNotAllowed } from "@/server/gate-api";

export const dynamic = "force-dynamic";

/**
 * GET /api/v1/reviews: the dashboard's list (newest first, rows counted by result), by cursor.
 * listReviews reads the organisation's reviews whole (a few a year), so the page is cut here.
 */
export const GET = apiOperation({ scope: "posture:read", action: "org.read" }, async ({ ctx, request }) => {
  const { limit, cursor } = reviewListQuerySchema.parse(queryOf(request, Object.keys(reviewListQuerySchema.shape)));
  const offset = decodeCursor(cursor);
  const all = await listReviews({ ctx });
  const rows = all.slice(offset, offset + limit);
  const nextCursor = offset + rows.length < all.length ? encodeCursor(offset + rows.length) : null;
  return json(reviewPageSchema, { data: rows.map(reviewSummaryOf), total: all.length, nextCursor });
});

/** POST /api/v1/reviews: the dashboard's createReview (the template's checklist copied in). */
export const POST = apiOperation({ scope: "posture:write", action: "controls.write", body: true }, async ({ ctx, body }) => {
  const created = await createReview({ ctx, input: reviewInputSchema.parse(body) });
  const review = await getReview({ ctx, id: created.id });
  return json(reviewSchemaOut, reviewOf(review), { status: 201, headers: { etag: etagOf(review.version), location: `/api/v1/reviews/${review.id}` } });
});

export const OPTIONS = methodNotAllowed;
