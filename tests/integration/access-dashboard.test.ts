// First: Next's request-scope storage must exist before any Next module loads (see the file).
import { inRequestScope } from "../support/next-request";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { GET as downloadsCsv } from "@/app/dashboard/[slug]/access/downloads.csv/route";
import * as accessActions from "@/modules/access/actions";
import { grantDetail, grantList, requestQueue } from "@/modules/access/server/dashboard";
import { recordDownload } from "@/modules/access/server/downloads";
import { verifyAccessRequest } from "@/modules/access/server/requests";
import { redeemAccessLink } from "@/modules/access/server/sessions";
import { renderEmail } from "@/modules/email/server/render";
import { OUTBOX_SEAL_PURPOSE } from "@/modules/email/templates";
import type { ActionState } from "@/server/action-state";
import { open, sha256Hex } from "@/server/crypto";
import { db } from "@/server/db/client";
import { withTenant } from "@/server/db/tenant";
import { env } from "@/server/env";
import { accessWorld, auditOf, grantRow, requestRow, submit } from "../support/access";
import { sessionFor } from "../support/tenant-world";

/**
 * The dashboard's Access area (issue 12, part D): the queue's reads, the server actions as the
 * app calls them (inside a request scope, with a member's session cookie), the mails they queue
 * in their transaction, and the CSV route's gate. Outsiders on every action are in
 * action-authorization.test.ts; another tenant's grant id at the page boundary in page-boundary.test.ts.
 */

type World = Awaited<ReturnType<typeof accessWorld>>;
type Person = World["owner"];
const query = (status: "pending" | "approved" | "denied" | "expired" | "unverified", q?: string) => ({ status, q, page: 1 });

/** A world whose rules send everything to review, with one pending request per address. */
async function queueWorld(name: string, emails: string[]) {
  const world = await accessWorld(name, []);
  const ids: Record<string, string> = {};
  for (const email of emails) {
    const { token, requestId } = await submit(world.pub, email, { company: `${email.split("@")[1]!.split(".")[0]!.toUpperCase()} Corp` });
    await verifyAccessRequest({ ctx: world.pub, token });
    ids[email] = requestId;
  }
  return { ...world, ids, reviewer: await world.as(world.editor, "access.review") };
}

async function act(person: Person, call: (...args: never[]) => Promise<ActionState>, args: unknown[], fields?: Record<string, string | string[]>) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields ?? {})) for (const one of [value].flat()) form.append(name, one);
  const cookie = `candor.session=${await sessionFor(person)}`;
  const outcome = await inRequestScope({ cookie }, () => (call as (...a: unknown[]) => Promise<ActionState>)(...args, { status: "idle" }, form));
  if (!("returned" in outcome)) throw new Error(`redirected to ${outcome.redirect}`);
  return outcome.returned;
}

async function mailsTo(to: string): Promise<Record<string, unknown>[]> {
  const rows = await db.outboxMessage.findMany({ where: { recipient: to }, orderBy: { createdAt: "asc" } });
  return rows.map((row) => ({ template: row.template, ...(JSON.parse(open(row.payload!, env().AUTH_SECRET, OUTBOX_SEAL_PURPOSE)) as { props: Record<string, unknown> }).props }));
}

