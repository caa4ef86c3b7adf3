import "server-only";

import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { AppError } from "./errors";
import { getPool } from "./db/pool";
import { log } from "./log";

/**
 * Rate limits kept in Postgres (table rate_limits), so every app instance shares them.
 * `consume` throws AppError("rate_limited") with the seconds until the window frees up.
 */
export type RateLimitPolicy = { points: number; windowSeconds: number };

const limiters = new Map<string, RateLimiterPostgres>();

function limiter(name: string, policy: RateLimitPolicy) {
  const key = `${name}:${policy.points}:${policy.windowSeconds}`;
  let instance = limiters.get(key);
  if (!instance) {
    instance = new RateLimiterPostgres({
      storeClient: getPool(),
      storeType: "pool",
      tableName: "rate_limits",
      tableCreated: true,
      keyPrefix: name,
      points: policy.points,
      duration: policy.windowSeconds,
    });
    limiters.set(key, instance);
  }
  return instance;
}

export async function consume(name: string, policy: RateLimitPolicy, subject: string, message: string) {
  try {
    await limiter(name, policy).consume(subject);
  } catch (error) {
    if (error instanceof RateLimiterRes) {
      log.warn({ limiter: name, retryAfterMs: error.msBeforeNext }, "rate limit reached");
      throw new AppError("rate_limited", message, { retryAfterSeconds: Math.max(1, Math.ceil(error.msBeforeNext / 1000)) });
    }
    throw error;
  }
}

export type RateState = { limit: number; remaining: number; resetSeconds: number; windowSeconds: number };

/**
 * `consume`, telling what is left: for the REST API's RateLimit headers. Throws the same 429
 * AppError, with the state in `details.retryAfterSeconds`.
 */
export async function take(name: string, policy: RateLimitPolicy, subject: string, message: string): Promise<RateState> {
  const state = (res: RateLimiterRes) => ({ limit: policy.points, remaining: Math.max(0, res.remainingPoints), resetSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)), windowSeconds: policy.windowSeconds });
  try {
    return state(await limiter(name, policy).consume(subject));
  } catch (error) {
    if (error instanceof RateLimiterRes) {
      log.warn({ limiter: name, retryAfterMs: error.msBeforeNext }, "rate limit reached");
      throw new AppError("rate_limited", message, { retryAfterSeconds: state(error).resetSeconds });
    }
    throw error;
  }
}

/**
 * Whether `subject` has used up `policy`, without spending a point: the seconds until its window
 * frees up, or null. For limits on failures, checked before the work that could fail.
 */
export async function exhausted(name: string, policy: RateLimitPolicy, subject: string): Promise<number | null> {
  const state = await limiter(name, policy).get(subject);
  return state && state.consumedPoints >= policy.points ? Math.max(1, Math.ceil(state.msBeforeNext / 1000)) : null;
}

/** Counts one event (a failure) against `policy` for `subject`; never throws for the limit itself. */
export async function spend(name: string, policy: RateLimitPolicy, subject: string): Promise<void> {
  try {
    await limiter(name, policy).consume(subject);
  } catch (error) {
    if (!(error instanceof RateLimiterRes)) throw error;
  }
}

export function resetRateLimiters() {
  limiters.clear();
}
