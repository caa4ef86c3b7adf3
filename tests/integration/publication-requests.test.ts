import { describe, expect, it } from "vitest";
import { createItem } from "@/modules/content/server/crud";
import { renderEmail } from "@/modules/email/server/render";
import { updateOrganizationSettings } from "@/modules/organizations/server/organizations";
import { previewPublication, publish } from "@/modules/publishing/server/publish";
import { approveRequest, listRequests, rejectRequest, requestPublication, withdrawRequest } from "@/modules/publishing/server/requests";
import { trustPage } from "@/modules/publishing/server/surfaces";
import type { Action } from "@/modules/permissions/permissions";
import { open } from "@/server/crypto";
import { db } from "@/server/db/client";
import { withTenant } from "@/server/db/tenant";
import { env } from "@/server/env";
import { authorize } from "@/server/gate";
import { OUTBOX_SEAL_PURPOSE } from "@/modules/email/templates";
import type { CurrentUser } from "@/modules/auth/server/sessions";
import { actorFor, addMember, createOrg } from "../support/factories";

/** An organisation with a published first version and one member of each role, all through the gate. */
async function team() {
  const { org, owner } = await createOrg(undefined, "Req");
  const people = { owner, admin: await addMember(org.id, "ADMIN"), editor: await addMember(org.id, "EDITOR"), viewer: await addMember(org.id, "VIEWER") };
  const as = (user: CurrentUser, action: Action) => authorize({ actor: actorFor(user), slug: org.slug, action });
  await createItem({ ctx: await as(owner, "controls.write"), kind: "faqs", input: { question: "Live question?", answer: "Yes." } });
  await publish({ ctx: await as(owner, "publish") });
  return { org, ...people, as };
}

const seqs = (orgId: string) => withTenant({ orgId }, (tx) => tx.publication.findMany({ orderBy: { seq: "asc" }, select: { seq: true, kind: true } }));
const request = (orgId: string, id: string) => withTenant({ orgId }, (tx) => tx.publicationRequest.findFirstOrThrow({ where: { id } }));
const auditActions = async (orgId: string) =>
  (await withTenant({ orgId }, (tx) => tx.auditEvent.findMany({ where: { orgId }, orderBy: { seq: "asc" }, select: { action: true, targetId: true, actorEmail: true } }))).filter(
    (e) => e.action.startsWith("publish"),
  );
async function mails(to: string) {
  const rows = await db.outboxMessage.findMany({ where: { recipient: to, template: "publication-request" }, orderBy: { createdAt: "asc" } });
  return rows.map(
    (row) => (JSON.parse(open(row.payload!, env().AUTH_SECRET, OUTBOX_SEAL_PURPOSE)) as { props: { kind: string; actorEmail: string; detail: string; seq: number | null } }).props,
  );
}
const get = (url: string) => new Request(`http://localhost:3000${url}`);