describe("the request queue", () => {
  it("shows one tab at a time with every tab's count, searches email and company, and classes free-mail and disposable domains", async () => {
    const world = await queueWorld("QueueTabs", ["sam@globex.example", "pat@gmail.com", "bot@mailinator.com"]);
    await submit(world.pub, "late@unverified.example");
    const other = await queueWorld("QueueOther", ["someone@elsewhere.example"]);

    const pending = await requestQueue({ ctx: world.reviewer, query: query("pending") });
    expect(pending.counts).toEqual({ PENDING: 3, UNVERIFIED: 1 });
    expect(pending.requests.map((r) => [r.email, r.domainClass, r.decidedByRule])).toEqual([
      ["bot@mailinator.com", { free: false, disposable: true }, "No rule matched → manual review"],
      ["pat@gmail.com", { free: true, disposable: false }, "No rule matched → manual review"],
      ["sam@globex.example", { free: false, disposable: false }, "No rule matched → manual review"],
    ]);
    expect((await requestQueue({ ctx: world.reviewer, query: query("unverified") })).requests.map((r) => r.email)).toEqual(["late@unverified.example"]);
    expect((await requestQueue({ ctx: world.reviewer, query: query("pending", "GLOBEX") })).requests.map((r) => r.email)).toEqual(["sam@globex.example"]);
    expect((await requestQueue({ ctx: world.reviewer, query: query("pending", "gmail") })).requests.map((r) => r.email)).toEqual(["pat@gmail.com"]);
    // Another organisation's requests are never in the queue, whatever the search.
    expect((await requestQueue({ ctx: world.reviewer, query: query("pending", "elsewhere") })).total).toBe(0);
    expect((await requestQueue({ ctx: other.reviewer, query: query("pending") })).requests.map((r) => r.email)).toEqual(["someone@elsewhere.example"]);
  });

  it("names the items asked for by title and the NDA-free request as all items", async () => {
    const world = await accessWorld("QueueItems", []);
    const { token } = await submit(world.pub, "sam@globex.example", { scope: { items: [`document:${world.docB}`] } });
    await verifyAccessRequest({ ctx: world.pub, token });
    const queue = await requestQueue({ ctx: await world.as(world.editor, "access.review"), query: query("pending") });
    expect(queue.requests[0]!.itemTitles).toEqual(["SOC 2 report"]);
    expect(queue.items.map((i) => i.title).sort()).toEqual(["Pen test 2026", "SOC 2 report"]);
  });
});

