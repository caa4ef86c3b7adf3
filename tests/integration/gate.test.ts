import { describe, expect, it } from "vitest";
import { PERMISSIONS, ROLES, type Action } from "@/modules/access/permissions";
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

  it("applies the permission table to every role and action", async () => {
    const { org, owner } = await createOrg();
    const members = { OWNER: owner, ADMIN: await addMember(org.id, "ADMIN"), EDITOR: await addMember(org.id, "EDITOR"), VIEWER: await addMember(org.id, "VIEWER") };
    for (const role of ROLES) {
      for (const action of Object.keys(PERMISSIONS) as Action[]) {
        const allowed = (PERMISSIONS[action] as readonly string[]).includes(role);
        const result = await authorize({ actor: actorFor(members[role]), slug: org.slug, action }).catch((e) => e);
        if (allowed) expect(result, `${role} ${action}`).toMatchObject({ role, org: { id: org.id } });
        else expect(result.code, `${role} ${action}`).toBe("forbidden");
      }
    }
    // Written out for publishing (ADR 022): owners and admins publish, editors only request.
    expect((await authorize({ actor: actorFor(members.EDITOR), slug: org.slug, action: "publish" }).catch((e) => e)).code).toBe("forbidden");
    expect(await authorize({ actor: actorFor(members.EDITOR), slug: org.slug, action: "publish.request" })).toMatchObject({ role: "EDITOR" });
    expect(await authorize({ actor: actorFor(members.ADMIN), slug: org.slug, action: "publish" })).toMatchObject({ role: "ADMIN" });
    expect((await authorize({ actor: actorFor(members.VIEWER), slug: org.slug, action: "publish.request" }).catch((e) => e)).code).toBe("forbidden");
    const stranger = await createUser();
    await expect(authorize({ actor: actorFor(stranger), slug: org.slug, action: "org.read" })).rejects.toMatchObject({ code: "not_found" });
  });
});
