import * as z from "zod";
import { CONTROL_STATUSES, VISIBILITIES } from "@/modules/content/schema";
import { choice, firstValue, pageNumber, searchText, uuidParam } from "@/server/query-params";

/** The control list's URL parameters: search, filters, sort and page. */
export const CONTROL_SORTS = ["position", "ref", "title", "status", "area", "lastReviewed", "updated"] as const;
export const CONTROL_PAGE_SIZE = 50;

// A filter the URL gets wrong is dropped (the list shows unfiltered), never an error page.
export const controlQuerySchema = z.object({
  q: searchText(100).catch(undefined),
  status: choice(CONTROL_STATUSES).catch(undefined),
  visibility: choice(VISIBILITIES).catch(undefined),
  area: uuidParam.optional().catch(undefined),
  review: choice(["due"]).catch(undefined),
  sort: z.preprocess(firstValue, z.enum(CONTROL_SORTS)).catch("position"),
  dir: z.preprocess(firstValue, z.enum(["asc", "desc"])).catch("asc"),
  page: pageNumber.catch(1),
});
export type ControlQuery = z.infer<typeof controlQuerySchema>;

/** The URL of the list with some parameters changed; defaults are left out so URLs stay short. */
export function controlListHref(base: string, query: ControlQuery) {
  return (changes: Partial<ControlQuery>) => {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries({ ...query, ...changes })) {
      if (value === undefined || value === "" || (key === "page" && value === 1) || (key === "sort" && value === "position") || (key === "dir" && value === "asc")) continue;
      search.set(key, String(value));
    }
    return `${base}?${search}`;
  };
}
