import "server-only";

import { Prisma } from "@/generated/prisma/client";
import { dataKeys, openWithDataKey, sealWithDataKey, sha256Hex } from "../crypto";
import { db } from "../db/client";
import { env } from "../env";
import { withTenant } from "../db/tenant";
import { ApiProblem } from "./problem";

/** How long a POST's first response is replayed for its Idempotency-Key. */
export const IDEMPOTENCY_TTL_HOURS = 24;
const KEY = /^[\x21-\x7e]{1,255}$/;
const REPLAYED_HEADERS = ["content-type", "etag", "location"];

type Scope = { orgId: string; apiKeyId: string };

/**
 * A stored answer is sealed with the data key (AES-256-GCM, bound to its organisation, key and
 * Idempotency-Key): some answers carry a secret shown once (a webhook endpoint's signing secret at
 * creation and rotation), and no secret is stored raw (DESIGN invariant 7). A body stored before
 * sealing (plain JSON, at most 24 hours old) is replayed as it is.
 */
const SEALED = /^k[0-9]+\./;
const aadOf = (scope: Scope, key: string) => `api-idempotency:${scope.orgId}:${scope.apiKeyId}:${key}`;
const seal = (scope: Scope, key: string, body: string) => sealWithDataKey(body, dataKeys(env()), aadOf(scope, key));
const open = (scope: Scope, key: string, body: string | null) => (body !== null && SEALED.test(body) ? openWithDataKey(body, dataKeys(env()), aadOf(scope, key)) : body);

/**
 * `Idempotency-Key` on POST (draft-ietf-httpapi-idempotency-key-header): the first request under a
 * key runs and its response (any status below 500) is stored for 24 hours, per API key; a retry
 * with the same key and the same request gets that response again, with `Idempotent-Replayed:
 * true`; the same key with another request is a 422; a retry while the first still runs is a
 * 409. A 5xx is not stored: the client may retry it.
 */
export async function idempotent(input: { scope: Scope; request: Request; body: string; run: () => Promise<Response> }): Promise<Response> {
  const { scope, request } = input;
  const key = request.headers.get("idempotency-key");
  if (key === null) return input.run();
  if (!KEY.test(key)) throw new ApiProblem("bad_request", "Idempotency-Key: 1 to 255 visible ASCII characters.");
  const requestHash = sha256Hex(`${request.method} ${new URL(request.url).pathname}\n${input.body}`);

  const claimed = await withTenant({ orgId: scope.orgId }, async (tx) => {
    await tx.apiIdempotencyRecord.deleteMany({ where: { orgId: scope.orgId, apiKeyId: scope.apiKeyId, createdAt: { lt: new Date(Date.now() - IDEMPOTENCY_TTL_HOURS * 3_600_000) } } });
    const existing = await tx.apiIdempotencyRecord.findFirst({ where: { orgId: scope.orgId, apiKeyId: scope.apiKeyId, idempotencyKey: key } });
    if (existing) return existing;
    try {
      await tx.apiIdempotencyRecord.create({ data: { orgId: scope.orgId, apiKeyId: scope.apiKeyId, idempotencyKey: key, requestHash } });
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") throw new ApiProblem("conflict", "A request with this Idempotency-Key is still being processed; retry shortly.");
      throw error;
    }
    return null;
  });

  if (claimed) {
    if (claimed.requestHash !== requestHash) throw new ApiProblem("validation", "This Idempotency-Key was used for a different request.");
    if (claimed.status === null) throw new ApiProblem("conflict", "A request with this Idempotency-Key is still being processed; retry shortly.");
    const headers = new Headers((claimed.headers as Record<string, string> | null) ?? {});
    headers.set("idempotent-replayed", "true");
    return new Response(open(scope, key, claimed.body), { status: claimed.status, headers });
  }

  let response: Response;
  try {
    response = await input.run();
  } catch (error) {
    await release(scope, key);
    throw error;
  }
  if (response.status >= 500) {
    await release(scope, key);
    return response;
  }
  const body = await response.clone().text();
  const headers: Record<string, string> = {};
  for (const name of REPLAYED_HEADERS) {
    const value = response.headers.get(name);
    if (value !== null) headers[name] = value;
  }
  await withTenant({ orgId: scope.orgId }, (tx) =>
    tx.apiIdempotencyRecord.updateMany({ where: { orgId: scope.orgId, apiKeyId: scope.apiKeyId, idempotencyKey: key }, data: { status: response.status, body: seal(scope, key, body), headers } }),
  );
  return response;
}

async function release(scope: Scope, key: string) {
  await withTenant({ orgId: scope.orgId }, (tx) => tx.apiIdempotencyRecord.deleteMany({ where: { orgId: scope.orgId, apiKeyId: scope.apiKeyId, idempotencyKey: key, status: null } }));
}

/**
 * The store's upkeep, for the worker's `api.upkeep` job (idempotent): every record older than
 * IDEMPOTENCY_TTL_HOURS is deleted, one tenant scope per organisation (candor_org_ids() reveals
 * ids only). The store also drops a key's expired records when that key next uses it; this job
 * is what empties the table of keys that went quiet (or were revoked) with records behind them.
 */
export async function purgeIdempotencyRecords(at: Date = new Date()): Promise<{ deleted: number }> {
  const cutoff = new Date(at.getTime() - IDEMPOTENCY_TTL_HOURS * 3_600_000);
  const orgs = await db.$queryRaw<{ id: string }[]>`SELECT candor_org_ids() AS id`;
  let deleted = 0;
  for (const { id } of orgs) {
    const result = await withTenant({ orgId: id }, (tx) => tx.apiIdempotencyRecord.deleteMany({ where: { orgId: id, createdAt: { lt: cutoff } } }));
    deleted += result.count;
  }
  return { deleted };
}
