import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createControl, controlAreaNames, getControl, listMemberEmails } from "@/modules/controls/server/controls";
import { listOrganizationsForUser } from "@/modules/organizations/server/organizations";
import { authorize } from "@/server/gate";
import { readTogether } from "@/server/page-reads";
import { oneRequest } from "@/server/request-memo";
import { actorFor, addMember, createOrg } from "../support/factories";

/**
 * What one dashboard request costs the database. Every statement the pg driver sends is counted
 * (Prisma's client and the plain pool alike). A control page is the dashboard's organisation
 * menu, the layout's gate, the page's gate and the page's three reads (control, area names,
 * member list): one membership query for the menu and both gates, in the person's scope and in
 * one round trip (readAsUser: no transaction of its own), and one transaction for the reads, in
 * the organisation's scope, set with one set_config statement, which is what is counted as "a
 * transaction".
 */
const statements: string[] = [];
const query = pg.Client.prototype.query;

beforeAll(() => {
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const first = args[0] as string | { text?: string };
    statements.push(typeof first === "string" ? first : (first?.text ?? ""));
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;
});
afterAll(() => {
  pg.Client.prototype.query = query;
});

const membershipQueries = () => statements.filter((sql) => sql.includes(`FROM "Member" m JOIN "Organization"`)).length;
const transactions = () => statements.filter((sql) => sql.includes("set_config('app.org_id'")).length;

async function controlPageRequest(actor: ReturnType<typeof actorFor>, slug: string, id: string) {
  await listOrganizationsForUser(actor.user.id); // the dashboard's layout: the organisation menu
  await authorize({ actor, slug, action: "org.read" }); // the organisation's layout
  const ctx = await authorize({ actor, slug, action: "org.read" }); // the page
  return readTogether(ctx, () => Promise.all([getControl({ ctx, id }), controlAreaNames({ ctx }), listMemberEmails({ ctx })]));
}

describe("one request, one answer from the gate", () => {
  it("a control page asks for the membership once and opens one transaction", async () => {
    const { ctx, org, owner } = await createOrg(undefined, "Memo");
    const viewer = await addMember(org.id, "VIEWER");
    const { id } = await createControl({ ctx, input: { ref: "ME-01", area: "Memo", title: "Counted", status: "PLANNED", visibility: "PUBLIC", ownerEmail: owner.email } });
    statements.length = 0;

    const [control, areas, members] = await oneRequest(() => controlPageRequest(actorFor(viewer), org.slug, id));

    expect([control.ref, areas, members]).toEqual(["ME-01", ["Memo"], [owner.email, viewer.email].sort()]);
    expect(membershipQueries()).toBe(1);
    expect(transactions()).toBe(1);
  });

  it("two requests ask twice: the memo does not outlive its request", async () => {
    const { ctx, org, owner } = await createOrg(undefined, "Twice");
    const { id } = await createControl({ ctx, input: { ref: "ME-02", area: "Memo", title: "Counted", status: "PLANNED", visibility: "PUBLIC" } });
    statements.length = 0;

    await oneRequest(() => controlPageRequest(actorFor(owner), org.slug, id));
    await oneRequest(() => controlPageRequest(actorFor(owner), org.slug, id));

    expect(membershipQueries()).toBe(2);
    expect(transactions()).toBe(2);
  });

  it("in one request, one answer serves every slug: another organisation's is still a 404 for a non-member", async () => {
    const mine = await createOrg(undefined, "Mine");
    const theirs = await createOrg(undefined, "Theirs");
    statements.length = 0;

    const outcome = await oneRequest(async () => {
      await authorize({ actor: actorFor(mine.owner), slug: mine.org.slug, action: "org.read" });
      return authorize({ actor: actorFor(mine.owner), slug: theirs.org.slug, action: "org.read" }).then(
        () => "allowed",
        (error: { code?: string }) => error.code,
      );
    });

    expect(outcome).toBe("not_found");
    expect(membershipQueries()).toBe(1);
  });
});
