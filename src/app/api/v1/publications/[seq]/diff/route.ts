import { publicationDiffQuerySchema, publicationDiffSchema } from "@/modules/api/schemas";
import { diffPublications } from "@/modules/publishing/server/history";
import { json, queryOf } from "@/server/api/http";
import { apiOperation, methodNotAllowed, notFoundUnlessSeq } from "@/server/gate-api";

export const dynamic = "force-dynamic";

/** GET /api/v1/publications/{seq}/diff?from=N: what changed (the changelog's lines); from defaults to seq − 1. */
export const GET = apiOperation<{ seq: string }>({ scope: "posture:read", action: "org.read" }, async ({ ctx, request, params }) => {
  const to = notFoundUnlessSeq(params.seq);
  const { from } = publicationDiffQuerySchema.parse(queryOf(request, Object.keys(publicationDiffQuerySchema.shape)));
  return json(publicationDiffSchema, await diffPublications({ ctx, from: from ?? to - 1, to }));
});

export const OPTIONS = methodNotAllowed;
