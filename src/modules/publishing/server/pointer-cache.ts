import "server-only";

/**
 * Which publication is live, per slug, cached for the public surfaces (server/public.ts) and
 * forgotten by publishing (server/publish.ts). It lives on globalThis: Next bundles each route
 * separately, so a module-level map in one bundle would be invisible to a server action in
 * another, and a publish would leave other routes serving the old pointer until the TTL.
 */
import type { SwrEntry } from "@/server/swr-cache";

const holder = globalThis as unknown as { candorPointers?: Map<string, SwrEntry<unknown>> };
export const pointers = (holder.candorPointers ??= new Map());

export function forgetPointer(slug: string) {
  pointers.delete(slug);
}
