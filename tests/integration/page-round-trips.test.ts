import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessionForToken } from "@/modules/auth/server/sessions";
import { controlAreaNames, controlSummary, createControl, getControl, listControls, listMemberEmails } from "@/modules/controls/server/controls";
import { controlQuerySchema } from "@/modules/controls/query";
import { listOrganizationsForUser } from "@/modules/organizations/server/organizations";
import { liveCoverage } from "@/modules/publishing/server/live-coverage";
import { unpublishedChanges } from "@/modules/publishing/server/unpublished";
import { sha256Hex } from "@/server/crypto";
import { db } from "@/server/db/client";
import { authorize } from "@/server/gate";
import { memberships } from "@/server/memberships";
import { readTogetherPlain } from "@/server/page-reads";
import { oneRequest } from "@/server/request-memo";
import { recordAudit } from "@/modules/audit/server/audit";
import { withTenant } from "@/server/db/tenant";
import { addMember, createOrg } from "../support/factories";

/**
 * What a dashboard page costs in database round trips, counted where they happen: every message
 * the pg driver sends and waits for (Prisma's client and the plain pool alike). Under load each
 * round trip is a wait for the event loop to come back to this request, so the count, unlike a
 * timing on a shared machine, says what a page costs (issue 10 item 4.4, issue 11).
 *
 * A request is walked through as Next renders it: the session from the cookie (Auth.js →
 * the adapter), the dashboard's layout (the organisation menu), the organisation's layout and the
 * page (both gates), then the page's reads in one read-only transaction.
 */
const sent: string[] = [];
const query = pg.Client.prototype.query;

beforeAll(() => {
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const first = args[0] as string | { text?: string };
    sent.push(typeof first === "string" ? first : (first?.text ?? ""));
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;
});
afterAll(() => {
  pg.Client.prototype.query = query;
});

async function signedIn(userId: string) {
  const token = randomBytes(32).toString("hex");
  await db.session.create({ data: { sessionToken: sha256Hex(token), userId, expires: new Date(Date.now() + 86_400_000) } });
  return token;
}

/** The gate as the pages pass it: the session (the dashboard's own read), the menu, the layout's gate and the page's. */
async function gated(token: string, slug: string) {
  const actor = await sessionForToken(token);
  if (!actor) throw new Error("no session");
  await listOrganizationsForUser(actor.user.id);
  await authorize({ actor, slug, action: "org.read" });
  return authorize({ actor, slug, action: "org.read" });
}

async function counted<T>(fn: () => Promise<T>) {
  sent.length = 0;
  const result = await oneRequest(fn);
  return { result, roundTrips: sent.length, statements: [...sent] };
}

