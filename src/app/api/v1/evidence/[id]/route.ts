import { removeEvidence } from "@/modules/controls/server/controls";
import { noContent } from "@/server/api/http";
import { apiOperation, methodNotAllowed, notFoundUnlessUuid } from "@/server/gate-api";

export const dynamic = "force-dynamic";

/** DELETE /api/v1/evidence/{id}: removes one evidence item (the dashboard's removeEvidence). */
export const DELETE = apiOperation<{ id: string }>({ scope: "posture:write", action: "controls.write" }, async ({ ctx, params }) => {
  await removeEvidence({ ctx, evidenceId: notFoundUnlessUuid(params.id) });
  return noContent();
});

export const OPTIONS = methodNotAllowed;
