import { reviewOf } from "@/modules/api/project";
import { reviewItemAnswerSchema, reviewSchemaOut } from "@/modules/api/schemas";
import { getReview, removeReviewItem, updateReviewItem } from "@/modules/reviews/server/reviews";
import { etagOf, json, noContent } from "@/server/api/http";
import { apiOperation, methodNotAllowed, notFoundUnlessUuid } from "@/server/gate-api";

export const dynamic = "force-dynamic";

type Params = { id: string };

/**
 * PUT /api/v1/review-items/{id}: answers one checklist row (the dashboard's updateReviewItem:
 * result, evidence, finding, resolution, remediation link, rationale; its area, reference and
 * question stay). Rows have no version of their own (as evidence, ADR 023), so no If-Match; the
 * answer is the whole review with its new ETag.
 */
export const PUT = apiOperation<Params>({ scope: "posture:write", action: "controls.write", body: true }, async ({ ctx, params, body }) => {
  const { reviewId } = await updateReviewItem({ ctx, itemId: notFoundUnlessUuid(params.id), input: reviewItemAnswerSchema.parse(body) });
  const review = await getReview({ ctx, id: reviewId });
  return json(reviewSchemaOut, reviewOf(review), { headers: { etag: etagOf(review.version) } });
});

/** DELETE /api/v1/review-items/{id}: removes the row (audited; the review's version moves). */
export const DELETE = apiOperation<Params>({ scope: "posture:write", action: "controls.write" }, async ({ ctx, params }) => {
  await removeReviewItem({ ctx, itemId: notFoundUnlessUuid(params.id) });
  return noContent();
});

export const OPTIONS = methodNotAllowed;
