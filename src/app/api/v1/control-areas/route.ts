import { areaListSchema } from "@/modules/api/schemas";
import { controlSummary } from "@/modules/controls/server/controls";
import { json } from "@/server/api/http";
import { apiOperation, methodNotAllowed } from "@/server/gate-api";

export const dynamic = "force-dynamic";

/** GET /api/v1/control-areas: the areas in the dashboard's order, with their control counts. */
export const GET = apiOperation({ scope: "posture:read", action: "org.read" }, async ({ ctx }) => {
  const { areas } = await controlSummary({ ctx });
  return json(areaListSchema, { data: areas });
});

export const OPTIONS = methodNotAllowed;