describe("deciding through the actions", () => {
  it("approve with chosen items and 30 days: the grant, and the access link mailed in the same transaction, which opens a session on the request's host", async () => {
    const world = await queueWorld("ActApprove", ["approved@globex.example"]);
    const requestId = world.ids["approved@globex.example"]!;
    const state = await act(world.editor, accessActions.approveAccessRequestAction, [world.org.slug, requestId], { scope: "chosen", items: [`document:${world.docA}`], days: "30" });
    expect(state.status).toBe("success");
    const request = await requestRow(world.org.id, requestId);
    expect(request).toMatchObject({ status: "APPROVED", decidedById: world.editor.id });
    const grantId = (await grantList({ ctx: world.reviewer, query: { state: "active", page: 1 } })).grants[0]!.id;
    const grant = await grantRow(world.org.id, grantId);
    expect(grant).toMatchObject({ scopeAll: false, scopeItems: [`document:${world.docA}`] });
    expect(Math.round((grant.expiresAt.getTime() - grant.createdAt.getTime()) / 86_400_000)).toBe(30);
    const [mail, ...more] = await mailsTo("approved@globex.example");
    expect(more).toEqual([]);
    expect(mail).toMatchObject({ template: "access-decision", kind: "approved", orgName: "ActApprove", expiresOn: grant.expiresAt.toISOString().slice(0, 10), linkExpiresInHours: 24 });
    const url = new URL(String(mail!.url));
    expect(`${url.origin}${url.pathname}`).toBe(`http://${world.host}:3000/access/open`);
    const session = await redeemAccessLink({ ctx: world.pub, token: url.searchParams.get("token") });
    expect(session.sessionToken).toMatch(/^[0-9a-f]{64}$/);
  });

  it("deny with the box ticked mails the reason as text; unticked, nothing is mailed; the record keeps the reason either way", async () => {
    const world = await queueWorld("ActDeny", ["a@one.example", "b@two.example"]);
    const told = await act(world.owner, accessActions.denyAccessRequestAction, [world.org.slug, world.ids["a@one.example"]], { reason: "<b>Competitor</b>", notify: "on" });
    expect(told).toEqual({ status: "success", message: "Denied; a@one.example was emailed the reason." });
    const silent = await act(world.owner, accessActions.denyAccessRequestAction, [world.org.slug, world.ids["b@two.example"]], { reason: "Not now" });
    expect(silent).toEqual({ status: "success", message: "Denied. The requester was not emailed." });
    expect(await mailsTo("a@one.example")).toEqual([
      { template: "access-decision", orgName: "ActDeny", kind: "denied", detail: "<b>Competitor</b>", url: `http://${world.host}:3000/`, expiresOn: null, linkExpiresInHours: null, locale: "en" },
    ]);
    expect(await mailsTo("b@two.example")).toEqual([]);
    expect(await requestRow(world.org.id, world.ids["b@two.example"]!)).toMatchObject({ status: "DENIED", decisionReason: "Not now" });
    expect((await auditOf(world.org.id, "access.request.deny")).map((e) => (e.diff as Record<string, { to: unknown }>).emailed!.to)).toEqual([true, false]);
  });

  it("the denial mail shows a reason with HTML as text, never as markup", async () => {
    const email = await renderEmail({
      template: "access-decision",
      props: { orgName: "Acme", kind: "denied", detail: "<a href=\"https://evil.example\">click</a>", url: "https://acme.trust.test/", expiresOn: null, linkExpiresInHours: null },
    });
    expect(email.subject).toBe("Your access request to Acme was declined");
    expect(email.html).not.toContain('<a href="https://evil.example"');
    expect(email.html).toContain("&lt;a href=");
    expect(email.text).toContain('Their reason: <a href="https://evil.example">click</a>');
  });

  it("a second decision on the same request is a conflict, and no second mail leaves", async () => {
    const world = await queueWorld("ActTwice", ["twice@globex.example"]);
    const requestId = world.ids["twice@globex.example"]!;
    await act(world.owner, accessActions.denyAccessRequestAction, [world.org.slug, requestId], { reason: "No", notify: "on" });
    const again = await act(world.owner, accessActions.approveAccessRequestAction, [world.org.slug, requestId], { scope: "all", days: "30" });
    expect(again).toMatchObject({ status: "error", code: "conflict" });
    expect((await mailsTo("twice@globex.example")).map((m) => m.kind)).toEqual(["denied"]);
  });

  it("bad input answers 422 with the field, never a 500, and changes nothing", async () => {
    const world = await queueWorld("ActBad", ["bad@globex.example"]);
    const requestId = world.ids["bad@globex.example"]!;
    const cases: [string, (...args: never[]) => Promise<ActionState>, unknown[], Record<string, string | string[]>][] = [
      ["days 6", accessActions.approveAccessRequestAction, [world.org.slug, requestId], { scope: "all", days: "6" }],
      ["days as words", accessActions.approveAccessRequestAction, [world.org.slug, requestId], { scope: "all", days: "ninety" }],
      ["an item that is not one", accessActions.approveAccessRequestAction, [world.org.slug, requestId], { scope: "chosen", items: ["<script>alert(1)</script>"] }],
      ["no reason", accessActions.denyAccessRequestAction, [world.org.slug, requestId], { reason: "   " }],
      ["a reason too long", accessActions.denyAccessRequestAction, [world.org.slug, requestId], { reason: "x".repeat(5_000) }],
      ["rules that are not JSON", accessActions.saveAccessRulesAction, [world.org.slug], { rules: "{", version: "1" }],
      ["51 rules", accessActions.saveAccessRulesAction, [world.org.slug], { rules: JSON.stringify(Array.from({ length: 51 }, () => ({ match: "ANY", decision: "REVIEW" }))), version: "1" }],
      ["a domain with HTML", accessActions.saveAccessRulesAction, [world.org.slug], { rules: JSON.stringify([{ match: "DOMAINS", domains: ["<b>x</b>.com"], decision: "APPROVE" }]), version: "1" }],
      ["an unknown NDA mode", accessActions.saveAccessSettingsAction, [world.org.slug], { ndaMode: "EVIL", ipRecording: "FULL", defaultGrantDays: "90", mailCapPerHour: "200", version: "1" }],
      ["an empty NDA", accessActions.publishNdaAction, [world.org.slug], { markdown: "  " }],
      ["an NDA over 100,000 characters", accessActions.publishNdaAction, [world.org.slug], { markdown: "a".repeat(100_001) }],
    ];
    const seen = [];
    for (const [label, action, args, fields] of cases) seen.push([label, (await act(world.owner, action, args, fields)).code ?? "validation"]);
    expect(seen).toEqual(cases.map(([label]) => [label, "validation"]));
    expect(await requestRow(world.org.id, requestId)).toMatchObject({ status: "PENDING" });
    expect(await mailsTo("bad@globex.example")).toEqual([]);
  });
});

