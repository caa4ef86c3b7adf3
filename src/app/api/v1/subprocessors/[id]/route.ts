import { CONTENT_APIS } from "@/modules/api/content-api";
import { contentItem } from "@/modules/api/server/content-routes";
import { methodNotAllowed } from "@/server/gate-api";

export const dynamic = "force-dynamic";

/** GET, PUT (If-Match) of one subprocessor; no DELETE: removal is PUT with status REMOVED and its date, kept in the history (ADR 031). */
const operations = contentItem(CONTENT_APIS.subprocessors);
export const GET = operations.GET;
export const PUT = operations.PUT;

export const OPTIONS = methodNotAllowed;
