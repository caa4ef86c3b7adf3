/**
 * A read-through cache entry that is served stale while it refreshes: once an entry has been
 * loaded, no request waits on its source again (until something forgets the key). When the
 * source fails (a database outage), the last value keeps being served and the refresh is
 * retried after another `ttlMs`. Used for values that are immutable or announced when they
 * change: which publication is live, which organisation a host name serves.
 */
export type SwrEntry<T> = { value: T; expires: number; refreshing?: boolean };

export async function readThrough<T>(
  map: Map<string, SwrEntry<T>>,
  key: string,
  options: { ttlMs: number; maxEntries?: number; load: () => Promise<T>; onRefreshError: (error: unknown) => void },
): Promise<T> {
  const hit = map.get(key);
  if (hit) {
    if (hit.expires <= Date.now() && !hit.refreshing) {
      hit.refreshing = true;
      options
        .load()
        .then((value) => {
          // Forgotten meanwhile (something changed): the value just read may predate the change.
          if (map.get(key) === hit) map.set(key, { value, expires: Date.now() + options.ttlMs });
        })
        .catch((error: unknown) => {
          hit.expires = Date.now() + options.ttlMs;
          options.onRefreshError(error);
        })
        .finally(() => (hit.refreshing = false));
    }
    return hit.value;
  }
  const value = await options.load();
  map.set(key, { value, expires: Date.now() + options.ttlMs });
  if (options.maxEntries && map.size > options.maxEntries) map.delete(map.keys().next().value!);
  return value;
}

/** Marks every entry for refresh on next use, keeping the values as the fallback. */
export function expireAll(map: Map<string, SwrEntry<unknown>>) {
  for (const entry of map.values()) entry.expires = 0;
}
