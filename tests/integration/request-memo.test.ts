import { PrismaPg } from "@prisma/adapter-pg";
import { beforeAll, describe, expect, it } from "vitest";
import { PrismaClient } from "@/generated/prisma/client";
import { createControl, controlSummary, getControl, listMemberEmails } from "@/modules/controls/server/controls";
import { listOrganizationsForUser } from "@/modules/organizations/server/organizations";
import { oneQueryAtATime } from "@/server/db/one-query-at-a-time";
import { authorize } from "@/server/gate";
import { readTogether } from "@/server/page-reads";
import { oneRequest } from "@/server/request-memo";
import { actorFor, addMember, createOrg } from "../support/factories";

/**
 * What one dashboard request costs the database. The app's client is replaced, for this file,
 * by the same client with Prisma's query events on, so every statement is counted. A control
 * page is the dashboard's organisation menu, the layout's gate, the page's gate and the page's three
 * reads (control, summary, member list): one membership query for the menu and both gates, and
 * two transactions in all (the
 * membership, in the person's scope; the reads, in the organisation's). Each transaction sets
 * its scope with one set_config statement, which is what is counted as "a transaction".
 */
const statements: string[] = [];

beforeAll(() => {
  const client = new PrismaClient({
    adapter: oneQueryAtATime(new PrismaPg({ connectionString: process.env.APP_DATABASE_URL!, max: 4 })),
    log: [{ emit: "event", level: "query" }],
  });
  client.$on("query", (event) => statements.push(event.query));
  (globalThis as unknown as { candorDb?: PrismaClient }).candorDb = client;
});

const membershipQueries = () => statements.filter((sql) => sql.includes(`FROM "Member" m JOIN "Organization"`)).length;
const transactions = () => statements.filter((sql) => sql.includes("set_config('app.org_id'")).length;

async function controlPageRequest(actor: ReturnType<typeof actorFor>, slug: string, id: string) {
  await listOrganizationsForUser(actor.user.id); // the dashboard's layout: the organisation menu
  await authorize({ actor, slug, action: "org.read" }); // the organisation's layout
  const ctx = await authorize({ actor, slug, action: "org.read" }); // the page
  return readTogether(ctx, () => Promise.all([getControl({ ctx, id }), controlSummary({ ctx }), listMemberEmails({ ctx })]));
}

describe("one request, one answer from the gate", () => {
  it("a control page asks for the membership once and opens two transactions", async () => {
    const { ctx, org, owner } = await createOrg(undefined, "Memo");
    const viewer = await addMember(org.id, "VIEWER");
    const { id } = await createControl({ ctx, input: { ref: "ME-01", area: "Memo", title: "Counted", status: "PLANNED", visibility: "PUBLIC", ownerEmail: owner.email } });
    statements.length = 0;

    const [control, summary, members] = await oneRequest(() => controlPageRequest(actorFor(viewer), org.slug, id));

    expect([control.ref, summary.coverage.total, members]).toEqual(["ME-01", 1, [owner.email, viewer.email].sort()]);
    expect(membershipQueries()).toBe(1);
    expect(transactions()).toBe(2);
  });

  it("two requests ask twice: the memo does not outlive its request", async () => {
    const { ctx, org, owner } = await createOrg(undefined, "Twice");
    const { id } = await createControl({ ctx, input: { ref: "ME-02", area: "Memo", title: "Counted", status: "PLANNED", visibility: "PUBLIC" } });
    statements.length = 0;

    await oneRequest(() => controlPageRequest(actorFor(owner), org.slug, id));
    await oneRequest(() => controlPageRequest(actorFor(owner), org.slug, id));

    expect(membershipQueries()).toBe(2);
    expect(transactions()).toBe(4);
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
