import * as z from "zod";
import { firstValue, pageNumber, searchText, uuidParam } from "@/server/query-params";

/**
 * The URL parameters of the dashboard's Access pages: the request queue's tab, search and page;
 * the grants' state; the download log's filters. A parameter the URL gets wrong is dropped (the
 * list shows unfiltered), never an error page. Client-safe.
 */

export const REQUEST_TABS = ["pending", "approved", "denied", "expired", "unverified"] as const;
export type RequestTab = (typeof REQUEST_TABS)[number];
export const TAB_STATUS = { pending: "PENDING", approved: "APPROVED", denied: "DENIED", expired: "EXPIRED", unverified: "UNVERIFIED" } as const satisfies Record<RequestTab, string>;

export const requestQuerySchema = z.object({
  status: z.preprocess(firstValue, z.enum(REQUEST_TABS)).catch("pending"),
  q: searchText(100).catch(undefined),
  page: pageNumber.catch(1),
});
export type RequestQuery = z.infer<typeof requestQuerySchema>;

export const GRANT_STATES = ["active", "expired", "revoked"] as const;
export type GrantState = (typeof GRANT_STATES)[number];

export const grantQuerySchema = z.object({
  state: z.preprocess(firstValue, z.enum(GRANT_STATES)).catch("active"),
  q: searchText(100).catch(undefined),
  page: pageNumber.catch(1),
});
export type GrantQuery = z.infer<typeof grantQuerySchema>;

/** A calendar day in a filter (YYYY-MM-DD), as a date input sends it. */
const day = z.preprocess(firstValue, z.iso.date().optional());

export const downloadQuerySchema = z.object({
  email: searchText(254).catch(undefined),
  document: uuidParam.optional().catch(undefined),
  grant: uuidParam.optional().catch(undefined),
  from: day.catch(undefined),
  to: day.catch(undefined),
  page: pageNumber.catch(1),
});
export type DownloadQuery = z.infer<typeof downloadQuerySchema>;

const DAY_MS = 86_400_000;

/** The download log's filters as listDownloads/exportDownloadsCsv take them: "to" is the whole day. */
export function downloadFilter(query: DownloadQuery) {
  return {
    ...(query.email ? { email: query.email } : {}),
    ...(query.document ? { documentId: query.document } : {}),
    ...(query.grant ? { grantId: query.grant } : {}),
    ...(query.from ? { from: `${query.from}T00:00:00.000Z` } : {}),
    ...(query.to ? { to: new Date(Date.parse(`${query.to}T00:00:00.000Z`) + DAY_MS).toISOString() } : {}),
    page: query.page,
  };
}

/** A list's URL with some parameters changed; empty values and page 1 are left out. */
export function hrefWith<Q extends Record<string, unknown>>(base: string, query: Q, changes: Partial<Q>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...query, ...changes })) {
    if (value === undefined || value === null || value === "" || (key === "page" && value === 1)) continue;
    search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `${base}?${text}` : base;
}
