import "server-only";

import { AsyncLocalStorage } from "node:async_hooks";
import { cache } from "react";

/**
 * Per-request memo. A dashboard page is rendered as a layout and a page that each pass the gate;
 * without a memo, each one resolves the person's membership again. Inside Next's render, React's
 * cache() keeps one answer per request (layout, page and components share it) and forgets it when
 * the request ends. Outside a render (a script, an integration test standing in for a request)
 * `oneRequest()` opens the same kind of scope explicitly. With neither, nothing is memoised,
 * which is always correct, only slower: route handlers and server actions gate once anyway.
 *
 * Arguments must be primitives (they are the key).
 */
type Key = string | number | boolean | null | undefined;

const explicitScope = new AsyncLocalStorage<Map<unknown, Map<string, unknown>>>();

export function perRequest<A extends Key[], R>(fn: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  const inRender = cache(fn);
  return (...args: A) => {
    const scope = explicitScope.getStore();
    if (!scope) return inRender(...args);
    const memo = scope.get(fn) ?? new Map<string, unknown>();
    scope.set(fn, memo);
    const key = JSON.stringify(args);
    if (!memo.has(key)) {
      const pending = fn(...args);
      // A failure is not kept: the next caller in the request asks again.
      pending.catch(() => memo.delete(key));
      memo.set(key, pending);
    }
    return memo.get(key) as Promise<R>;
  };
}

/** Runs `fn` as one request: perRequest functions answer once inside it. */
export function oneRequest<T>(fn: () => Promise<T>): Promise<T> {
  return explicitScope.run(new Map(), fn);
}