describe("grants through the actions", () => {
  it("extend by 30 days, revoke only when confirmed; a stale version is a conflict", async () => {
    const world = await queueWorld("ActGrant", ["kept@globex.example"]);
    await act(world.owner, accessActions.approveAccessRequestAction, [world.org.slug, world.ids["kept@globex.example"]], { scope: "all", days: "30" });
    const [listed] = (await grantList({ ctx: world.reviewer, query: { state: "active", page: 1 } })).grants;
    const before = await grantRow(world.org.id, listed!.id);
    expect((await act(world.editor, accessActions.extendGrantAction, [world.org.slug, listed!.id], { days: "30", version: "1" })).status).toBe("success");
    expect((await grantRow(world.org.id, listed!.id)).expiresAt.getTime() - before.expiresAt.getTime()).toBe(30 * 86_400_000);
    expect(await act(world.editor, accessActions.revokeGrantAction, [world.org.slug, listed!.id], { version: "2" })).toMatchObject({ status: "error", code: "validation" });
    expect(await act(world.editor, accessActions.revokeGrantAction, [world.org.slug, listed!.id], { version: "1", confirm: "on" })).toMatchObject({ status: "error", code: "conflict" });
    // Done: back to the grant's page, which says so (its revoke form is gone).
    await expect(act(world.editor, accessActions.revokeGrantAction, [world.org.slug, listed!.id], { version: "2", confirm: "on" })).rejects.toThrow(`redirected to /dashboard/${world.org.slug}/access/grants/${listed!.id}?revoked=1`);
    const revoked = await grantList({ ctx: world.reviewer, query: { state: "revoked", page: 1 } });
    expect(revoked.grants.map((g) => [g.email, g.state])).toEqual([["kept@globex.example", "revoked"]]);
    expect((await grantDetail({ ctx: world.reviewer, id: listed!.id })).grant.revokedBy).toBe(world.editor.email);
  });
});

describe("who may manage", () => {
  it("an editor reviews but is refused settings, rules and NDA versions (403); an admin may", async () => {
    const world = await queueWorld("ActRoles", []);
    const settings = { ndaMode: "CLICK_THROUGH", ipRecording: "FULL", defaultGrantDays: "30", mailCapPerHour: "50", version: "1" };
    // accessWorld saved the (empty) rules once: the editor's form carries version 2.
    const rules = { rules: JSON.stringify([{ match: "DOMAINS", domains: ["customer.example"], decision: "APPROVE" }, { match: "DISPOSABLE", decision: "DENY" }]), version: "2" };
    expect(await act(world.editor, accessActions.saveAccessSettingsAction, [world.org.slug], settings)).toMatchObject({ code: "forbidden" });
    expect(await act(world.editor, accessActions.saveAccessRulesAction, [world.org.slug], rules)).toMatchObject({ code: "forbidden" });
    expect(await act(world.editor, accessActions.publishNdaAction, [world.org.slug], { markdown: "# NDA" })).toMatchObject({ code: "forbidden" });
    expect((await act(world.admin, accessActions.saveAccessSettingsAction, [world.org.slug], settings)).status).toBe("success");
    expect((await act(world.admin, accessActions.saveAccessRulesAction, [world.org.slug], rules)).status).toBe("success");
    expect((await act(world.admin, accessActions.publishNdaAction, [world.org.slug], { markdown: "# NDA\n\nKeep it secret.", requireReacceptance: "on" })).message).toBe(
      "Published NDA version 1. Existing grantees will be asked to accept it at their next visit.",
    );
    const saved = await withTenant({ orgId: world.org.id }, async (tx) => ({
      settings: await tx.accessSettings.findFirstOrThrow({ where: { orgId: world.org.id }, select: { ndaMode: true, ipRecording: true, defaultGrantDays: true, mailCapPerHour: true } }),
      rules: await tx.accessRule.findMany({ where: { orgId: world.org.id }, orderBy: { position: "asc" }, select: { position: true, match: true, domains: true, decision: true } }),
      nda: await tx.ndaVersion.findMany({ where: { orgId: world.org.id }, select: { number: true, sha256: true, requireReacceptance: true } }),
    }));
    expect(saved).toEqual({
      settings: { ndaMode: "CLICK_THROUGH", ipRecording: "FULL", defaultGrantDays: 30, mailCapPerHour: 50 },
      rules: [
        { position: 1, match: "DOMAINS", domains: ["customer.example"], decision: "APPROVE" },
        { position: 2, match: "DISPOSABLE", domains: [], decision: "DENY" },
      ],
      nda: [{ number: 1, sha256: sha256Hex("# NDA\n\nKeep it secret."), requireReacceptance: true }],
    });
  });
});

