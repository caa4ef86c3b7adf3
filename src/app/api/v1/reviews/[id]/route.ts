import { reviewOf } from "@/modules/api/project";
import { reviewSchemaOut, reviewUpdateSchema } from "@/modules/api/schemas";
import { deleteReview, getReview, updateReview } from "@/modules/reviews/server/reviews";
import { etagOf, ifMatchVersion, json, noContent } from "@/server/api/http";
import { apiOperation, methodNotAllowed, notFoundUnlessUuid } from "@/server/gate-api";

export const dynamic = "force-dynamic";

type Params = { id: string };

/** GET /api/v1/reviews/{id}: with its checklist rows; ETag from its version (a row's change bumps it). */
export const GET = apiOperation<Params>({ scope: "posture:read", action: "org.read" }, async ({ ctx, params }) => {
  const review = await getReview({ ctx, id: notFoundUnlessUuid(params.id) });
  return json(reviewSchemaOut, reviewOf(review), { headers: { etag: etagOf(review.version) } });
});

/** PUT /api/v1/reviews/{id}: title, date, summary, visibility (the dashboard's updateReview); If-Match required. */
export const PUT = apiOperation<Params>({ scope: "posture:write", action: "controls.write", body: true }, async ({ ctx, params, request, body }) => {
  const id = notFoundUnlessUuid(params.id);
  const version = ifMatchVersion(request);
  await updateReview({ ctx, id, input: { ...reviewUpdateSchema.parse(body), version } });
  const review = await getReview({ ctx, id });
  return json(reviewSchemaOut, reviewOf(review), { headers: { etag: etagOf(review.version) } });
});

/** DELETE /api/v1/reviews/{id}: the review and its rows (the audit log keeps them); If-Match required. */
export const DELETE = apiOperation<Params>({ scope: "posture:write", action: "controls.write" }, async ({ ctx, params, request }) => {
  await deleteReview({ ctx, id: notFoundUnlessUuid(params.id), input: { version: ifMatchVersion(request) } });
  return noContent();
});

export const OPTIONS = methodNotAllowed;
