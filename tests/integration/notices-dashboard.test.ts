// First: Next's request-scope storage must exist before any Next module loads (see the file).
import { inRequestScope } from "../support/next-request";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { GET as notifiedCsv } from "@/app/dashboard/[slug]/subprocessors/changes/[id]/notified.csv/route";
import { publicAccessContext } from "@/modules/access/server/context";
import type { CurrentUser } from "@/modules/auth/server/sessions";
import { createItem } from "@/modules/content/server/crud";
import { decideObjectionAction } from "@/modules/notices/actions";
import { registerQuerySchema } from "@/modules/notices/schema";
import { changesOverview } from "@/modules/notices/server/changes";
import { submitObjection, verifyObjection } from "@/modules/notices/server/objections";
import { objectionRegister } from "@/modules/notices/server/register";
import type { Action } from "@/modules/permissions/permissions";
import { publish } from "@/modules/publishing/server/publish";
import type { ActionState } from "@/server/action-state";
import { withTenant } from "@/server/db/tenant";
import { authorize } from "@/server/gate";
import { auditOf } from "../support/access";
import { actorFor, addMember, createOrg, TEST_REQUEST } from "../support/factories";
import { changesOf, setNoticeDays, vendor } from "../support/notices";
import { sessionFor } from "../support/tenant-world";

/**
 * The dashboard side of subprocessor notices (issue 13, ADR 031): the changes page's load, the
 * objection register's load by tab, the decide action as each role and as an outsider, and the
 * "who was notified" CSV route's gate and content. The public objection flow itself is tested in
 * notices-objections.test.ts; every action's outsider cells are in action-authorization.test.ts.
 */
const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

async function world(name: string) {
  const { org, owner, ctx } = await createOrg(undefined, name);
  const people = { owner, admin: await addMember(org.id, "ADMIN"), editor: await addMember(org.id, "EDITOR"), viewer: await addMember(org.id, "VIEWER") };
  await setNoticeDays(ctx, 30);
  await createItem({ ctx, kind: "subprocessors", input: vendor("Mailer", { effectiveDate: "2030-01-01" }) });
  await createItem({ ctx, kind: "subprocessors", input: vendor("Fast <b>Co</b>", { effectiveDate: tomorrow(), urgent: "yes", urgentReason: "Our provider <script>shut down</script>" }) });
  await publish({ ctx });
  const changes = await changesOf(org.id);
  const mailer = changes.find((c) => c.vendor === "Mailer")!;
  const pub = await publicAccessContext({ slug: org.slug, host: `${org.slug}.trust.test`, request: TEST_REQUEST });
  const object = async (email: string, reason: string) => {
    const filed = await submitObjection({ ctx: pub!, input: { changeId: mailer.id, email, company: "Customer <b>Ltd</b>", reason } });
    await verifyObjection({ ctx: pub!, token: filed.token, registerUrl: `http://localhost:3000/dashboard/${org.slug}/subprocessors/objections`, trustUrl: "http://localhost:3000/" });
    return filed.objectionId;
  };
  const as = (user: CurrentUser, action: Action) => authorize({ actor: actorFor(user), slug: org.slug, action, request: { ip: "203.0.113.7", userAgent: "vitest" } });
  return { org, ctx, people, mailer, object, as };
}
type World = Awaited<ReturnType<typeof world>>;

const register = async (w: World, user: CurrentUser, status?: string) => objectionRegister({ ctx: await w.as(user, "objections.review"), query: registerQuerySchema.parse({ status }) });

async function decide(w: World, user: CurrentUser | null, objectionId: string, fields: Record<string, string>, slug = w.org.slug) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  const cookie = user ? `candor.session=${await sessionFor(user)}` : undefined;
  const outcome = await inRequestScope({ cookie }, () => decideObjectionAction(slug, objectionId, { status: "idle" }, form));
  if (!("returned" in outcome)) throw new Error("redirected");
  return outcome.returned as ActionState;
}

