import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GET as objectGet, POST as objectPost } from "@/app/t/[slug]/subprocessors/object/route";
import { GET as verifyGet, POST as verifyPost } from "@/app/t/[slug]/subprocessors/object/verify/route";
import { createItem } from "@/modules/content/server/crud";
import { deliverOutboxBatch } from "@/modules/email/server/deliver";
import { mailboxTransport } from "@/modules/email/server/transports";
import { fanoutPublication } from "@/modules/subscribers/server/fanout";
import { db } from "@/server/db/client";
import { decideObjection, listObjections } from "@/modules/notices/server/objections";
import { noticeRecipientsCsv } from "@/modules/notices/server/changes";
import { publish } from "@/modules/publishing/server/publish";
import { setClock } from "@/server/clock";
import { withTenant } from "@/server/db/tenant";
import { authorize } from "@/server/gate";
import { actorFor, addMember, createOrg } from "../support/factories";
import { getOn, mailsTo, postOn, type Visit } from "../support/access-routes";
import { changesOf, vendor } from "../support/notices";

/**
 * Objections to an announced subprocessor change (issue 13, ADR 031) through the real route
 * handlers on a tenant host, then the register's domain functions behind the gate. Today is fixed
 * at 2026-12-01 10:00 UTC; the change takes effect on 2027-06-01.
 */
const T0 = Date.parse("2026-12-01T10:00:00.000Z");
beforeEach(() => setClock(() => T0));
afterEach(() => setClock());
const params = (slug: string) => ({ params: Promise.resolve({ slug }) });

async function world(name: string) {
  const { org, owner, ctx } = await createOrg(undefined, name);
  const people = { owner, admin: await addMember(org.id, "ADMIN"), editor: await addMember(org.id, "EDITOR"), viewer: await addMember(org.id, "VIEWER") };
  await createItem({ ctx, kind: "subprocessors", input: vendor("Mailer", { effectiveDate: "2027-06-01" }) });
  await publish({ ctx });
  const [change] = await changesOf(org.id);
  const host = `${org.slug}.trust.test`;
  const visit = (ip: string, more: Partial<Visit> = {}): Visit => ({ host, slug: org.slug, ip, ...more });
  const as = (user: typeof owner, action: "objections.review" | "objections.manage") => authorize({ actor: actorFor(user), slug: org.slug, action, request: { ip: "203.0.113.7", userAgent: "vitest" } });
  return { org, ctx, people, change: change!, host, visit, as };
}

const objectionsOf = (orgId: string) => withTenant({ orgId }, (tx) => tx.subprocessorObjection.findMany({ where: { orgId }, orderBy: { createdAt: "asc" } }));
const form = (changeId: string, email: string, extra: Record<string, string> = {}) => ({ change: changeId, email, company: "Customer <b>Ltd</b>", reason: "Data must stay in the EU <script>alert(1)</script>", ...extra });

async function fileAndGetToken(w: Awaited<ReturnType<typeof world>>, email: string, ip = "198.51.100.40") {
  const response = await objectPost(postOn(w.visit(ip), "/subprocessors/object", form(w.change.id, email)), params(w.org.slug));
  expect(response.status).toBe(200);
  const mail = (await mailsTo(email)).at(-1)!;
  expect(mail.template).toBe("objection-verify");
  return mail.url.searchParams.get("token")!;
}

