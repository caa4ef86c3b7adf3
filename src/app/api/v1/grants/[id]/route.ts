import { grantDetailOf } from "@/modules/api/project";
import { grantDetailSchemaOut } from "@/modules/api/schemas";
import { grantDetail } from "@/modules/access/server/dashboard";
import { etagOf, json } from "@/server/api/http";
import { apiOperation, methodNotAllowed, notFoundUnlessUuid } from "@/server/gate-api";

export const dynamic = "force-dynamic";

/** GET /api/v1/grants/{id}: the dashboard's grant detail (recent downloads, NDA acceptances). */
export const GET = apiOperation<{ id: string }>({ scope: "access:read", action: "access.review" }, async ({ ctx, params }) => {
  const detail = await grantDetail({ ctx, id: notFoundUnlessUuid(params.id) });
  return json(grantDetailSchemaOut, grantDetailOf(detail), { headers: { etag: etagOf(detail.grant.version) } });
});

export const OPTIONS = methodNotAllowed;
