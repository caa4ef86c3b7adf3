import { describe, expect, it } from "vitest";
import { API_SCOPE_NAMES, scopeAllows } from "@/modules/permissions/api-scopes";
import { PERMISSIONS } from "@/modules/permissions/permissions";

/** Every scope × every action of the permission table, written out: what a key with that one scope may attempt. */
const EXPECTED: Record<string, string[]> = {
  "posture:read": ["org.read"],
  "posture:write": ["org.read", "controls.write"],
  publish: ["publish", "publish.request"],
  "access:read": ["access.review"],
  "access:decide": ["access.review"],
  "webhooks:manage": ["webhooks.manage"],
  "subscribers:manage": ["subscribers.manage"],
};

describe("API key scopes", () => {
  it("the scope list is exactly the six of issue 14 and subscribers:manage (its subscriber resources hold people's addresses)", () => {
    expect([...API_SCOPE_NAMES].sort()).toEqual(["access:decide", "access:read", "posture:read", "posture:write", "publish", "subscribers:manage", "webhooks:manage"]);
  });

  it.each(Object.keys(EXPECTED))("%s unlocks exactly its actions, and only when the key holds it", (scope) => {
    const allowed = Object.keys(PERMISSIONS).filter((action) => scopeAllows([scope], scope, action));
    expect(allowed.sort()).toEqual([...EXPECTED[scope]!].sort());
    for (const action of Object.keys(PERMISSIONS)) expect(scopeAllows([], scope, action)).toBe(false);
  });

  it("fails closed on unknown scopes and actions, and on a scope the key does not hold", () => {
    expect(scopeAllows(["admin"], "admin", "org.read")).toBe(false);
    expect(scopeAllows(["posture:read"], "posture:read", "no.such.action")).toBe(false);
    expect(scopeAllows(["posture:read"], "posture:write", "controls.write")).toBe(false);
    expect(scopeAllows(["posture:read"], "__proto__", "org.read")).toBe(false);
  });
});