describe("the objection form", () => {
  it("shows the change with an escaped form and no cache; an unknown, past or other organisation's change is the same 404", async () => {
    const w = await world("Form");
    const other = await world("Other");
    const page = await objectGet(getOn(w.visit("198.51.100.30"), `/subprocessors/object?change=${w.change.id}`), params(w.org.slug));
    expect(page.status).toBe(200);
    expect(page.headers.get("cache-control")).toBe("private, no-store");
    const body = await page.text();
    expect(body).toContain("<p><strong>Mailer</strong>: New subprocessor: Email delivery; data: Recipient email; location: Frankfurt, DE. Effective 2027-06-01.</p>");
    expect(body).toContain('name="website" tabindex="-1"');
    expect(body).not.toContain("<script");
    const refused = [
      await objectGet(getOn(w.visit("198.51.100.30"), `/subprocessors/object?change=${other.change.id}`), params(w.org.slug)),
      await objectGet(getOn(w.visit("198.51.100.30"), "/subprocessors/object?change=00000000-0000-4000-8000-000000000000"), params(w.org.slug)),
      await objectGet(getOn(w.visit("198.51.100.30"), "/subprocessors/object?change=not-an-id"), params(w.org.slug)),
    ];
    const texts = await Promise.all(refused.map((r) => r.text()));
    expect(refused.map((r) => r.status)).toEqual([404, 404, 404]);
    expect(texts.every((t) => t.includes("There is no upcoming subprocessor change at this address."))).toBe(true);
    setClock(() => Date.parse("2027-06-01T10:00:00.000Z"));
    expect((await objectGet(getOn(w.visit("198.51.100.30"), `/subprocessors/object?change=${w.change.id}`), params(w.org.slug))).status).toBe(404);
  });

  it("keeps the values and says what to fix (422); a cross-site post is refused (403); the honeypot stores nothing", async () => {
    const w = await world("Bad");
    const bad = await objectPost(postOn(w.visit("198.51.100.31"), "/subprocessors/object", form(w.change.id, "not-an-email", { reason: "" })), params(w.org.slug));
    expect(bad.status).toBe(422);
    const text = await bad.text();
    expect(text).toContain('value="Customer &lt;b&gt;Ltd&lt;/b&gt;"');
    expect(text).toContain("Reason: tell the organisation why you object.");
    const cross = await objectPost(postOn(w.visit("198.51.100.31", { origin: "https://evil.example" }), "/subprocessors/object", form(w.change.id, "a@customer.example")), params(w.org.slug));
    expect(cross.status).toBe(403);
    const trap = await objectPost(postOn(w.visit("198.51.100.31"), "/subprocessors/object", form(w.change.id, "bot@customer.example", { website: "http://spam" })), params(w.org.slug));
    expect(trap.status).toBe(200);
    expect(await objectionsOf(w.org.id)).toEqual([]);
    const huge = await objectPost(postOn(w.visit("198.51.100.31"), "/subprocessors/object", form(w.change.id, "a@customer.example", { reason: "x".repeat(40_000) })), params(w.org.slug));
    expect(huge.status).toBe(413);
  });
});

describe("verification", () => {
  it("opens the objection once, mails owners and admins (not editors) and the objector's receipt; reuse and expiry are 410", async () => {
    const w = await world("Verify");
    const token = await fileAndGetToken(w, "dpo@customer.example");
    expect(await objectionsOf(w.org.id)).toMatchObject([{ status: "UNVERIFIED", email: "dpo@customer.example", company: "Customer <b>Ltd</b>" }]);
    const landing = await verifyGet(getOn(w.visit("198.51.100.40"), `/subprocessors/object/verify?token=${token}`), params(w.org.slug));
    expect(await landing.text()).toContain(`<input type="hidden" name="token" value="${token}">`);
    expect((await objectionsOf(w.org.id))[0]!.status).toBe("UNVERIFIED");
    const confirmed = await verifyPost(postOn(w.visit("198.51.100.40"), "/subprocessors/object/verify", { token }), params(w.org.slug));
    expect(confirmed.status).toBe(200);
    const [row] = await objectionsOf(w.org.id);
    expect(row!.status).toBe("OPEN");
    const reference = `OBJ-${row!.id.slice(0, 8).toUpperCase()}`;
    expect(await confirmed.text()).toContain(`Your reference is ${reference}; we emailed you a receipt.`);
    expect((await mailsTo(w.people.owner.email)).map((m) => m.template)).toEqual(["objection-filed"]);
    expect((await mailsTo(w.people.admin.email)).map((m) => m.template)).toEqual(["objection-filed"]);
    expect(await mailsTo(w.people.editor.email)).toEqual([]);
    const receipt = (await mailsTo("dpo@customer.example")).at(-1)!;
    expect(receipt.template).toBe("objection-receipt");
    expect(receipt.props.reference).toBe(reference);
    const again = await verifyPost(postOn(w.visit("198.51.100.40"), "/subprocessors/object/verify", { token }), params(w.org.slug));
    expect(again.status).toBe(410);

    const late = await fileAndGetToken(w, "late@customer.example");
    setClock(() => T0 + 31 * 60_000);
    expect((await verifyPost(postOn(w.visit("198.51.100.40"), "/subprocessors/object/verify", { token: late }), params(w.org.slug))).status).toBe(410);
  });

  it("a token is refused on another organisation's host", async () => {
    const w = await world("Home");
    const other = await world("Away");
    const token = await fileAndGetToken(w, "x@customer.example");
    const elsewhere = await verifyPost(postOn(other.visit("198.51.100.41"), "/subprocessors/object/verify", { token }), params(other.org.slug));
    expect(elsewhere.status).toBe(410);
    expect((await objectionsOf(w.org.id))[0]!.status).toBe("UNVERIFIED");
  });
});

