import { openApiDocument } from "@/modules/api/openapi";

export const dynamic = "force-static";

/** GET /api/v1/openapi.json: the API's OpenAPI 3.1 document (public: it holds no tenant data). */
export function GET() {
  return Response.json(openApiDocument(), { headers: { "cache-control": "public, max-age=300" } });
}
