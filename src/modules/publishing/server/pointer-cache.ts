import "server-only";

/**
 * Which publication is live, per slug, cached for the public surfaces (server/public.ts) and
 * forgotten by publishing (server/publish.ts). It lives on globalThis: Next bundles each route
 * separately, so a module-level map in one bundle would be invisible to a server action in
 * another, and a publish would leave other routes serving the old pointer until the TTL.
 */
import type { SwrEntry } from "@/server/swr-cache";

import { expireAll } from "@/server/swr-cache";

type Hooks = { forgotten: Set<(slug: string) => void>; reset: Set<() => void> };
const holder = globalThis as unknown as { candorPointers?: Map<string, SwrEntry<unknown>>; candorPointerHooks?: Hooks };
export const pointers = (holder.candorPointers ??= new Map());
const hooks = (holder.candorPointerHooks ??= { forgotten: new Set(), reset: new Set() });

/** A publication changed (here, or on another instance): forget which one is live. */
export function forgetPointer(slug: string) {
  pointers.delete(slug);
  for (const hook of hooks.forgotten) hook(slug);
}

/** Notifications may have been missed: look every pointer up again (keeping each as a fallback). */
export function resetPointers() {
  expireAll(pointers);
  for (const hook of hooks.reset) hook();
}

/** Lets a cache derived from publications (src/server/edge/published-dir.ts) follow these events. */
export function onPointerEvents(events: { forgotten: (slug: string) => void; reset: () => void }) {
  hooks.forgotten.add(events.forgotten);
  hooks.reset.add(events.reset);
}