describe("the register", () => {
  it("a viewer may not see it; an editor reads but cannot decide; an admin resolves with a note (audited); another tenant's id is 404", async () => {
    const w = await world("Register");
    const other = await world("Stranger");
    const token = await fileAndGetToken(w, "dpo@customer.example");
    await verifyPost(postOn(w.visit("198.51.100.40"), "/subprocessors/object/verify", { token }), params(w.org.slug));
    const [row] = await objectionsOf(w.org.id);
    await expect(w.as(w.people.viewer, "objections.review")).rejects.toMatchObject({ code: "forbidden" });
    const editor = await w.as(w.people.editor, "objections.review");
    expect((await listObjections({ ctx: editor, status: "OPEN" })).map((o) => [o.email, o.company, o.change.vendor])).toEqual([["dpo@customer.example", "Customer <b>Ltd</b>", "Mailer"]]);
    await expect(w.as(w.people.editor, "objections.manage")).rejects.toMatchObject({ code: "forbidden" });
    const admin = await w.as(w.people.admin, "objections.manage");
    const stranger = await other.as(other.people.admin, "objections.manage");
    await expect(decideObjection({ ctx: stranger, input: { id: row!.id, status: "RESOLVED", note: "Not yours", version: 1 } })).rejects.toMatchObject({ code: "not_found" });
    await decideObjection({ ctx: admin, input: { id: row!.id, status: "RESOLVED", note: "Moved to the EU region.", version: 1 } });
    await expect(decideObjection({ ctx: admin, input: { id: row!.id, status: "WITHDRAWN", note: "Again", version: 1 } })).rejects.toMatchObject({ code: "conflict" });
    expect((await listObjections({ ctx: editor, status: "RESOLVED" })).map((o) => [o.status, o.note])).toEqual([["RESOLVED", "Moved to the EU region."]]);
    const audit = await withTenant({ orgId: w.org.id }, (tx) => tx.auditEvent.findMany({ where: { orgId: w.org.id, action: { startsWith: "notices." } }, orderBy: { seq: "asc" }, select: { action: true, actorId: true } }));
    expect(audit.map((a) => a.action)).toEqual(["notices.change.create", "notices.objection.submit", "notices.objection.verify", "notices.objection.decide"]);
  });

  it("the export lists each subscriber of the subprocessors topic the change's publication was sent to, with when and how; nobody else", async () => {
    const w = await world("Notified");
    await withTenant({ orgId: w.org.id }, async (tx) => {
      const row = (email: string, topics: ("SUBPROCESSORS" | "GENERAL")[], status: "CONFIRMED" | "PENDING") => ({ orgId: w.org.id, email, topics, status, host: w.host, confirmedAt: status === "CONFIRMED" ? new Date(T0) : null });
      await tx.subscriber.createMany({ data: [row("dpo@customer.example", ["SUBPROCESSORS"], "CONFIRMED"), row("news@customer.example", ["GENERAL"], "CONFIRMED"), row("unconfirmed@customer.example", ["SUBPROCESSORS"], "PENDING")] });
    });
    await createItem({ ctx: w.ctx, kind: "subprocessors", input: vendor("Storage Co", { effectiveDate: "2027-07-01" }) });
    await publish({ ctx: w.ctx });
    const change = (await changesOf(w.org.id)).find((c) => c.vendor === "Storage Co")!;
    const publicationId = (await withTenant({ orgId: w.org.id }, (tx) => tx.subprocessorChange.findFirstOrThrow({ where: { id: change.id } }))).publicationId!;
    await fanoutPublication({ orgId: w.org.id, publicationId });
    const outbox = await db.outboxMessage.findMany({ where: { template: "publication-notice" }, select: { id: true, recipient: true } });
    expect(outbox.map((m) => m.recipient)).toEqual(["dpo@customer.example"]);
    await deliverOutboxBatch({ db, outboxIds: outbox.map((m) => m.id), transport: mailboxTransport(db, { print: false }), finalAttempt: false });

    const admin = await w.as(w.people.admin, "objections.review");
    const lines = (await noticeRecipientsCsv({ ctx: admin, changeId: change.id })).text.trim().split("\r\n");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(new RegExp(`^${change.id},Storage Co,2027-07-01,dpo@customer\\.example,20\\d\\d-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z,immediate$`));
    // The first change (published before anyone subscribed) was sent to nobody.
    expect((await noticeRecipientsCsv({ ctx: admin, changeId: w.change.id })).text).toBe("change_id,vendor,effective_on,email,notified_at,channel\r\n");
  });

  it("exports who was notified of a change as CSV (the header; rows come from noticeRecipientsForChange)", async () => {
    const w = await world("Export");
    const admin = await w.as(w.people.admin, "objections.review");
    const csv = await noticeRecipientsCsv({ ctx: admin, changeId: w.change.id });
    expect(csv.text).toBe("change_id,vendor,effective_on,email,notified_at,channel\r\n");
    const other = await world("Elsewhere");
    await expect(noticeRecipientsCsv({ ctx: admin, changeId: other.change.id })).rejects.toMatchObject({ code: "not_found" });
  });
});
