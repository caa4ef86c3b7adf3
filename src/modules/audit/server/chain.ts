import canonicalize from "canonicalize";
import { sha256Hex } from "@/server/crypto";

/**
 * The audit chain's hash, in one place: SHA-256 over the RFC 8785 (JCS) canonical JSON of every
 * field of the event, including the previous event's hash. Changing any stored value, deleting
 * an event or reordering events breaks the chain from that point on.
 */
export type ChainedFields = {
  orgId: string;
  seq: number;
  actorId: string | null;
  actorEmail: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  diff: unknown;
  ipAddress: string | null;
  userAgent: string | null;
  createdAt: string; // ISO-8601, UTC, milliseconds
  prevHash: string | null;
  /** "api_key" when an API key acted (ADR 035); absent or null for a person. */
  actorType?: string | null;
  actorName?: string | null;
};

export function auditHash(fields: ChainedFields): string {
  // A person's events leave the key actor's two fields out of the hashed form, so every event
  // written before they existed still hashes as it did.
  const { actorType, actorName, ...rest } = fields;
  const canonical = canonicalize(actorType ? { ...rest, actorType, actorName: actorName ?? null } : rest);
  if (canonical === undefined) throw new Error("audit event cannot be canonicalised");
  return sha256Hex(canonical);
}

export type StoredEvent = Omit<ChainedFields, "createdAt"> & { id: string; createdAt: Date; hash: string };

export type ChainCheck = { ok: true; checked: number } | { ok: false; checked: number; broken: { seq: number; id: string | null; reason: string } };

/** Recomputes a chain (events in `seq` order) and names the first event that does not hold. */
export function verifyChain(events: StoredEvent[]): ChainCheck {
  let previous: StoredEvent | undefined;
  for (const [index, event] of events.entries()) {
    const fail = (reason: string): ChainCheck => ({ ok: false, checked: index, broken: { seq: event.seq, id: event.id, reason } });
    if (event.seq !== index + 1) return fail(`expected event #${index + 1} here, found #${event.seq} (an event is missing or out of order)`);
    if (event.prevHash !== (previous?.hash ?? null)) return fail("its previous-hash does not match the event before it");
    const { id: _id, hash, createdAt, ...rest } = event;
    if (auditHash({ ...rest, createdAt: createdAt.toISOString() }) !== hash) return fail("its contents do not match its hash (the row was altered)");
    previous = event;
  }
  return { ok: true, checked: events.length };
}
