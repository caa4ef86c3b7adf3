import "server-only";

import { db } from "@/server/db/client";
import { subscribe } from "@/server/db/notify";
import { log } from "@/server/log";
import { expireAll, readThrough, type SwrEntry } from "@/server/swr-cache";

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

const holder = globalThis as unknown as { candorHosts?: Map<string, SwrEntry<string | null>> };
const hosts = (holder.candorHosts ??= new Map());

/** The slug of the organisation whose verified custom domain `host` is (normalised), or null. */
export async function slugForCustomHost(host: string): Promise<string | null> {
  subscribe(DOMAIN_CHANNEL, { onMessage: (name) => hosts.delete(name), reset: () => expireAll(hosts) });
  return readThrough(hosts, host, {
    ttlMs: TTL_MS,
    maxEntries: MAX_ENTRIES,
    load: async () => (await db.$queryRaw<{ slug: string | null }[]>`SELECT candor_domain_slug(${host}) AS slug`)[0]?.slug ?? null,
    // Keep routing by what we knew while the database is unreachable (as the pages do).
    onRefreshError: (error) => log.warn({ err: error, host }, "could not refresh a host mapping; using the last known one"),
  });
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
