import { CONTENT_APIS } from "@/modules/api/content-api";
import { contentCollection } from "@/modules/api/server/content-routes";
import { methodNotAllowed } from "@/server/gate-api";

export const dynamic = "force-dynamic";

/** GET /api/v1/sections (the content kit's list, by cursor) and POST (createItem, strict input). */
const operations = contentCollection(CONTENT_APIS.sections);
export const GET = operations.GET;
export const POST = operations.POST;
export const OPTIONS = methodNotAllowed;
