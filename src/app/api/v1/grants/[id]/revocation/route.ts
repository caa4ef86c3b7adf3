import { grantDetailOf } from "@/modules/api/project";
import { grantDetailSchemaOut, revokeInputSchema } from "@/modules/api/schemas";
import { grantDetail } from "@/modules/access/server/dashboard";
import { revokeGrant } from "@/modules/access/server/review";
import { etagOf, ifMatchVersion, json } from "@/server/api/http";
import { apiOperation, methodNotAllowed, notFoundUnlessUuid } from "@/server/gate-api";

export const dynamic = "force-dynamic";

/**
 * POST /api/v1/grants/{id}/revocation (If-Match): the dashboard's revokeGrant: the grantee's
 * sessions end now, a grant.revoked webhook is emitted, audited as the key. Already revoked: 409.
 */
export const POST = apiOperation<{ id: string }>({ scope: "access:decide", action: "access.review", body: true }, async ({ ctx, params, request, body }) => {
  const grantId = notFoundUnlessUuid(params.id);
  const version = ifMatchVersion(request);
  revokeInputSchema.parse(body);
  await revokeGrant({ ctx, input: { grantId, version } });
  const detail = await grantDetail({ ctx, id: grantId });
  return json(grantDetailSchemaOut, grantDetailOf(detail), { headers: { etag: etagOf(detail.grant.version) } });
});

export const OPTIONS = methodNotAllowed;
