import { CONTENT_APIS } from "@/modules/api/content-api";
import { contentItem } from "@/modules/api/server/content-routes";
import { methodNotAllowed } from "@/server/gate-api";

export const dynamic = "force-dynamic";

/** GET, PUT and DELETE (If-Match) of one item (the content kit's getItem, updateItem, deleteItem). */
const operations = contentItem(CONTENT_APIS.faqs);
export const GET = operations.GET;
export const PUT = operations.PUT;
export const DELETE = operations.DELETE;
export const OPTIONS = methodNotAllowed;
