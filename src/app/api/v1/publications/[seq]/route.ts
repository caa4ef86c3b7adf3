import { publicationDetailSchema } from "@/modules/api/schemas";
import { getPublication } from "@/modules/publishing/server/history";
import { json } from "@/server/api/http";
import { apiOperation, methodNotAllowed, notFoundUnlessSeq } from "@/server/gate-api";

export const dynamic = "force-dynamic";

/** GET /api/v1/publications/{seq}: one signed link of the chain, verifiable offline. */
export const GET = apiOperation<{ seq: string }>({ scope: "posture:read", action: "org.read" }, async ({ ctx, params }) => {
  const row = await getPublication({ ctx, seq: notFoundUnlessSeq(params.seq) });
  return json(publicationDetailSchema, { ...row, publishedAt: row.publishedAt.toISOString() });
});

export const OPTIONS = methodNotAllowed;
