import "server-only";

import { slugForCustomHost } from "@/modules/domains/server/host-lookup";
import { peekLatestPublication } from "@/modules/publishing/server/public";
import { getPool } from "@/server/db/pool";
import { classifyHost, normalizeHost } from "@/server/hosts";
import { sites } from "./routing";

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
  if (site.kind === "platform") {
    // The live-publication cache when it knows the slug; otherwise one indexed query.
    const cached = peekLatestPublication(site.slug);
    if (cached !== undefined) return cached?.kind === "PUBLISH";
    return (await getPool().query<{ published: boolean }>("SELECT candor_slug_published($1) AS published", [site.slug])).rows[0]?.published === true;
  }
  if (site.kind === "custom") return (await slugForCustomHost(site.host)) !== null;
  return false;
}
