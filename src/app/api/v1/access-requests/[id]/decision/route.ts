import { accessDecisionResultSchema, accessDecisionSchema } from "@/modules/api/schemas";
import { approvalMail, denialMail } from "@/modules/access/server/decision-mail";
import { approveRequest, denyRequest } from "@/modules/access/server/review";
import { json } from "@/server/api/http";
import { apiOperation, methodNotAllowed, notFoundUnlessUuid } from "@/server/gate-api";

export const dynamic = "force-dynamic";

/**
 * POST /api/v1/access-requests/{id}/decision: approve (a grant, the access link mailed to the
 * requester) or deny (the reason mailed unless notify is false), as the dashboard's forms do; a
 * request already decided is 409. The access link is never returned: it goes to the requester.
 */
export const POST = apiOperation<{ id: string }>({ scope: "access:decide", action: "access.review", body: true }, async ({ ctx, params, body }) => {
  const requestId = notFoundUnlessUuid(params.id);
  const decision = accessDecisionSchema.parse(body);
  if (decision.decision === "approve") {
    const { decision: _d, ...input } = decision;
    const result = await approveRequest({ ctx, input: { ...input, requestId }, deliver: approvalMail(ctx) });
    return json(accessDecisionResultSchema, { status: "APPROVED", grantId: result.grantId, grantExpiresAt: result.expiresAt.toISOString(), emailed: true });
  }
  await denyRequest({ ctx, input: { requestId, reason: decision.reason }, deliver: decision.notify ? denialMail(ctx) : undefined });
  return json(accessDecisionResultSchema, { status: "DENIED", grantId: null, grantExpiresAt: null, emailed: decision.notify });
});

export const OPTIONS = methodNotAllowed;
