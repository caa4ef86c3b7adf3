import { describe, expect, it } from "vitest";
import { PERMISSIONS, type Action, type Role } from "@/modules/permissions/permissions";
import { AppError } from "@/server/errors";
import { authorize } from "@/server/gate";
import { actorFor, addMember, createOrg, createUser } from "../support/factories";

describe("the gate", () => {
  it("refuses an anonymous actor", async () => {
    const { org } = await createOrg();
    await expect(authorize({ actor: null, slug: org.slug, action: "org.read" })).rejects.toMatchObject({ code: "unauthenticated" });
  });

  it("answers 404 for another tenant's organisation and for one that does not exist, alike", async () => {
    const { org: acme } = await createOrg(undefined, "Acme");
    const { owner: globexOwner } = await createOrg(undefined, "Globex");
    const other = await authorize({ actor: actorFor(globexOwner), slug: acme.slug, action: "org.read" }).catch((e) => e);
    const missing = await authorize({ actor: actorFor(globexOwner), slug: "no-such-org", action: "org.read" }).catch((e) => e);
    expect(other.code).toBe("not_found");
    expect(missing.code).toBe("not_found");
    expect(other.message).toBe(missing.message);
  });

  // Written out cell by cell, not read from the permission table: a change to who may do what
  // has to change this test too. Y: the gate lets the role through; ·: 403.
  const MATRIX: Record<Action, Record<Role, "Y" | "·">> = {
    "org.read":            { OWNER: "Y", ADMIN: "Y", EDITOR: "Y", VIEWER: "Y" },
    "org.settings.update": { OWNER: "Y", ADMIN: "Y", EDITOR: "·", VIEWER: "·" },
    "members.read":        { OWNER: "Y", ADMIN: "Y", EDITOR: "Y", VIEWER: "Y" },
    "members.invite":      { OWNER: "Y", ADMIN: "Y", EDITOR: "·", VIEWER: "·" },
    "members.role.change": { OWNER: "Y", ADMIN: "Y", EDITOR: "·", VIEWER: "·" },
    "members.remove":      { OWNER: "Y", ADMIN: "Y", EDITOR: "·", VIEWER: "·" },
    "controls.write":      { OWNER: "Y", ADMIN: "Y", EDITOR: "Y", VIEWER: "·" },
    publish:               { OWNER: "Y", ADMIN: "Y", EDITOR: "·", VIEWER: "·" },
    "publish.request":     { OWNER: "Y", ADMIN: "Y", EDITOR: "Y", VIEWER: "·" },
    "domains.manage":      { OWNER: "Y", ADMIN: "Y", EDITOR: "·", VIEWER: "·" },
    "apikeys.manage":      { OWNER: "Y", ADMIN: "Y", EDITOR: "·", VIEWER: "·" },
    "audit.read":          { OWNER: "Y", ADMIN: "Y", EDITOR: "·", VIEWER: "·" },
    "access.review":       { OWNER: "Y", ADMIN: "Y", EDITOR: "Y", VIEWER: "·" },
    "access.manage":       { OWNER: "Y", ADMIN: "Y", EDITOR: "·", VIEWER: "·" },
    "access.notify":       { OWNER: "Y", ADMIN: "Y", EDITOR: "·", VIEWER: "·" },
    "subscribers.read":    { OWNER: "Y", ADMIN: "Y", EDITOR: "Y", VIEWER: "·" },
    "subscribers.manage":  { OWNER: "Y", ADMIN: "Y", EDITOR: "·", VIEWER: "·" },
    "alerts.own":          { OWNER: "Y", ADMIN: "Y", EDITOR: "Y", VIEWER: "Y" },
    "objections.review":   { OWNER: "Y", ADMIN: "Y", EDITOR: "Y", VIEWER: "·" },
    "objections.manage":   { OWNER: "Y", ADMIN: "Y", EDITOR: "·", VIEWER: "·" },
    "webhooks.manage":     { OWNER: "Y", ADMIN: "Y", EDITOR: "·", VIEWER: "·" },
  };

  it("the matrix names every action the gate knows, and no other", () => {
    expect(Object.keys(MATRIX).sort()).toEqual(Object.keys(PERMISSIONS).sort());
  });

  it("lets each role through exactly the actions of the matrix, and answers 403 for the rest", async () => {
    const { org, owner } = await createOrg();
    const members: Record<Role, Awaited<ReturnType<typeof createUser>>> = {
      OWNER: owner,
      ADMIN: await addMember(org.id, "ADMIN"),
      EDITOR: await addMember(org.id, "EDITOR"),
      VIEWER: await addMember(org.id, "VIEWER"),
    };
    const seen: string[] = [];
    const expected: string[] = [];
    for (const [action, row] of Object.entries(MATRIX) as [Action, Record<Role, "Y" | "·">][]) {
      for (const [role, cell] of Object.entries(row) as [Role, "Y" | "·"][]) {
        const result = await authorize({ actor: actorFor(members[role]), slug: org.slug, action }).then(
          (ctx) => (ctx.role === role && ctx.org.id === org.id ? "Y" : `wrong context ${ctx.role}`),
          (error: AppError) => (error.code === "forbidden" && error.status === 403 ? "·" : error.code),
        );
        seen.push(`${action} ${role} ${result}`);
        expected.push(`${action} ${role} ${cell}`);
      }
    }
    expect(seen).toEqual(expected);
    const stranger = await createUser();
    await expect(authorize({ actor: actorFor(stranger), slug: org.slug, action: "org.read" })).rejects.toMatchObject({ code: "not_found", status: 404 });
  });
});
