import "server-only";

import { latestPublication } from "@/modules/publishing/server/public";
import { sites } from "@/proxy";
import { classifyHost, normalizeHost } from "@/server/hosts";
import { slugForCustomHost } from "./host-lookup";

/**
 * Caddy's on-demand TLS question: may it obtain a certificate for `domain` (the TLS SNI)? Yes
 * only for a verified, active custom domain, or the platform subdomain of an organisation with
 * a live publication. Never a DNS or network call: both answers come from the caches the public
 * pages use (an indexed query on a miss). Callers check the caller is on loopback.
 */
export async function tlsAsk(domain: string | null): Promise<boolean> {
  const host = normalizeHost(domain);
  if (!host || host !== domain?.trim().toLowerCase().replace(/\.$/, "")) return false;
  const site = classifyHost(host, sites());
  if (site.kind === "platform") return (await latestPublication(site.slug))?.kind === "PUBLISH";
  if (site.kind === "custom") return (await slugForCustomHost(site.host)) !== null;
  return false;
}
