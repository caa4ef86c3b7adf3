// Next's request-scoped APIs keep their state in AsyncLocalStorage, which Next's own server
// puts on globalThis before anything else loads; this does the same for a test process.
import "next/dist/server/node-environment-baseline.js";

import { isRedirectError } from "next/dist/client/components/redirect-error.js";
import { workAsyncStorage } from "next/dist/server/app-render/work-async-storage.external.js";
import { workUnitAsyncStorage } from "next/dist/server/app-render/work-unit-async-storage.external.js";
import { createRequestStoreForAPI } from "next/dist/server/async-storage/request-store.js";
import { createWorkStore } from "next/dist/server/async-storage/work-store.js";

/**
 * Runs `fn` the way Next runs a server action: inside a request scope, so `headers()`,
 * `cookies()`, Auth.js's `auth()` and `revalidatePath()` behave as in production and the
 * action's own code — gate included — decides. Only the transport (the POST with a Next-Action
 * header) is skipped; the e2e cross-tenant suite covers that over HTTP against the build.
 *
 * These are Next's internal modules (the ones its route handler uses), pinned with Next itself
 * (16.4.6): a Next upgrade that moves them fails here first, loudly, rather than silently.
 */
export type ScopeOutcome<T> = { returned: T } | { redirect: string };

export async function inRequestScope<T>(input: { cookie?: string; path?: string }, fn: () => Promise<T>): Promise<ScopeOutcome<T>> {
  const url = new URL(input.path ?? "/dashboard", "http://localhost:3000");
  const headers = new Headers({ host: url.host, origin: url.origin, ...(input.cookie ? { cookie: input.cookie } : {}) });
  const requestStore = createRequestStoreForAPI({ headers } as never, url, { tags: [], expirationsByCacheKind: new Map() } as never, () => {}, undefined as never, undefined);
  const workStore = createWorkStore({
    page: url.pathname,
    // No incremental cache in tests: revalidatePath() only records its tags on the work store.
    renderOpts: { experimental: {}, incrementalCache: {} } as never,
    isPrefetchRequest: false,
    buildId: "test",
    previouslyRevalidatedTags: [],
  } as never);
  try {
    return { returned: await workAsyncStorage.run(workStore, () => workUnitAsyncStorage.run(requestStore, fn)) };
  } catch (error) {
    // redirect() throws; that is how an action says "done, go there".
    if (isRedirectError(error)) return { redirect: error.digest.split(";")[2]! };
    throw error;
  }
}
