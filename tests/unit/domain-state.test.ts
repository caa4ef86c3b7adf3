import { describe, expect, it } from "vitest";
import type { DomainCheck } from "@/modules/domains/server/dns";
import { nextDomainState, type DomainState } from "@/modules/domains/server/state";

const ok: DomainCheck = { ok: true };
const missing: DomainCheck = { ok: false, reason: "TXT_MISSING", transient: false, message: "No TXT record.", seen: [] };
const servfail: DomainCheck = { ok: false, reason: "DNS_ERROR", transient: true, message: "SERVFAIL", seen: [] };
const t0 = new Date("2026-11-01T05:00:00Z");
const hours = (h: number) => new Date(t0.getTime() + h * 3_600_000);
const pending: DomainState = { status: "PENDING", verifiedAt: null, failingSince: null, suspendedAt: null };
const verified: DomainState = { status: "VERIFIED", verifiedAt: new Date("2026-10-01T00:00:00Z"), failingSince: null, suspendedAt: null };

/** Applies a sequence of checks, as the daily job would, and returns each step's event. */
function run(start: DomainState, steps: [number, DomainCheck][]) {
  let state = start;
  const events: (string | null)[] = [];
  for (const [at, check] of steps) {
    const next = nextDomainState(state, check, hours(at));
    events.push(next.notify);
    state = { status: next.data.status, verifiedAt: next.data.verifiedAt ?? state.verifiedAt, failingSince: next.data.failingSince === undefined ? state.failingSince : next.data.failingSince, suspendedAt: next.data.suspendedAt === undefined ? state.suspendedAt : next.data.suspendedAt };
  }
  return { state, events };
}

describe("a custom domain's DNS checks", () => {
  it("a first success verifies and makes the organisation the owner; a failure before that is just Failed, silently", () => {
    expect(nextDomainState(pending, ok, t0)).toMatchObject({ data: { status: "VERIFIED", verifiedAt: t0 }, notify: null });
    expect(nextDomainState(pending, missing, t0)).toMatchObject({ data: { status: "FAILED", reason: "TXT_MISSING" }, notify: null });
  });

  it("a transient DNS error never de-verifies, never starts the failure clock, and is not news", () => {
    const { state, events } = run(verified, [[0, servfail], [24, servfail], [48, servfail], [96, servfail]]);
    expect(state).toMatchObject({ status: "VERIFIED", failingSince: null });
    expect(events).toEqual([null, null, null, null]);
    expect(nextDomainState(pending, servfail, t0).data.status).toBe("PENDING");
  });

  it("failures are counted from the first failed check: admins hear then, and at 72 hours it is suspended", () => {
    const { state, events } = run(verified, [[0, missing], [24, missing], [48, servfail], [71.9, missing], [72, missing], [96, missing]]);
    expect(events).toEqual(["failing", null, null, null, "suspended", null]);
    expect(state).toMatchObject({ status: "SUSPENDED", failingSince: t0, suspendedAt: hours(72) });
  });

  it("a success during the failing run ends it (and says so); a later failure starts a new 72 hours", () => {
    const { state, events } = run(verified, [[0, missing], [48, ok], [60, missing], [120, missing], [132, missing]]);
    expect(events).toEqual(["failing", "restored", "failing", null, "suspended"]);
    expect(state.failingSince).toEqual(hours(60));
  });

  it("a later success restores a suspended domain and keeps the original verification date", () => {
    const suspended: DomainState = { status: "SUSPENDED", verifiedAt: verified.verifiedAt, failingSince: t0, suspendedAt: hours(72) };
    const next = nextDomainState(suspended, ok, hours(200));
    expect(next).toMatchObject({ data: { status: "VERIFIED", verifiedAt: verified.verifiedAt, failingSince: null, suspendedAt: null }, notify: "restored" });
    // Still failing while suspended: stays suspended, no repeated email.
    expect(nextDomainState(suspended, missing, hours(100))).toMatchObject({ data: { status: "SUSPENDED" }, notify: null });
  });
});