describe("who may publish", () => {
  it("an editor may not publish or take offline, but may request; a viewer may do neither", async () => {
    const { editor, viewer, as } = await team();
    await expect(as(editor, "publish")).rejects.toMatchObject({ code: "forbidden" });
    await expect(as(editor, "publish.request")).resolves.toMatchObject({ role: "EDITOR" });
    await expect(as(viewer, "publish")).rejects.toMatchObject({ code: "forbidden" });
    await expect(as(viewer, "publish.request")).rejects.toMatchObject({ code: "forbidden" });
  });

  it("editor requests, owner approves: published, audited in order, everyone told", async () => {
    const { org, owner, admin, editor, viewer, as } = await team();
    await createItem({ ctx: await as(editor, "controls.write"), kind: "faqs", input: { question: "Requested question?", answer: "Soon." } });
    const asked = await requestPublication({ ctx: await as(editor, "publish.request"), input: { note: "  New FAQ for the sales team.  " } });
    expect(asked.notified).toBe(2);
    // Nothing public yet.
    expect(await (await trustPage(get(`/t/${org.slug}`), org.slug)).text()).not.toContain("Requested question?");
    expect(await request(org.id, asked.id)).toMatchObject({ status: "PENDING", note: "New FAQ for the sales team.", requestedById: editor.id, decidedAt: null });
    // Owners and admins hear of it; the requester and viewers do not.
    expect(await mails(owner.email)).toEqual([
      {
        orgName: "Req",
        kind: "requested",
        actorEmail: editor.email,
        detail: "New FAQ for the sales team.",
        seq: null,
        url: expect.stringContaining(`/dashboard/${org.slug}/publish`),
      },
    ]);
    expect(await mails(admin.email)).toHaveLength(1);
    expect(await mails(editor.email)).toEqual([]);
    // Asking again for the same draft is refused, and nobody is emailed twice.
    await expect(requestPublication({ ctx: await as(editor, "publish.request"), input: {} })).rejects.toMatchObject({ code: "conflict", message: "This draft is already waiting for approval." });
    expect(await mails(admin.email)).toHaveLength(1);
    expect(await request(org.id, asked.id)).toMatchObject({ status: "PENDING" });
    expect(await mails(viewer.email)).toEqual([]);

    const published = await approveRequest({ ctx: await as(owner, "publish"), input: { requestId: asked.id } });
    expect(published).toMatchObject({ unchanged: false, seq: 2 });
    expect(await (await trustPage(get(`/t/${org.slug}`), org.slug)).text()).toContain("Requested question?");
    expect(await request(org.id, asked.id)).toMatchObject({ status: "APPROVED", decidedById: owner.id, publicationSeq: 2 });
    expect(await auditActions(org.id)).toEqual([
      { action: "publish", targetId: "1", actorEmail: owner.email },
      { action: "publish.request", targetId: asked.id, actorEmail: editor.email },
      { action: "publish", targetId: "2", actorEmail: owner.email },
      { action: "publish.request.approve", targetId: asked.id, actorEmail: owner.email },
    ]);
    expect(await mails(editor.email)).toEqual([expect.objectContaining({ kind: "approved", actorEmail: owner.email, seq: 2 })]);
    // Decided once: approving or rejecting again is a conflict, and nothing more is published.
    await expect(approveRequest({ ctx: await as(admin, "publish"), input: { requestId: asked.id } })).rejects.toMatchObject({ code: "conflict" });
    await expect(rejectRequest({ ctx: await as(admin, "publish"), input: { requestId: asked.id, reason: "Too late" } })).rejects.toMatchObject({ code: "conflict" });
    expect((await seqs(org.id)).length).toBe(2);
  });

  it("a request whose draft changed since is not approved: the approver sees what changed, and a new request replaces it", async () => {
    const { org, owner, editor, as } = await team();
    const write = await as(editor, "controls.write");
    await createItem({ ctx: write, kind: "faqs", input: { question: "Asked for?", answer: "Yes." } });
    const first = await requestPublication({ ctx: await as(editor, "publish.request"), input: {} });
    await createItem({ ctx: write, kind: "faqs", input: { question: "Slipped in afterwards?", answer: "Sneaky." } });

    const ownerCtx = await as(owner, "publish");
    const preview = await previewPublication({ ctx: ownerCtx });
    const listed = await listRequests({ ctx: ownerCtx, draft: preview });
    expect(listed.pending).toMatchObject({ id: first.id, stale: true, changes: ["FAQ added: Asked for?"], changedSince: ["FAQ added: Slipped in afterwards?"] });
    // The publish page's review of each (issue 15): what was asked for, and what changed since, grouped and counted.
    const titles = (review: NonNullable<typeof listed.pending>["review"] | null | undefined) => review?.sections.map((s) => [s.label, s.added.map((e) => e.title), s.removed.length, s.changed.length]);
    expect(listed.pending?.review.counts).toEqual({ added: 1, removed: 0, changed: 0 });
    expect(titles(listed.pending?.review)).toEqual([["FAQs", ["Asked for?"], 0, 0]]);
    expect(titles(listed.pending?.changedSinceReview)).toEqual([["FAQs", ["Slipped in afterwards?"], 0, 0]]);
    expect(preview.review.counts).toEqual({ added: 2, removed: 0, changed: 0 });
    await expect(approveRequest({ ctx: ownerCtx, input: { requestId: first.id } })).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringContaining("changed since this request"),
    });
    expect((await seqs(org.id)).length).toBe(1);
    expect(await request(org.id, first.id)).toMatchObject({ status: "PENDING" });

    const second = await requestPublication({ ctx: await as(editor, "publish.request"), input: {} });
    expect(await request(org.id, first.id)).toMatchObject({ status: "SUPERSEDED", decidedById: editor.id });
    await approveRequest({ ctx: ownerCtx, input: { requestId: second.id } });
    const page = await (await trustPage(get(`/t/${org.slug}`), org.slug)).text();
    expect(page).toContain("Slipped in afterwards?");
    expect((await auditActions(org.id)).map((e) => e.action)).toEqual([
      "publish",
      "publish.request",
      "publish.request.supersede",
      "publish.request",
      "publish",
      "publish.request.approve",
    ]);
  });

  it("under four-eyes, nobody publishes directly and nobody approves their own request", async () => {
    const { org, owner, admin, as } = await team();
    const settings = await withTenant({ orgId: org.id }, (tx) => tx.organization.findUniqueOrThrow({ where: { id: org.id }, select: { version: true } }));
    await updateOrganizationSettings({
      ctx: await as(owner, "org.settings.update"),
      input: { name: "Req", requirePublishApproval: "on", version: settings.version },
      logo: { kind: "keep" },
    });
    await createItem({ ctx: await as(owner, "controls.write"), kind: "faqs", input: { question: "Four eyes?", answer: "Yes." } });

    await expect(publish({ ctx: await as(owner, "publish") })).rejects.toMatchObject({ code: "forbidden", message: expect.stringContaining("second person") });
    const asked = await requestPublication({ ctx: await as(owner, "publish.request"), input: { note: "Mine" } });
    await expect(approveRequest({ ctx: await as(owner, "publish"), input: { requestId: asked.id } })).rejects.toMatchObject({ code: "forbidden" });
    expect((await seqs(org.id)).length).toBe(1);
    expect(await request(org.id, asked.id)).toMatchObject({ status: "PENDING" });

    await approveRequest({ ctx: await as(admin, "publish"), input: { requestId: asked.id } });
    expect(await request(org.id, asked.id)).toMatchObject({ status: "APPROVED", decidedById: admin.id, requestedById: owner.id });
    expect(await mails(owner.email)).toEqual([expect.objectContaining({ kind: "approved", actorEmail: admin.email, seq: 2 })]);
  });

  it("without four-eyes, an owner or admin publishes directly, and that supersedes a pending request", async () => {
    const { org, owner, editor, as } = await team();
    await createItem({ ctx: await as(editor, "controls.write"), kind: "faqs", input: { question: "Direct?", answer: "Yes." } });
    const asked = await requestPublication({ ctx: await as(editor, "publish.request"), input: {} });
    expect(await publish({ ctx: await as(owner, "publish") })).toMatchObject({ unchanged: false, seq: 2 });
    expect(await request(org.id, asked.id)).toMatchObject({ status: "SUPERSEDED", decidedById: owner.id });
    expect(await mails(editor.email)).toEqual([expect.objectContaining({ kind: "superseded", actorEmail: owner.email })]);
  });

  it("rejecting needs a reason, which the requester is told; withdrawing is the requester's alone", async () => {
    const { org, owner, editor, as } = await team();
    const other = await addMember(org.id, "EDITOR");
    await createItem({ ctx: await as(editor, "controls.write"), kind: "faqs", input: { question: "Rejected?", answer: "Probably." } });
    const asked = await requestPublication({ ctx: await as(editor, "publish.request"), input: {} });
    await expect(rejectRequest({ ctx: await as(owner, "publish"), input: { requestId: asked.id, reason: "   " } })).rejects.toMatchObject({ name: "ZodError" });
    await expect(withdrawRequest({ ctx: await as(other, "publish.request"), input: { requestId: asked.id } })).rejects.toMatchObject({ code: "forbidden" });
    await rejectRequest({ ctx: await as(owner, "publish"), input: { requestId: asked.id, reason: "The answer is <b>vague</b>." } });
    expect(await request(org.id, asked.id)).toMatchObject({ status: "REJECTED", reason: "The answer is <b>vague</b>.", decidedById: owner.id });
    expect(await mails(editor.email)).toEqual([expect.objectContaining({ kind: "rejected", detail: "The answer is <b>vague</b>." })]);
    expect((await seqs(org.id)).length).toBe(1);

    const again = await requestPublication({ ctx: await as(editor, "publish.request"), input: {} });
    await withdrawRequest({ ctx: await as(editor, "publish.request"), input: { requestId: again.id } });
    expect(await request(org.id, again.id)).toMatchObject({ status: "WITHDRAWN", decidedById: editor.id });
    expect((await auditActions(org.id)).map((e) => e.action).slice(-3)).toEqual(["publish.request.reject", "publish.request", "publish.request.withdraw"]);
    expect(await mails(editor.email)).toHaveLength(1);
  });

  it("another tenant's request id is not found, whoever asks, and changes nothing", async () => {
    const a = await team();
    const b = await team();
    await createItem({ ctx: await a.as(a.editor, "controls.write"), kind: "faqs", input: { question: "A's secret?", answer: "Yes." } });
    const asked = await requestPublication({ ctx: await a.as(a.editor, "publish.request"), input: {} });
    const bOwner = await b.as(b.owner, "publish");
    await expect(approveRequest({ ctx: bOwner, input: { requestId: asked.id } })).rejects.toMatchObject({ code: "not_found" });
    await expect(rejectRequest({ ctx: bOwner, input: { requestId: asked.id, reason: "No" } })).rejects.toMatchObject({ code: "not_found" });
    await expect(withdrawRequest({ ctx: await b.as(b.editor, "publish.request"), input: { requestId: asked.id } })).rejects.toMatchObject({ code: "not_found" });
    // Not even through the database: B's scope does not see A's request.
    expect(await withTenant({ orgId: b.org.id }, (tx) => tx.publicationRequest.count({ where: { id: asked.id } }))).toBe(0);
    expect(await request(a.org.id, asked.id)).toMatchObject({ status: "PENDING", decidedById: null });
    expect((await seqs(b.org.id)).length).toBe(1);
    // A malformed id is a field error, not a server error.
    await expect(approveRequest({ ctx: bOwner, input: { requestId: "../../etc" } })).rejects.toMatchObject({ name: "ZodError" });
  });

  it("nothing to request when the draft is what is live; an oversized or control-character note is refused", async () => {
    const { org, editor, as } = await team();
    const ctx = await as(editor, "publish.request");
    await expect(requestPublication({ ctx, input: {} })).rejects.toMatchObject({ code: "conflict", message: expect.stringContaining("Nothing to publish") });
    await createItem({ ctx: await as(editor, "controls.write"), kind: "faqs", input: { question: "Note?", answer: "Yes." } });
    await expect(requestPublication({ ctx, input: { note: "x".repeat(1001) } })).rejects.toMatchObject({ name: "ZodError" });
    await expect(requestPublication({ ctx, input: { note: "bell\u0007" } })).rejects.toMatchObject({ name: "ZodError" });
    expect(await withTenant({ orgId: org.id }, (tx) => tx.publicationRequest.count())).toBe(0);
  });

  it("the database holds one pending request per organisation, and the application cannot delete requests", async () => {
    const { org, editor, as } = await team();
    await createItem({ ctx: await as(editor, "controls.write"), kind: "faqs", input: { question: "One?", answer: "Yes." } });
    const asked = await requestPublication({ ctx: await as(editor, "publish.request"), input: {} });
    const row = await request(org.id, asked.id);
    await expect(
      withTenant({ orgId: org.id }, (tx) => tx.publicationRequest.create({ data: { orgId: org.id, viewCanonical: row.viewCanonical, viewHash: row.viewHash } })),
    ).rejects.toThrow(/PublicationRequest_one_pending_key|Unique constraint/);
    await expect(withTenant({ orgId: org.id }, (tx) => tx.publicationRequest.deleteMany({ where: { orgId: org.id } }))).rejects.toThrow(/permission denied/);
  });

  it("a note with HTML is emailed as text, never as markup", async () => {
    const { owner, editor, as } = await team();
    await createItem({ ctx: await as(editor, "controls.write"), kind: "faqs", input: { question: "Markup?", answer: "No." } });
    await requestPublication({ ctx: await as(editor, "publish.request"), input: { note: '<script>alert(1)</script><img src=x onerror="alert(2)">' } });
    const [props] = await mails(owner.email);
    const email = await renderEmail({ template: "publication-request", props: props as never });
    expect(email.html).not.toContain("<script>alert(1)");
    expect(email.html).not.toContain("<img src=x");
    expect(email.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(email.subject).toBe("Publication requested for Req");
  });

  it("right after publishing, the publish page shows no change (no phantom changes)", async () => {
    const { owner, as } = await team();
    const ctx = await as(owner, "publish");
    expect(await previewPublication({ ctx })).toMatchObject({ unchanged: true, changes: ["No visible change."] });
  });
});
