import { documentSummaryOf } from "@/modules/api/project";
import { documentListQuerySchema, documentPageSchema } from "@/modules/api/schemas";
import { listDocuments } from "@/modules/documents/server/documents";
import { decodeCursor, encodeCursor, json, queryOf } from "@/server/api/http";
import { apiOperation, methodNotAllowed } from "@/server/gate-api";

export const dynamic = "force-dynamic";

/**
 * GET /api/v1/documents: the dashboard's list (its order, each with its latest version), by
 * cursor. listDocuments reads the organisation's documents whole (a handful per organisation),
 * so the page is cut from it here.
 */
export const GET = apiOperation({ scope: "posture:read", action: "org.read" }, async ({ ctx, request }) => {
  const { limit, cursor } = documentListQuerySchema.parse(queryOf(request, Object.keys(documentListQuerySchema.shape)));
  const offset = decodeCursor(cursor);
  const all = await listDocuments({ ctx });
  const rows = all.slice(offset, offset + limit);
  const nextCursor = offset + rows.length < all.length ? encodeCursor(offset + rows.length) : null;
  return json(documentPageSchema, { data: rows.map(documentSummaryOf), total: all.length, nextCursor });
});

export const OPTIONS = methodNotAllowed;