describe("the download log's CSV", () => {
  async function csvWorld() {
    const world = await accessWorld("CsvLog");
    const { token } = await submit(world.pub, "pat@prospect.example");
    const verified = await verifyAccessRequest({ ctx: world.pub, token });
    if (verified.status !== "APPROVED") throw new Error("not approved by the rule");
    const versionId = await withTenant({ orgId: world.org.id }, async (tx) => (await tx.documentVersion.findFirstOrThrow({ where: { orgId: world.org.id, documentId: world.docA } })).id);
    await recordDownload({ ctx: world.pub, grantId: verified.grantId, input: { documentId: world.docA, versionId, documentTitle: "=HYPERLINK(\"http://evil.example\")", watermarkId: "wm-1", sha256: sha256Hex("one") } });
    return { ...world, grantId: verified.grantId };
  }
  const get = async (person: Person | null, slug: string, search = "") => {
    const cookie = person ? `candor.session=${await sessionFor(person)}` : undefined;
    const outcome = await inRequestScope({ cookie }, () => downloadsCsv(new NextRequest(`http://localhost:3000/dashboard/${slug}/access/downloads.csv${search}`), { params: Promise.resolve({ slug }) }));
    if (!("returned" in outcome)) throw new Error("redirected");
    return outcome.returned;
  };

  it("gives a reviewer the filtered log, formulas defused; anonymous goes to sign-in, a viewer 403, another organisation's owner 404", async () => {
    const world = await csvWorld();
    const other = await accessWorld("CsvOther");
    const response = await get(world.editor, world.org.slug);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("no-store");
    const lines = (await response.text()).trim().split("\r\n");
    expect(lines[0]).toBe('"at","email","document","document_id","version_id","grant_id","ip","user_agent","watermark_id","sha256"');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`"pat@prospect.example","'=HYPERLINK(""http://evil.example"")"`);
    const filtered = await get(world.editor, world.org.slug, "?email=nobody%40prospect.example");
    expect((await filtered.text()).trim().split("\r\n")).toHaveLength(1);
    expect((await auditOf(world.org.id, "access.downloads.export")).length).toBe(2);

    const anonymous = await get(null, world.org.slug);
    expect([anonymous.status, anonymous.headers.get("location")]).toEqual([303, `http://localhost:3000/login?next=${encodeURIComponent(`/dashboard/${world.org.slug}/access/downloads`)}`]);
    expect((await get(world.viewer, world.org.slug)).status).toBe(403);
    const outsider = await get(other.owner, world.org.slug);
    expect(outsider.status).toBe(404);
    expect(await outsider.text()).not.toContain("pat@prospect.example");
  });

  it("asks for a recent verification first, as the audit export does", async () => {
    const world = await csvWorld();
    const token = await sessionFor(world.owner);
    await db.session.update({ where: { sessionToken: sha256Hex(token) }, data: { verifiedAt: new Date(Date.now() - 3_600_000) } });
    const outcome = await inRequestScope({ cookie: `candor.session=${token}` }, () =>
      downloadsCsv(new NextRequest(`http://localhost:3000/dashboard/${world.org.slug}/access/downloads.csv`), { params: Promise.resolve({ slug: world.org.slug }) }),
    );
    if (!("returned" in outcome)) throw new Error("redirected");
    expect(outcome.returned.status).toBe(303);
    expect(outcome.returned.headers.get("location")).toContain("/dashboard/verify");
  });
});
