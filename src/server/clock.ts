/**
 * The time, for code whose answer depends on the date (which stored artifact is valid now, what
 * the worker renders ahead of a boundary). Tests move it (setClock) instead of waiting for a
 * midnight; everything else reads Date.now(). On globalThis: Next bundles each route apart.
 */
const holder = globalThis as unknown as { candorClock?: () => number };

export function now(): number {
  return holder.candorClock ? holder.candorClock() : Date.now();
}

/** For tests: a clock of their own, or (no argument) the real one again. */
export function setClock(clock?: () => number) {
  holder.candorClock = clock;
}
