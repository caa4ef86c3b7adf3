import { publicationListSchema, publishInputSchema, publishResultSchema } from "@/modules/api/schemas";
import { listPublications, publish } from "@/modules/publishing/server/publish";
import { json } from "@/server/api/http";
import { apiOperation, methodNotAllowed } from "@/server/gate-api";

export const dynamic = "force-dynamic";

/** GET /api/v1/publications: the chain's latest links (the dashboard's list). */
export const GET = apiOperation({ scope: "posture:read", action: "org.read" }, async ({ ctx }) => {
  const rows = await listPublications({ ctx });
  return json(publicationListSchema, { data: rows.map((row) => ({ ...row, publishedAt: row.publishedAt.toISOString() })) });
});

/**
 * POST /api/v1/publications: publishes the draft, as the dashboard's Publish button does: the
 * same rule (owners and admins), and refused (403) when the organisation requires a second
 * person to publish (ADR 022): a key never stands in for the second person.
 */
export const POST = apiOperation({ scope: "publish", action: "publish", body: true }, async ({ ctx, body }) => {
  publishInputSchema.parse(body);
  const result = await publish({ ctx });
  return json(publishResultSchema, result, { status: result.unchanged ? 200 : 201 });
});

export const OPTIONS = methodNotAllowed;