describe("the changes page", () => {
  it("lists each change with kind, summary, date, urgency and its reason, the publication that carried it, and its objection count; editors read, viewers may not", async () => {
    const w = await world("Changes");
    await w.object("dpo@customer.example", "EU only");
    // Unverified objections are not counted: nobody has confirmed them.
    await submitObjection({ ctx: (await publicAccessContext({ slug: w.org.slug, host: `${w.org.slug}.trust.test`, request: TEST_REQUEST }))!, input: { changeId: w.mailer.id, email: "ghost@customer.example", company: "Ghost", reason: "Unconfirmed" } });
    const page = await changesOverview({ ctx: await w.as(w.people.editor, "objections.review") });
    expect(page.noticeDays).toBe(30);
    const rows = page.changes.map((c) => ({ vendor: c.vendor, kind: c.kind, summary: c.summary, effectiveOn: c.effectiveOn.toISOString().slice(0, 10), urgent: c.urgent, urgentReason: c.urgentReason, publicationSeq: c.publicationSeq, objections: c.objections }));
    expect(rows).toEqual([
      { vendor: "Mailer", kind: "ADDED", summary: "New subprocessor: Email delivery; data: Recipient email; location: Frankfurt, DE", effectiveOn: "2030-01-01", urgent: false, urgentReason: null, publicationSeq: 1, objections: 1 },
      { vendor: "Fast <b>Co</b>", kind: "ADDED", summary: "New subprocessor: Email delivery; data: Recipient email; location: Frankfurt, DE", effectiveOn: tomorrow(), urgent: true, urgentReason: "Our provider <script>shut down</script>", publicationSeq: 1, objections: 0 },
    ]);
    await expect(w.as(w.people.viewer, "objections.review")).rejects.toMatchObject({ code: "forbidden" });
  });

  it("another organisation's owner is not let in (404), and under their own slug sees none of these changes", async () => {
    const w = await world("Mine");
    const other = await world("Theirs");
    await expect(w.as(other.people.owner, "objections.review")).rejects.toMatchObject({ code: "not_found" });
    const theirs = await changesOverview({ ctx: await other.as(other.people.owner, "objections.review") });
    expect(theirs.changes.map((c) => c.id)).not.toContain(w.mailer.id);
    expect(theirs.changes).toHaveLength(2);
  });
});

