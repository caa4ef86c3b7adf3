import { reviewOf } from "@/modules/api/project";
import { reviewItemInputSchema, reviewSchemaOut } from "@/modules/api/schemas";
import { addReviewItem, getReview } from "@/modules/reviews/server/reviews";
import { etagOf, json } from "@/server/api/http";
import { apiOperation, methodNotAllowed, notFoundUnlessUuid } from "@/server/gate-api";

export const dynamic = "force-dynamic";

/**
 * POST /api/v1/reviews/{id}/items: a row of one's own at the end of the review (the dashboard's
 * addReviewItem); the answer is the review with its rows, and its ETag moves (a row's change is
 * the review's change).
 */
export const POST = apiOperation<{ id: string }>({ scope: "posture:write", action: "controls.write", body: true }, async ({ ctx, params, body }) => {
  const reviewId = notFoundUnlessUuid(params.id);
  const added = await addReviewItem({ ctx, reviewId, input: reviewItemInputSchema.parse(body) });
  const review = await getReview({ ctx, id: reviewId });
  return json(reviewSchemaOut, reviewOf(review), { status: 201, headers: { etag: etagOf(review.version), location: `/api/v1/review-items/${added.id}` } });
});

export const OPTIONS = methodNotAllowed;
