import { describe, expect, it } from "vitest";
import { can, PERMISSIONS, ROLES } from "@/modules/permissions/permissions";

// Every cell of the table, written out: changing a permission means changing this test too.
const EXPECTED: Record<string, string> = {
  //                     OWNER ADMIN EDITOR VIEWER
  "org.read": "YYYY",
  "org.settings.update": "YYNN",
  "members.read": "YYYY",
  "members.invite": "YYNN",
  "members.role.change": "YYNN",
  "members.remove": "YYNN",
  "controls.write": "YYYN",
  publish: "YYNN",
  "publish.request": "YYYN",
  "domains.manage": "YYNN",
  "apikeys.manage": "YYNN",
  "audit.read": "YYNN",
  "access.review": "YYYN",
  "access.manage": "YYNN",
  "access.notify": "YYNN",
  "subscribers.read": "YYYN",
  "subscribers.manage": "YYNN",
  "alerts.own": "YYYY",
  "objections.review": "YYYN",
  "objections.manage": "YYNN",
  "webhooks.manage": "YYNN",
};

describe("can()", () => {
  it("covers exactly the actions of the table", () => {
    expect(Object.keys(PERMISSIONS).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const [action, cells] of Object.entries(EXPECTED)) {
    ROLES.forEach((role, i) => {
      it(`${role} ${cells[i] === "Y" ? "may" : "may not"} ${action}`, () => {
        expect(can(role, action)).toBe(cells[i] === "Y");
      });
    });
  }

  it("fails closed on unknown roles and actions, and on inherited property names", () => {
    expect(can("OWNER", "org.delete.everything")).toBe(false);
    expect(can("SUPERUSER", "org.read")).toBe(false);
    expect(can(undefined, "org.read")).toBe(false);
    expect(can("OWNER", "__proto__")).toBe(false);
    expect(can("OWNER", "toString")).toBe(false);
    expect(can("owner", "org.read")).toBe(false);
  });
});
