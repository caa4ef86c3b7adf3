import "server-only";

import type { Prisma } from "@/generated/prisma/client";
import type { Tx } from "@/server/db/client";
import type { OrgContext } from "@/server/gate";
import { auditHash } from "./chain";
import { diffOf } from "./diff";

export type AuditInput = {
  action: string;
  targetType: string;
  targetId?: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
};

/** Who did it, from where: the gate's context, or the person accepting an invitation. */
export type AuditActor = Pick<OrgContext, "request"> & {
  user: { id: string; email: string } | null;
  org: { id: string };
  /** Set when an API key acts (apiGate): the key, not its creator, is the actor (ADR 035). */
  apiKey?: { id: string; name: string } | undefined;
};

/**
 * Appends one event to the organisation's chain, inside the caller's transaction (the one that
 * makes the change), so the change and its record commit together or not at all. A
 * per-organisation advisory lock orders concurrent writers, so the chain never forks.
 */
export async function recordAudit(tx: Tx, actor: AuditActor, input: AuditInput) {
  const orgId = actor.org.id;
  const last = await chainHead(tx, orgId);
  const fields = {
    orgId,
    seq: (last?.seq ?? 0) + 1,
    actorId: actor.apiKey ? actor.apiKey.id : (actor.user?.id ?? null),
    actorEmail: actor.apiKey ? null : (actor.user?.email ?? null),
    ...(actor.apiKey ? { actorType: "api_key", actorName: actor.apiKey.name } : {}),
    action: input.action,
    targetType: input.targetType,
    targetId: input.targetId ?? null,
    diff: diffOf(input.before ?? null, input.after ?? null),
    ipAddress: actor.request.ip,
    userAgent: actor.request.userAgent,
    createdAt: new Date(),
    prevHash: last?.hash ?? null,
  };
  const hash = auditHash({ ...fields, createdAt: fields.createdAt.toISOString() });
  await tx.auditEvent.create({ data: { ...fields, diff: fields.diff as Prisma.InputJsonValue, hash } });
  heads.get(tx)?.set(orgId, { seq: fields.seq, hash });
}

/**
 * The chain's last event, read once per transaction: the advisory lock taken with it is held
 * until the transaction ends, so no one else appends meanwhile, and this transaction's own
 * events are remembered as it writes them. An import of thousands of rows, each audited, costs
 * one lock and one read, not thousands.
 */
const heads = new WeakMap<Tx, Map<string, { seq: number; hash: string } | null>>();

async function chainHead(tx: Tx, orgId: string) {
  const known = heads.get(tx) ?? new Map<string, { seq: number; hash: string } | null>();
  heads.set(tx, known);
  if (known.has(orgId)) return known.get(orgId)!;
  // The lock and the read in one round trip (migration 20261207010000_audit_head says why the
  // read still sees what the lock's previous holder committed).
  const [last] = await tx.$queryRaw<{ seq: number; hash: string }[]>`SELECT seq, hash FROM candor_audit_head(${orgId}::uuid)`;
  known.set(orgId, last ?? null);
  return last ?? null;
}
