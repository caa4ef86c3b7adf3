import { exportSubscribersCsv } from "@/modules/subscribers/server/dashboard";
import { apiOperation, methodNotAllowed } from "@/server/gate-api";

export const dynamic = "force-dynamic";

/** GET /api/v1/subscribers/export.csv: the dashboard's export (formula-safe cells), itself audited as the key. */
export const GET = apiOperation({ scope: "subscribers:manage", action: "subscribers.manage" }, async ({ ctx }) => {
  const csv = await exportSubscribersCsv({ ctx });
  const name = `candor-subscribers-${ctx.org.slug}-${new Date().toISOString().slice(0, 10)}.csv`;
  return new Response(csv, { headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${name}"`, "cache-control": "private, no-store" } });
});

export const OPTIONS = methodNotAllowed;
