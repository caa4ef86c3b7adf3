import "server-only";

import { db } from "@/server/db/client";
import { subscribe } from "@/server/db/notify";
import { log } from "@/server/log";

/**
 * Which organisation serves a custom host name (verified domains only), for the routing in
 * src/proxy.ts and for Caddy's ask. Cached in memory: a hit costs a map lookup, a miss one
 * indexed query (CustomDomain's unique host name index), so it stays fast at any number of
 * domains. Any change to a domain, on any instance, is announced on `candor_domain` and
 * forgotten here at once; the TTL only bounds a lost notification.
 */
export const DOMAIN_CHANNEL = "candor_domain";
const TTL_MS = 60_000;
const MAX_ENTRIES = 200_000;

type Entry = { slug: string | null; expires: number };
const holder = globalThis as unknown as { candorHosts?: Map<string, Entry> };
const hosts = (holder.candorHosts ??= new Map());

function expireAll() {
  for (const entry of hosts.values()) entry.expires = 0;
}

/** The slug of the organisation whose verified custom domain `host` is (normalised), or null. */
export async function slugForCustomHost(host: string): Promise<string | null> {
  subscribe(DOMAIN_CHANNEL, { onMessage: (name) => hosts.delete(name), reset: expireAll });
  const hit = hosts.get(host);
  if (hit && hit.expires > Date.now()) return hit.slug;
  let slug: string | null;
  try {
    const [row] = await db.$queryRaw<{ slug: string | null }[]>`SELECT candor_domain_slug(${host}) AS slug`;
    slug = row?.slug ?? null;
  } catch (error) {
    // Keep serving what we knew while the database is unreachable (as the pages do).
    if (hit) {
      log.warn({ err: error, host }, "database unavailable; routing by the last known host mapping");
      hit.expires = Date.now() + 5_000;
      return hit.slug;
    }
    throw error;
  }
  hosts.delete(host);
  hosts.set(host, { slug, expires: Date.now() + TTL_MS });
  if (hosts.size > MAX_ENTRIES) hosts.delete(hosts.keys().next().value!);
  return slug;
}

/**
 * Forgets one host name in this process at once (the change was made here); other instances
 * hear of it by NOTIFY (a trigger on CustomDomain).
 */
export function forgetHost(host: string) {
  hosts.delete(host);
}

/** For tests. */
export function forgetHosts() {
  hosts.clear();
}
