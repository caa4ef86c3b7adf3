import { evidenceInputSchema, evidenceOutSchema } from "@/modules/api/schemas";
import { addEvidence } from "@/modules/controls/server/controls";
import { json } from "@/server/api/http";
import { apiOperation, methodNotAllowed, notFoundUnlessUuid } from "@/server/gate-api";

export const dynamic = "force-dynamic";

/**
 * POST /api/v1/controls/{id}/evidence: adds one evidence item after the others (the dashboard's
 * addEvidence). Evidence carries no version of its own and does not change the control's (ADR 023),
 * so no If-Match; Idempotency-Key makes a retry safe.
 */
export const POST = apiOperation<{ id: string }>({ scope: "posture:write", action: "controls.write", body: true }, async ({ ctx, params, body }) => {
  const controlId = notFoundUnlessUuid(params.id);
  const evidence = await addEvidence({ ctx, controlId, input: evidenceInputSchema.parse(body) });
  return json(evidenceOutSchema, evidence, { status: 201 });
});

export const OPTIONS = methodNotAllowed;
