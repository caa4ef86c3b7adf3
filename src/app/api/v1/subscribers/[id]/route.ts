import { removeSubscriber } from "@/modules/subscribers/server/dashboard";
import { noContent } from "@/server/api/http";
import { apiOperation, methodNotAllowed, notFoundUnlessUuid } from "@/server/gate-api";

export const dynamic = "force-dynamic";

/** DELETE /api/v1/subscribers/{id}: the dashboard's removeSubscriber (audited; a subscriber has no version, so no If-Match). */
export const DELETE = apiOperation<{ id: string }>({ scope: "subscribers:manage", action: "subscribers.manage" }, async ({ ctx, params }) => {
  await removeSubscriber({ ctx, input: { id: notFoundUnlessUuid(params.id) } });
  return noContent();
});

export const OPTIONS = methodNotAllowed;
