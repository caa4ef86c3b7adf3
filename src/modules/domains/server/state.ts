import type { DomainCheck } from "./dns";

/**
 * What one DNS check does to a custom domain: a pure function, so the rules are tested on
 * their own (tests/unit/domain-state.test.ts).
 *
 * - Success verifies (and, the first time, makes the organisation the owner); it also ends a
 *   run of failures and lifts a suspension.
 * - A transient DNS error (SERVFAIL, timeout) changes nothing but the note of the last check:
 *   never a reason to de-verify.
 * - A definite failure of an owned domain starts (or continues) a run of failures counted from
 *   the first failed check: admins hear at the first failure, and when, after 72 hours of
 *   continuous failure, the domain is suspended. A claim not yet verified is simply Failed.
 */
export const SUSPEND_AFTER_HOURS = 72;

export type DomainState = {
  status: "PENDING" | "VERIFIED" | "FAILED" | "SUSPENDED";
  verifiedAt: Date | null;
  failingSince: Date | null;
  suspendedAt: Date | null;
};

export type DomainUpdate = {
  status: DomainState["status"];
  verifiedAt?: Date;
  lastCheckedAt: Date;
  lastSucceededAt?: Date;
  failingSince?: Date | null;
  suspendedAt?: Date | null;
  reason: string | null;
  message: string | null;
};

export type DomainEvent = "failing" | "suspended" | "restored" | null;

export function nextDomainState(row: DomainState, check: DomainCheck, now: Date): { data: DomainUpdate; notify: DomainEvent } {
  if (check.ok) {
    const recovering = row.verifiedAt !== null && (row.status === "SUSPENDED" || row.failingSince !== null);
    return {
      data: { status: "VERIFIED", verifiedAt: row.verifiedAt ?? now, lastCheckedAt: now, lastSucceededAt: now, failingSince: null, suspendedAt: null, reason: null, message: null },
      notify: recovering ? "restored" : null,
    };
  }
  if (check.transient) {
    return { data: { status: row.status, lastCheckedAt: now, reason: check.reason, message: check.message }, notify: null };
  }
  if (row.verifiedAt === null) {
    return { data: { status: "FAILED", lastCheckedAt: now, reason: check.reason, message: check.message }, notify: null };
  }
  const failingSince = row.failingSince ?? now;
  const overdue = now.getTime() - failingSince.getTime() >= SUSPEND_AFTER_HOURS * 3_600_000;
  if (overdue && row.status !== "SUSPENDED") {
    return { data: { status: "SUSPENDED", lastCheckedAt: now, failingSince, suspendedAt: now, reason: check.reason, message: check.message }, notify: "suspended" };
  }
  return {
    data: { status: row.status === "SUSPENDED" ? "SUSPENDED" : "VERIFIED", lastCheckedAt: now, failingSince, reason: check.reason, message: check.message },
    notify: row.failingSince === null ? "failing" : null,
  };
}
