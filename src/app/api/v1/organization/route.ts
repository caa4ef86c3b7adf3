import { organizationSchema } from "@/modules/api/schemas";
import { getOrganizationSettings } from "@/modules/organizations/server/organizations";
import { json } from "@/server/api/http";
import { apiOperation, methodNotAllowed } from "@/server/gate-api";

export const dynamic = "force-dynamic";

/** GET /api/v1/organization: the key's organisation. */
export const GET = apiOperation({ scope: "posture:read", action: "org.read" }, async ({ ctx }) => {
  const settings = await getOrganizationSettings({ ctx });
  return json(organizationSchema, { id: ctx.org.id, ...settings });
});

export const OPTIONS = methodNotAllowed;
