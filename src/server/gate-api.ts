import "server-only";

import { API_SCOPES, scopeAllows, type ApiScope } from "@/modules/permissions/api-scopes";
import { can, type Action, type Role } from "@/modules/permissions/permissions";
import { idempotent } from "./api/idempotency";
import { hashApiKey, parseApiKey } from "./api/key-secret";
import { multipartFingerprint, parseJsonObject, readBodyBytes, readJsonText } from "./api/http";
import { ApiProblem, problemResponse } from "./api/problem";
import { db } from "./db/client";
import { withTenant } from "./db/tenant";
import { AppError } from "./errors";
import type { OrgContext } from "./gate";
import { log } from "./log";
import { exhausted, spend, take, type RateLimitPolicy, type RateState } from "./rate-limit";
import { clientIp, rateLimitSubject, userAgent } from "./request";
import { env } from "./env";

/** Requests per key per window (ADR 035); one limiter per key, shared by every instance (Postgres). 600 a minute unless API_KEY_REQUESTS_PER_MINUTE says otherwise. */
export function apiRateLimit(): RateLimitPolicy {
  return { points: env().API_KEY_REQUESTS_PER_MINUTE, windowSeconds: 60 };
}
/**
 * Failed key verifications (a malformed, unknown, revoked or expired key) per client IP per 10
 * minutes; past it, that address's bearers get 429 before any lookup, so guessing or replaying
 * dead keys costs the guesser, not the database. 20 unless API_AUTH_FAILURES_PER_IP says otherwise.
 */
export function apiAuthFailureLimit(): RateLimitPolicy {
  return { points: env().API_AUTH_FAILURES_PER_IP, windowSeconds: 600 };
}
const AUTH_FAILURES = "api.auth-failure-ip";
/** lastUsedAt / lastUsedIp are written at most this often per key. */
export const LAST_USED_THROTTLE_SECONDS = 60;

export type ApiContext = OrgContext & { apiKey: { id: string; name: string; scopes: string[] } };

type KeyRow = {
  id: string; name: string; scopes: string[]; expiresAt: Date | null; revokedAt: Date | null;
  orgId: string; slug: string; orgName: string; userId: string | null; email: string | null; userName: string | null; role: Role | null;
};

const refused = (why: string) => new AppError("unauthenticated", why);

/**
 * Who is calling: the bearer's API key, from the Authorization header only (cookies are never
 * read on /api/v1, so a browser session cannot call it and CSRF does not apply). Every refusal
 * of the key itself (absent, malformed, unknown, revoked, expired, its creator no longer a member)
 * is a 401; revocation takes effect on the next request because the row is read every time.
 * A client IP with too many failed verifications (malformed, unknown, revoked, expired) gets 429
 * with Retry-After before any lookup, whatever key it sends.
 */
export async function authenticateApiKey(request: Request, now = new Date()): Promise<{ key: KeyRow; ip: string | null }> {
  const header = request.headers.get("authorization");
  const match = header ? /^Bearer ([^\s]+)$/.exec(header) : null;
  if (!match) throw refused("Send your API key as Authorization: Bearer cndr_….");
  const ip = clientIp(request.headers);
  const subject = rateLimitSubject(ip);
  const wait = await exhausted(AUTH_FAILURES, apiAuthFailureLimit(), subject);
  if (wait !== null) {
    log.warn({ ip, outcome: "rate_limited" }, "API key verification refused: too many failures from this address");
    throw new AppError("rate_limited", "Too many failed API key verifications from this address; wait before trying again.", { retryAfterSeconds: wait });
  }
  const failed = async (why: string) => {
    await spend(AUTH_FAILURES, apiAuthFailureLimit(), subject);
    return refused(why);
  };
  const parsed = parseApiKey(match[1]!);
  if (!parsed) throw await failed("That is not a valid API key.");
  const key = await lookUpKey(parsed, ip, now);
  if (!key) throw await failed("That is not a valid API key.");
  if (key.revokedAt) throw await failed("This API key was revoked.");
  if (key.expiresAt && key.expiresAt <= now) throw await failed("This API key has expired.");
  if (!key.userId || !key.role) throw refused("This API key's creator is no longer a member of the organisation; create a new key.");
  return { key, ip };
}

/** The key's row (HMAC, then its organisation's scope), and its last use recorded; null when unknown. */
async function lookUpKey(parsed: { publicId: string; key: string }, ip: string | null, now: Date): Promise<KeyRow | null> {
  const hash = hashApiKey(parsed.key);
  const [found] = await db.$queryRaw<{ orgId: string | null }[]>`SELECT candor_api_key_org(${parsed.publicId}, ${hash}) AS "orgId"`;
  if (!found?.orgId) return null;
  const orgId = found.orgId;
  return withTenant({ orgId }, async (tx) => {
    const [row] = await tx.$queryRaw<KeyRow[]>`
      SELECT k.id, k.name, k.scopes, k."expiresAt", k."revokedAt", o.id AS "orgId", o.slug, o.name AS "orgName",
             u.id AS "userId", u.email, u.name AS "userName", m.role::text AS role
      FROM "ApiKey" k
      JOIN "Organization" o ON o.id = k."orgId"
      LEFT JOIN "User" u ON u.id = k."createdById"
      LEFT JOIN "Member" m ON m."orgId" = k."orgId" AND m."userId" = k."createdById"
      WHERE k."publicId" = ${parsed.publicId} AND k.hash = ${hash} AND k."orgId" = ${orgId}::uuid`;
    if (row && !row.revokedAt && (!row.expiresAt || row.expiresAt > now)) {
      await tx.$executeRaw`
        UPDATE "ApiKey" SET "lastUsedAt" = ${now}, "lastUsedIp" = ${ip}
        WHERE id = ${row.id}::uuid AND "orgId" = ${orgId}::uuid
          AND ("lastUsedAt" IS NULL OR "lastUsedAt" < ${new Date(now.getTime() - LAST_USED_THROTTLE_SECONDS * 1000)})`;
    }
    return row ?? null;
  });
}