describe("database round trips per dashboard page", () => {
  it("the control list (the list, the summary, the live coverage) costs 3 round trips: the session with the memberships, the shell's count, the page's reads in one message", async () => {
    const { ctx, org } = await createOrg(undefined, "Trips");
    const editor = await addMember(org.id, "EDITOR");
    for (const ref of ["RT-01", "RT-02"]) await createControl({ ctx, input: { ref, area: "Trips", title: `Control ${ref}`, status: "PLANNED", visibility: "PUBLIC" } });
    const token = await signedIn(editor.id);

    const { result, roundTrips, statements } = await counted(async () => {
      const page = await gated(token, org.slug);
      const query = controlQuerySchema.parse({});
      // The organisation's layout and the page render side by side, as Next renders them.
      const [, reads] = await Promise.all([unpublishedChanges({ ctx: page }), readTogetherPlain(page, () => Promise.all([listControls({ ctx: page, query }), controlSummary({ ctx: page }), liveCoverage({ ctx: page })]))]);
      return reads;
    });

    const [list, summary, live] = result;
    expect([list.rows.map((row) => row.ref), list.total, summary.coverage.total, summary.areas, live]).toEqual([
      ["RT-01", "RT-02"],
      2,
      2,
      [{ id: summary.areas[0]!.id, name: "Trips", controls: 2 }],
      { seq: null, coverage: null },
    ]);
    expect({ roundTrips, statements }).toMatchObject({ roundTrips: 3 });
    // The session and the person's memberships: one message, the cookie's hash and the person as settings.
    expect(statements[0]).toMatch(/^SELECT set_config\('app\.session_token', '[0-9a-f]{64}', true\), set_config\('app\.user_id', coalesce\(/);
    expect(statements[0]).toContain('FROM "Member" m JOIN "Organization" o');
    // The page's three reads went in one message, with their transaction's BEGIN, scope and COMMIT (ADR 042).
    const pageMessage = statements.find((sql) => sql.includes('FROM "ControlArea" a') && sql.includes("WITH page AS"));
    expect(pageMessage?.startsWith("BEGIN; SELECT set_config('app.org_id'")).toBe(true);
    expect(pageMessage?.endsWith("COMMIT")).toBe(true);
    expect(pageMessage?.match(/\n;\n/g)?.length).toBe(3); // three reads, each followed by the separator
    expect(statements.filter((sql) => sql === "BEGIN" || sql === "COMMIT" || sql.startsWith("SELECT set_config('app.org_id'")).length).toBe(0);
  });

  it("a control page (the control, the area names, the members) costs 3 round trips: the session with the memberships, the shell's count, the page's reads in one message", async () => {
    const { ctx, org, owner } = await createOrg(undefined, "Trip");
    const editor = await addMember(org.id, "EDITOR");
    const { id } = await createControl({ ctx, input: { ref: "RT-10", area: "Trip", title: "One control", status: "PLANNED", visibility: "PUBLIC", ownerEmail: owner.email } });
    const token = await signedIn(editor.id);

    const { result, roundTrips, statements } = await counted(async () => {
      const page = await gated(token, org.slug);
      const [, reads] = await Promise.all([unpublishedChanges({ ctx: page }), readTogetherPlain(page, () => Promise.all([getControl({ ctx: page, id }), controlAreaNames({ ctx: page }), listMemberEmails({ ctx: page })]))]);
      return reads;
    });

    const [control, areas, members] = result;
    expect([control.ref, control.area.name, areas, members]).toEqual(["RT-10", "Trip", ["Trip"], [owner.email, editor.email].sort()]);
    expect({ roundTrips, statements }).toMatchObject({ roundTrips: 3 });
  });

  it("the session's read brings its person's memberships, kept for that person only; an expired session brings none", async () => {
    const a = await createOrg(undefined, "Mine");
    const b = await createOrg(undefined, "Theirs");
    const token = await signedIn(a.owner.id);

    const { result, roundTrips } = await counted(async () => {
      const session = await sessionForToken(token);
      return [session?.user.id, (await memberships(a.owner.id)).map((m) => m.org.slug), (await memberships(b.owner.id)).map((m) => m.org.slug)];
    });
    // a's memberships came with a's session; b's were read for b (a second round trip), never a's list.
    expect(result).toEqual([a.owner.id, [a.org.slug], [b.org.slug]]);
    expect(roundTrips).toBe(2);

    await db.session.updateMany({ where: { userId: a.owner.id }, data: { expires: new Date(Date.now() - 1000) } });
    const expired = await counted(async () => [await sessionForToken(token), (await memberships(a.owner.id)).map((m) => m.org.slug)]);
    expect(expired.result).toEqual([null, [a.org.slug]]);
    // Nothing was kept from the expired session's message: the memberships were read on their own, as a's.
    expect(expired.statements.at(-1)).toMatch(new RegExp(`^SELECT set_config\\('app\\.user_id', '${a.owner.id}', true\\)`));
  });

  it("an audited change takes the chain's lock and reads its head in one round trip, then appends: a dashboard write holds the lock for two round trips and its COMMIT", async () => {
    const { ctx, org } = await createOrg(undefined, "Chain");
    const { roundTrips, statements } = await counted(() =>
      withTenant({ orgId: org.id }, async (tx) => {
        await recordAudit(tx, ctx, { action: "test.first", targetType: "test" });
        await recordAudit(tx, ctx, { action: "test.second", targetType: "test" });
      }),
    );
    const inside = statements.slice(1, -1);
    expect([roundTrips, inside.length, statements.at(-1)]).toEqual([5, 3, "COMMIT"]);
    expect(inside[0]).toContain("candor_audit_head");
    expect(inside.slice(1).every((sql) => sql.startsWith("INSERT INTO") && sql.includes("AuditEvent"))).toBe(true);
    expect(statements.some((sql) => sql.includes("pg_advisory_xact_lock"))).toBe(false);
  });
});
