import { computeCacheBustingSearchParam } from "next/dist/shared/lib/router/utils/cache-busting-search-param.js";

/**
 * The requests Next's client router (16.4) makes in a browser with JavaScript, for the dashboard
 * bench's "with JavaScript" rows: after the first page, a click on a link is not a page load but
 * an RSC request for the page's payload, carrying the route tree the browser holds
 * (`Next-Router-State-Tree`), the page it is on (`Next-Url`) and a cache-busting `_rsc` hash of
 * both (checked by the server: a wrong one is a 307). The shapes were captured from Debian's
 * Chromium walking the control list (tests/e2e/dashboard.spec.ts, "on the control list, a search,
 * a sort, the next page and opening a control are client navigations"), and the hash is Next's own.
 */
export type Screen = { kind: "list"; query: string } | { kind: "control"; id: string };

/** The route tree the browser sends from `from`; `refetch` marks the page when the route stays the same (a search, a sort, a page of the list). */
function routeTree(slug: string, from: Screen, refetch: boolean): string {
  const page = ["__PAGE__", {}, null, refetch ? "refetch" : null, 0];
  const below = from.kind === "list" ? page : [["id", from.id, "d", null], { children: page }, null, null, 0];
  const tree = ["", { children: ["dashboard", { children: [["slug", slug, "d", null], { children: ["controls", { children: below }, null, null, 0] }, null, null, 0] }, null, null, 0] }, null, null, 16];
  return encodeURIComponent(JSON.stringify(tree));
}

export function screenPath(slug: string, screen: Screen) {
  return screen.kind === "list" ? `/dashboard/${slug}/controls${screen.query}` : `/dashboard/${slug}/controls/${screen.id}`;
}

/** The address and headers of a click from `from` to `to`, as the router sends it. */
export async function navigation(slug: string, from: Screen, to: Screen): Promise<{ path: string; headers: Record<string, string> }> {
  const tree = routeTree(slug, from, from.kind === "list" && to.kind === "list");
  const nextUrl = screenPath(slug, from).split("?")[0]!;
  const hash = await computeCacheBustingSearchParam(undefined, undefined, tree, nextUrl);
  const path = screenPath(slug, to);
  return { path: `${path}${path.includes("?") ? "&" : "?"}_rsc=${hash}`, headers: { rsc: "1", "next-router-state-tree": tree, "next-url": nextUrl } };
}
