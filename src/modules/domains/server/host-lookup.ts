import "server-only";

import { getPool } from "@/server/db/pool";
import { subscribe } from "@/server/db/notify";
import { log } from "@/server/log";
import { expireAll, readThrough, type SwrEntry } from "@/server/swr-cache";

/**
 * Which organisation serves a custom host name (verified domains only), for the routing in
 * src/server/edge/routing.ts and for Caddy's ask (src/server/edge/tls-ask.ts). Cached in memory: a hit costs a map lookup, a miss one
 * indexed query (CustomDomain's unique host name index), so it stays fast at any number of
 * domains. Any change to a domain, on any instance, is announced on `candor_domain` and
 * forgotten here at once; the TTL only bounds a lost notification.
 */
export const DOMAIN_CHANNEL = "candor_domain";
const TTL_MS = 60_000;
const MAX_ENTRIES = 200_000;

type Hooks = { forgotten: Set<(host: string) => void>; reset: Set<() => void> };
const holder = globalThis as unknown as { candorHosts?: Map<string, SwrEntry<string | null>>; candorHostHooks?: Hooks };
const hosts = (holder.candorHosts ??= new Map());
const hooks = (holder.candorHostHooks ??= { forgotten: new Set(), reset: new Set() });

/** Lets a cache derived from host mappings (src/server/edge/published-dir.ts) follow these events. */
export function onHostEvents(events: { forgotten: (host: string) => void; reset: () => void }) {
  hooks.forgotten.add(events.forgotten);
  hooks.reset.add(events.reset);
}

function resetHosts() {
  expireAll(hosts);
  for (const hook of hooks.reset) hook();
}

/** The slug of the organisation whose verified custom domain `host` is (normalised), or null. */
export async function slugForCustomHost(host: string): Promise<string | null> {
  subscribe(DOMAIN_CHANNEL, { onMessage: forgetHost, reset: resetHosts });
  return readThrough(hosts, host, {
    ttlMs: TTL_MS,
    maxEntries: MAX_ENTRIES,
    // One round trip on the plain pool (no ORM, no transaction): this is on Caddy's ask path.
    load: async () => (await getPool().query<{ slug: string | null }>("SELECT candor_domain_slug($1) AS slug", [host])).rows[0]?.slug ?? null,
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
  for (const hook of hooks.forgotten) hook(host);
}

/** For tests. */
export function forgetHosts() {
  hosts.clear();
}
