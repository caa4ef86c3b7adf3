import { slugForCustomHost } from "@/modules/domains/server/host-lookup";
import { env } from "@/server/env";
import { classifyHost, SHARED_PATHS, tenantPath } from "@/server/hosts";

/**
 * Which site a request is for, by its Host header: the app host (APP_URL) serves the dashboard,
 * auth and API; a tenant host ({slug}.{PLATFORM_DOMAIN} or a verified custom domain) serves that
 * tenant's public surfaces at its root, and nothing else; any other host gets a plain 404.
 * Used by Next's proxy (src/proxy.ts) and by the Node fast path (fast-path.ts). It routes; it
 * never authorizes (the gate does, next to the data).
 */
export type HostRoute =
  | { kind: "app" }
  /** A tenant host's request, as the path it stands for (null: nothing a tenant host serves). */
  | { kind: "tenant"; host: string; slug: string; pathname: string | null }
  | { kind: "not-found" };

let sitesMemo: { source: ReturnType<typeof env>; value: { appHost: string; platformDomain: string } } | undefined;
/** The app host and platform domain, computed once per environment (this runs on every request). */
export function sites() {
  const config = env();
  if (sitesMemo?.source !== config) sitesMemo = { source: config, value: { appHost: new URL(config.APP_URL).hostname, platformDomain: config.PLATFORM_DOMAIN } };
  return sitesMemo.value;
}

/** Where a request goes, by its Host header. */
export async function routeHost(hostHeader: string | null | undefined, pathname: string): Promise<HostRoute> {
  const site = classifyHost(hostHeader, sites());
  if (site.kind === "app") return { kind: "app" };
  if (site.kind === "unknown") return { kind: "not-found" };
  const slug = site.kind === "platform" ? site.slug : await slugForCustomHost(site.host);
  if (!slug) return { kind: "not-found" };
  return { kind: "tenant", host: site.host, slug, pathname: SHARED_PATHS.has(pathname) ? pathname : tenantPath(pathname, slug) };
}

/** A plain 404 for a host or path that is not ours: no page, no cookie, nothing cached. */
export function hostNotFound() {
  return plainResponse(404, "Not found\n");
}

/** A short plain-text answer: no page, no cookie, nothing cached. */
export function plainResponse(status: number, body: string) {
  return new Response(body, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" } });
}