/**
 * The REST API's gate (ADR 035): the key → its organisation (a key belongs to one; `slug`, when a
 * route names one, must be it, else 404) → the per-key rate limit → the scope must allow the
 * action AND the creator's current role must (`can()`, the same table as the dashboard). The
 * result is the OrgContext the dashboard's domain functions take, acting as the creator and
 * audited as the key.
 */
export async function apiGate(input: { request: Request; slug?: string; scope: ApiScope; action: Action; now?: Date }): Promise<{ ctx: ApiContext; rate: RateState }> {
  const { key, ip } = await authenticateApiKey(input.request, input.now);
  if (input.slug !== undefined && input.slug !== key.slug) throw new AppError("not_found", "No such organisation.");
  const rate = await take("api.key", apiRateLimit(), key.id, "Too many requests with this API key; slow down.");
  if (!scopeAllows(key.scopes, input.scope, input.action)) {
    log.warn({ apiKeyId: key.id, orgId: key.orgId, scope: input.scope, action: input.action, outcome: "forbidden" }, "API key refused");
    throw new AppError("forbidden", `This API key lacks the "${input.scope}" scope (${API_SCOPES[input.scope].label}).`);
  }
  if (!can(key.role, input.action)) {
    log.warn({ apiKeyId: key.id, orgId: key.orgId, role: key.role, action: input.action, outcome: "forbidden" }, "API key refused");
    throw new AppError("forbidden", "The role of this key's creator does not allow that.");
  }
  const ctx: ApiContext = {
    user: { id: key.userId!, email: key.email!, name: key.userName },
    org: { id: key.orgId, slug: key.slug, name: key.orgName },
    role: key.role!,
    request: { ip, userAgent: userAgent(input.request.headers) },
    mfaEnabled: false,
    apiKey: { id: key.id, name: key.name, scopes: key.scopes },
  };
  return { ctx, rate: { ...rate } };
}

/** RateLimit-Policy and RateLimit (draft-ietf-httpapi-ratelimit-headers-09). */
export function rateHeaders(rate: RateState | undefined): Record<string, string> {
  if (!rate) return {};
  return {
    "ratelimit-policy": `"per-key";q=${rate.limit};w=${rate.windowSeconds}`,
    ratelimit: `"per-key";r=${rate.remaining};t=${rate.resetSeconds}`,
  };
}

type Handler<P> = (args: { ctx: ApiContext; request: Request; params: P; body: Record<string, unknown> | undefined; /** A multipart operation's raw body, read up to its limit. */ raw?: Uint8Array }) => Promise<Response>;

/**
 * One /api/v1 operation: gate, read the body (writes), Idempotency-Key (POST), the handler, and
 * every error as problem+json with the rate headers. A handler parses, calls one domain function
 * and answers from an explicit schema.
 */
export function apiOperation<P>(spec: { scope: ApiScope; action: Action; body?: boolean; /** A multipart/form-data body (an upload) of at most maxBytes. */ multipart?: { maxBytes: number } }, handler: Handler<P>) {
  return async (request: Request, context: { params: Promise<P> }): Promise<Response> => {
    let rate: RateState | undefined;
    try {
      const gated = await apiGate({ request, scope: spec.scope, action: spec.action });
      rate = gated.rate;
      const params = await context.params;
      const raw = spec.multipart ? await readBodyBytes(request, spec.multipart.maxBytes) : undefined;
      // An upload's Idempotency-Key fingerprint is its parts (fields, file names and bytes), not the boundary.
      const text = spec.body ? await readJsonText(request) : raw ? await multipartFingerprint(request, raw) : "";
      const body = spec.body ? parseJsonObject(text) : undefined;
      const run = () => handler({ ctx: gated.ctx, request, params, body, raw });
      const response = request.method === "POST"
        ? await idempotent({ scope: { orgId: gated.ctx.org.id, apiKeyId: gated.ctx.apiKey.id }, request, body: text, run })
        : await run();
      for (const [name, value] of Object.entries(rateHeaders(rate))) response.headers.set(name, value);
      return response;
    } catch (error) {
      return problemResponse(error, rateHeaders(rate));
    }
  };
}

/**
 * OPTIONS on /api/v1: 405 with no Access-Control-Allow-* header. The API is for servers and
 * scripts; CORS stays closed, so no browser page on another origin can read an answer.
 */
export async function methodNotAllowed(): Promise<Response> {
  return problemResponse(new ApiProblem("method_not_allowed", "This API does not answer cross-origin preflights."), { allow: "GET, POST, PUT, DELETE" });
}

/** An id in the path that cannot be one is the same 404 as an id that is not this organisation's. */
export function notFoundUnlessUuid(id: string): string {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw new AppError("not_found", "Not found.");
  return id.toLowerCase();
}

/** A publication's seq in the path: a positive int4, else the same 404 as a seq that does not exist. */
export function notFoundUnlessSeq(seq: string): number {
  if (!/^[1-9][0-9]{0,9}$/.test(seq) || Number(seq) > 2_147_483_647) throw new AppError("not_found", "Not found.");
  return Number(seq);
}
