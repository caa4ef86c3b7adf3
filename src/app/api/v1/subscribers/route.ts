import { subscriberListQuerySchema, subscriberPageSchema } from "@/modules/api/schemas";
import { subscriberOverview } from "@/modules/subscribers/server/dashboard";
import { decodeCursor, encodeCursor, json, queryOf } from "@/server/api/http";
import { apiOperation, methodNotAllowed } from "@/server/gate-api";

export const dynamic = "force-dynamic";

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/** GET /api/v1/subscribers: the dashboard's list (search, status), newest first, by cursor. */
export const GET = apiOperation({ scope: "subscribers:manage", action: "subscribers.manage" }, async ({ ctx, request }) => {
  const { limit, cursor, q, status } = subscriberListQuerySchema.parse(queryOf(request, Object.keys(subscriberListQuerySchema.shape)));
  const offset = decodeCursor(cursor);
  const { list } = await subscriberOverview({ ctx, query: { q, status }, window: { limit, offset } });
  const nextCursor = offset + list.rows.length < list.total ? encodeCursor(offset + list.rows.length) : null;
  const data = list.rows.map((r) => ({ id: r.id, email: r.email, topics: r.topics, status: r.status, createdAt: iso(r.createdAt)!, confirmedAt: iso(r.confirmedAt), unsubscribedAt: iso(r.unsubscribedAt) }));
  return json(subscriberPageSchema, { data, total: list.total, nextCursor });
});

export const OPTIONS = methodNotAllowed;