describe("the objection register", () => {
  it("shows each tab's objections with their change, objector, company and reason as written, and counts per tab; junk in the URL is the open tab", async () => {
    const w = await world("Register");
    const first = await w.object("dpo@customer.example", "Data must stay in the EU <script>alert(1)</script>");
    await w.object("legal@other.example", "Second thoughts");
    const open = await register(w, w.people.editor, "open");
    expect(open.counts).toEqual({ OPEN: 2, RESOLVED: 0, WITHDRAWN: 0 });
    expect(open.rows.map((o) => [o.email, o.company, o.reason, o.change.vendor, o.status])).toEqual([
      ["legal@other.example", "Customer <b>Ltd</b>", "Second thoughts", "Mailer", "OPEN"],
      ["dpo@customer.example", "Customer <b>Ltd</b>", "Data must stay in the EU <script>alert(1)</script>", "Mailer", "OPEN"],
    ]);
    expect((await register(w, w.people.editor, "DROP TABLE")).status).toBe("OPEN");
    expect((await register(w, w.people.editor, "unverified")).status).toBe("OPEN");
    expect((await register(w, w.people.editor, "resolved")).rows).toEqual([]);
    expect(first).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("deciding an objection", () => {
  it("an owner resolves it with a note (versioned, audited); it moves to the resolved tab; the same version again is a conflict (409)", async () => {
    const w = await world("Decide");
    const id = await w.object("dpo@customer.example", "EU only");
    // A form loaded before someone else's edit carries an old version: refused, nothing saved.
    const outdated = await decide(w, w.people.owner, id, { status: "RESOLVED", note: "From an old tab", version: "7" });
    expect([outdated.status, outdated.code]).toEqual(["error", "conflict"]);
    const done = await decide(w, w.people.owner, id, { status: "RESOLVED", note: "Moved to the EU region. <b>ok</b>", version: "1" });
    expect(done).toEqual({ status: "success", message: "Marked resolved." });
    const resolved = await register(w, w.people.editor, "resolved");
    expect(resolved.counts).toEqual({ OPEN: 0, RESOLVED: 1, WITHDRAWN: 0 });
    expect(resolved.rows.map((o) => [o.id, o.status, o.note, o.version])).toEqual([[id, "RESOLVED", "Moved to the EU region. <b>ok</b>", 2]]);
    const audit = await auditOf(w.org.id, "notices.objection.decide");
    expect(audit.map((a) => [a.action, a.targetId, a.actorEmail])).toEqual([["notices.objection.decide", id, w.people.owner.email]]);
    const stale = await decide(w, w.people.owner, id, { status: "WITHDRAWN", note: "Again", version: "1" });
    expect([stale.status, stale.code]).toEqual(["error", "conflict"]);
  });

  it("an admin marks one withdrawn; a stale version after someone else's decision is a conflict that changes nothing", async () => {
    const w = await world("Withdraw");
    const id = await w.object("dpo@customer.example", "EU only");
    expect(await decide(w, w.people.admin, id, { status: "WITHDRAWN", note: "They withdrew by email.", version: "1" })).toEqual({ status: "success", message: "Marked withdrawn." });
    const stale = await decide(w, w.people.owner, id, { status: "RESOLVED", note: "Late", version: "1" });
    expect(stale.code).toBe("conflict");
    expect((await register(w, w.people.editor, "withdrawn")).rows.map((o) => [o.status, o.note])).toEqual([["WITHDRAWN", "They withdrew by email."]]);
  });

  it("a viewer and an editor are refused (403); another tenant's objection id under one's own slug is 404; nothing changes", async () => {
    const w = await world("Refuse");
    const other = await world("Outsider");
    const id = await w.object("dpo@customer.example", "EU only");
    expect((await decide(w, w.people.viewer, id, { status: "RESOLVED", note: "x", version: "1" })).code).toBe("forbidden");
    expect((await decide(w, w.people.editor, id, { status: "RESOLVED", note: "x", version: "1" })).code).toBe("forbidden");
    expect((await decide(w, null, id, { status: "RESOLVED", note: "x", version: "1" })).code).toBe("unauthenticated");
    expect((await decide(w, other.people.owner, id, { status: "RESOLVED", note: "x", version: "1" })).code).toBe("not_found");
    expect((await decide(w, other.people.owner, id, { status: "RESOLVED", note: "x", version: "1" }, other.org.slug)).code).toBe("not_found");
    expect((await decide(w, other.people.owner, "not-an-id", { status: "RESOLVED", note: "x", version: "1" }, other.org.slug)).fieldErrors).toEqual({ id: ["Unknown objection."] });
    const open = await register(w, w.people.owner, "open");
    expect(open.rows.map((o) => [o.id, o.status, o.note, o.version])).toEqual([[id, "OPEN", null, 1]]);
    expect(await auditOf(w.org.id, "notices.objection.decide")).toEqual([]);
  });

  it("without a note, or with an unknown outcome, says what to fix and keeps the note typed", async () => {
    const w = await world("Fields");
    const id = await w.object("dpo@customer.example", "EU only");
    const blank = await decide(w, w.people.owner, id, { status: "RESOLVED", note: "   ", version: "1" });
    expect(blank).toMatchObject({ status: "error", fieldErrors: { note: ["Note: say how it was settled."] }, values: { note: "   " } });
    const bogus = await decide(w, w.people.owner, id, { status: "OPEN", note: "Keep me", version: "1" });
    expect(bogus).toMatchObject({ status: "error", fieldErrors: { status: ["Choose resolved or withdrawn."] }, values: { note: "Keep me" } });
    const huge = await decide(w, w.people.owner, id, { status: "RESOLVED", note: "x".repeat(5000), version: "1" });
    expect(huge.status).toBe("error");
    expect(Object.keys(huge.fieldErrors ?? {})).toEqual(["note"]);
    expect((await register(w, w.people.owner, "open")).rows.map((o) => o.status)).toEqual(["OPEN"]);
  });
});

describe("the who-was-notified CSV", () => {
  const get = async (person: CurrentUser | null, slug: string, id: string) => {
    const cookie = person ? `candor.session=${await sessionFor(person)}` : undefined;
    const outcome = await inRequestScope({ cookie }, () => notifiedCsv(new NextRequest(`http://localhost:3000/dashboard/${slug}/subprocessors/changes/${id}/notified.csv`), { params: Promise.resolve({ slug, id }) }));
    if (!("returned" in outcome)) throw new Error("redirected");
    return outcome.returned;
  };

  it("lists each subscriber the change's publication was sent to, formulas defused, never cached, audited; editors may export", async () => {
    const w = await world("Csv");
    await withTenant({ orgId: w.org.id }, async (tx) => {
      const subscriber = (email: string) => tx.subscriber.create({ data: { orgId: w.org.id, email, topics: ["SUBPROCESSORS"], status: "CONFIRMED", confirmedAt: new Date(), host: `${w.org.slug}.trust.test` }, select: { id: true } });
      const a = await subscriber("dpo@customer.example");
      const b = await subscriber("=sum+1@customer.example");
      const change = await tx.subprocessorChange.findFirstOrThrow({ where: { id: w.mailer.id }, select: { publicationId: true } });
      const notice = (subscriberId: string, email: string, sentAt: string) => ({ orgId: w.org.id, publicationId: change.publicationId!, subscriberId, email, topics: ["SUBPROCESSORS" as const], mode: "IMMEDIATE" as const, status: "SENT" as const, sentAt: new Date(sentAt) });
      await tx.publicationNotice.createMany({ data: [notice(a.id, "dpo@customer.example", "2026-12-01T10:00:00.000Z"), notice(b.id, "=sum+1@customer.example", "2026-12-01T10:00:01.000Z")] });
    });
    const response = await get(w.people.owner, w.org.slug, w.mailer.id);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename="notified-${w.mailer.id.slice(0, 8)}.csv"`);
    expect(await response.text()).toBe(
      [
        "change_id,vendor,effective_on,email,notified_at,channel",
        `${w.mailer.id},Mailer,2030-01-01,dpo@customer.example,2026-12-01T10:00:00.000Z,immediate`,
        `${w.mailer.id},Mailer,2030-01-01,"'=sum+1@customer.example",2026-12-01T10:00:01.000Z,immediate`,
        "",
      ].join("\r\n"),
    );
    expect((await get(w.people.editor, w.org.slug, w.mailer.id)).status).toBe(200);
    const audit = await auditOf(w.org.id, "notices.change.export");
    expect(audit.map((a) => [a.targetId, a.actorEmail])).toEqual([
      [w.mailer.id, w.people.owner.email],
      [w.mailer.id, w.people.editor.email],
    ]);
  });

  it("anonymous goes to sign-in; a viewer 403; another organisation's owner 404 on A's slug and on their own slug with A's change; a malformed id 404", async () => {
    const w = await world("CsvGate");
    const other = await world("CsvOther");
    const anonymous = await get(null, w.org.slug, w.mailer.id);
    expect([anonymous.status, anonymous.headers.get("location")]).toEqual([303, `http://localhost:3000/login?next=${encodeURIComponent(`/dashboard/${w.org.slug}/subprocessors/changes`)}`]);
    expect((await get(w.people.viewer, w.org.slug, w.mailer.id)).status).toBe(403);
    expect((await get(other.people.owner, w.org.slug, w.mailer.id)).status).toBe(404);
    const idor = await get(other.people.owner, other.org.slug, w.mailer.id);
    expect(idor.status).toBe(404);
    expect(await idor.text()).not.toContain("Mailer");
    expect((await get(w.people.owner, w.org.slug, "../../etc/passwd")).status).toBe(404);
    expect(await auditOf(w.org.id, "notices.change.export")).toEqual([]);
  });
});
