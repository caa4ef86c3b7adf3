import { describe, expect, it } from "vitest";
import * as z from "zod";
import { verifyAuditChain } from "@/modules/audit/server/queries";
import {
  addReviewItem,
  createReview,
  deleteReview,
  getReview,
  listReviews,
  moveReviewItem,
  removeReviewItem,
  updateReview,
  updateReviewItem,
} from "@/modules/reviews/server/reviews";
import { REVIEW_TEMPLATES } from "@/modules/reviews/templates";
import { withTenant } from "@/server/db/tenant";
import type { OrgContext } from "@/server/gate";
import { addMember, contextFor, createOrg } from "../support/factories";

const header = { title: "Quarterly review 2026-Q2", reviewedAt: "2026-04-30", summary: "Scope: the **whole** app.", visibility: "PUBLIC" };
const notFound = { code: "not_found" };
const conflict = { code: "conflict" };

const reviewAudit = (orgId: string) =>
  withTenant({ orgId }, (tx) => tx.auditEvent.findMany({ where: { orgId, action: { startsWith: "reviews." } }, orderBy: { seq: "asc" } }));
const allAudit = (orgId: string) => withTenant({ orgId }, (tx) => tx.auditEvent.count({ where: { orgId } }));
const itemCount = (orgId: string) => withTenant({ orgId }, (tx) => tx.reviewItem.count({ where: { orgId } }));

/** The zod issues a call failed with, as { path: message }. */
async function zodIssues(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(z.ZodError);
  return Object.fromEntries((error as z.ZodError).issues.map((issue) => [issue.path.join("."), issue.message]));
}

async function reviewFrom(ctx: OrgContext, template: string) {
  const { id } = await createReview({ ctx, input: { ...header, template } });
  return getReview({ ctx, id });
}

describe("creating a review", () => {
  it('copies every row of "asvs-5-l2", in order, unanswered', async () => {
    const { ctx } = await createOrg(undefined, "Asvs");
    const template = REVIEW_TEMPLATES["asvs-5-l2"];
    const review = await reviewFrom(ctx, "asvs-5-l2");

    // The checklist itself, stated here: 70 rows from 6.3.1 to 2.4.1.
    expect(review.items).toHaveLength(70);
    expect([review.items[0]!.ref, review.items.at(-1)!.ref]).toEqual(["6.3.1", "2.4.1"]);
    expect(review).toMatchObject({ title: header.title, reviewedAt: "2026-04-30", template: "asvs-5-l2", templateName: "OWASP ASVS 5.0 Level 2", summary: header.summary, visibility: "PUBLIC", version: 1 });
    expect(review.items.map(({ area, ref, question }) => ({ area, ref, question }))).toEqual(template.items.map(({ area, ref, question }) => ({ area, ref, question })));
    expect(review.items.map((i) => i.position)).toEqual(template.items.map((_, index) => index + 1));
    expect(review.items.every((i) => i.result === null && i.resolution === "NONE" && i.evidence === "" && i.remediationUrl === null)).toBe(true);
    expect(review.counts).toEqual({ PASS: 0, PARTIAL: 0, FAIL: 0, NOT_APPLICABLE: 0, unanswered: 70, total: 70 });
  });

  it('copies the ten API Top 10 rows; "custom" starts empty; an unknown checklist is refused and creates nothing', async () => {
    const { ctx, org } = await createOrg(undefined, "Templates");
    expect((await reviewFrom(ctx, "api-top10-2023")).items.map((i) => i.ref)).toEqual(["API1:2023", "API2:2023", "API3:2023", "API4:2023", "API5:2023", "API6:2023", "API7:2023", "API8:2023", "API9:2023", "API10:2023"]);
    expect((await reviewFrom(ctx, "custom")).items).toEqual([]);
    expect((await createReview({ ctx, input: { ...header, template: undefined } }).then((r) => getReview({ ctx, id: r.id }))).template).toBe("custom");

    const before = await listReviews({ ctx });
    await expect(createReview({ ctx, input: { ...header, template: "soc2-full" } })).rejects.toMatchObject({ code: "validation", details: { fieldErrors: { template: [expect.any(String)] } } });
    await expect(createReview({ ctx, input: { ...header, template: "__proto__" } })).rejects.toMatchObject({ code: "validation" });
    expect(await zodIssues(createReview({ ctx, input: { ...header, title: "", reviewedAt: "30/04/2026", template: "asvs-5-l2" } }))).toMatchObject({ title: expect.any(String), reviewedAt: expect.any(String) });
    expect(await listReviews({ ctx })).toEqual(before);
    expect(await itemCount(org.id)).toBe(10);
  });

  it("lists reviews newest first with their rows counted by result", async () => {
    const { ctx } = await createOrg(undefined, "Counts");
    const older = await createReview({ ctx, input: { ...header, title: "Older", reviewedAt: "2026-01-31", template: "api-top10-2023" } });
    await createReview({ ctx, input: { ...header, title: "Newer", reviewedAt: "2026-04-30", template: "custom", visibility: "PRIVATE" } });
    const { items } = await getReview({ ctx, id: older.id });
    const answers = ["PASS", "PASS", "PARTIAL", "FAIL", "NOT_APPLICABLE"];
    for (const [index, result] of answers.entries()) await updateReviewItem({ ctx, itemId: items[index]!.id, input: { result } });

    const list = await listReviews({ ctx });
    expect(list.map((r) => r.title)).toEqual(["Newer", "Older"]);
    expect(list[0]).toMatchObject({ visibility: "PRIVATE", templateName: "Custom", counts: { PASS: 0, PARTIAL: 0, FAIL: 0, NOT_APPLICABLE: 0, unanswered: 0, total: 0 } });
    expect(list[1]).toMatchObject({ reviewedAt: "2026-01-31", templateName: "OWASP API Security Top 10 (2023)", version: 1 + answers.length, counts: { PASS: 2, PARTIAL: 1, FAIL: 1, NOT_APPLICABLE: 1, unanswered: 5, total: 10 } });
  });
});

describe("answering rows", () => {
  it("saves result, evidence, finding, resolution, link and rationale, and bumps the review's version", async () => {
    const { ctx } = await createOrg(undefined, "Answers");
    const review = await reviewFrom(ctx, "api-top10-2023");
    const item = review.items[0]!;
    const answer = {
      result: "PARTIAL",
      evidence: "`src/server/gate.ts`, `tests/integration/gate.test.ts`",
      finding: "One route checked the slug only.",
      resolution: "REMEDIATED",
      remediationUrl: "https://git.example.com/candor/commit/abc123",
      rationale: "",
      // Not the row's to change here: ignored.
      area: "Defaced",
      question: "Pwned?",
      orgId: "00000000-0000-0000-0000-000000000000",
      reviewId: "00000000-0000-0000-0000-000000000000",
    };
    expect(await updateReviewItem({ ctx, itemId: item.id, input: answer })).toEqual({ reviewId: review.id });

    const after = await getReview({ ctx, id: review.id });
    expect(after.version).toBe(2);
    expect(after.items[0]).toMatchObject({ id: item.id, area: item.area, ref: item.ref, question: item.question, result: "PARTIAL", evidence: answer.evidence, finding: answer.finding, resolution: "REMEDIATED", remediationUrl: answer.remediationUrl });
    expect(after.counts).toMatchObject({ PARTIAL: 1, unanswered: 9 });

    // Clearing the result (the form's "Unanswered") stores null.
    await updateReviewItem({ ctx, itemId: item.id, input: { result: "", resolution: "NONE", remediationUrl: "" } });
    expect((await getReview({ ctx, id: review.id })).items[0]).toMatchObject({ result: null, resolution: "NONE", remediationUrl: null, evidence: "" });
  });

  it("refuses a remediated finding without a link and an accepted one without a rationale, changing nothing", async () => {
    const { ctx, org } = await createOrg(undefined, "Rules");
    const review = await reviewFrom(ctx, "api-top10-2023");
    const itemId = review.items[3]!.id;
    const auditBefore = await allAudit(org.id);

    expect(await zodIssues(updateReviewItem({ ctx, itemId, input: { result: "FAIL", finding: "No limit.", resolution: "REMEDIATED", remediationUrl: "" } }))).toEqual({
      remediationUrl: "A remediated finding links to its fix.",
    });
    expect(await zodIssues(updateReviewItem({ ctx, itemId, input: { result: "PARTIAL", finding: "No limit.", resolution: "ACCEPTED", rationale: "  \n " } }))).toEqual({
      rationale: "Accepting a residual risk needs the rationale.",
    });
    expect(await zodIssues(updateReviewItem({ ctx, itemId, input: { resolution: "REMEDIATED", remediationUrl: "javascript:alert(1)" } }))).toHaveProperty("remediationUrl");
    expect(await zodIssues(updateReviewItem({ ctx, itemId, input: { result: "MAYBE" } }))).toHaveProperty("result");
    // The same rules hold for a row of one's own.
    expect(await zodIssues(addReviewItem({ ctx, reviewId: review.id, input: { area: "Extra", question: "Q?", resolution: "ACCEPTED" } }))).toHaveProperty("rationale");

    expect(await getReview({ ctx, id: review.id })).toEqual(review);
    expect(await allAudit(org.id)).toBe(auditBefore);

    // With the link and the rationale they are accepted.
    await updateReviewItem({ ctx, itemId, input: { result: "FAIL", resolution: "REMEDIATED", remediationUrl: "https://example.com/pr/42" } });
    await updateReviewItem({ ctx, itemId: review.items[4]!.id, input: { result: "PARTIAL", resolution: "ACCEPTED", rationale: "Only owners reach it; rate limited upstream." } });
    expect((await getReview({ ctx, id: review.id })).items.slice(3, 5).map((i) => i.resolution)).toEqual(["REMEDIATED", "ACCEPTED"]);
  });

  it("adds custom rows at the end, moves rows within their area, and removes rows", async () => {
    const { ctx } = await createOrg(undefined, "Rows");
    const { id } = await createReview({ ctx, input: { ...header, template: "custom" } });
    const add = (area: string, ref: string) => addReviewItem({ ctx, reviewId: id, input: { area, ref, question: `Question ${ref}?` } });
    const a1 = await add("Auth", "A-1");
    const b1 = await add("Storage", "S-1");
    const a2 = await add("Auth", "A-2");
    const refs = async () => (await getReview({ ctx, id })).items.map((i) => i.ref);
    expect(await refs()).toEqual(["A-1", "S-1", "A-2"]);
    expect(await zodIssues(addReviewItem({ ctx, reviewId: id, input: { area: "", question: "" } }))).toMatchObject({ area: expect.any(String), question: expect.any(String) });

    // A-2 moves up past S-1 (another area) to swap with A-1.
    await moveReviewItem({ ctx, itemId: a2.id, direction: "up" });
    expect(await refs()).toEqual(["A-2", "S-1", "A-1"]);
    const version = (await getReview({ ctx, id })).version;
    // At the edge of its area, nothing moves and nothing is recorded.
    await moveReviewItem({ ctx, itemId: a2.id, direction: "up" });
    await moveReviewItem({ ctx, itemId: b1.id, direction: "down" });
    expect(await refs()).toEqual(["A-2", "S-1", "A-1"]);
    expect((await getReview({ ctx, id })).version).toBe(version);

    await removeReviewItem({ ctx, itemId: a1.id });
    expect(await refs()).toEqual(["A-2", "S-1"]);
    await expect(removeReviewItem({ ctx, itemId: a1.id })).rejects.toMatchObject(notFound);
    expect((await getReview({ ctx, id })).version).toBe(version + 1);
  });
});

describe("optimistic concurrency", () => {
  it("a stale version is a conflict for update and delete, including after a row was answered", async () => {
    const { ctx } = await createOrg(undefined, "Stale");
    const editor = contextFor(await addMember(ctx.org.id, "EDITOR"), ctx.org, "EDITOR");
    const review = await reviewFrom(ctx, "api-top10-2023");

    expect(await updateReview({ ctx, id: review.id, input: { ...header, title: "Mine", version: 1 } })).toEqual({ version: 2 });
    await expect(updateReview({ ctx: editor, id: review.id, input: { ...header, title: "Theirs", version: 1 } })).rejects.toMatchObject(conflict);
    await expect(deleteReview({ ctx: editor, id: review.id, input: { version: 1 } })).rejects.toMatchObject(conflict);

    // Answering a row is a change to the review: a header form loaded before it is stale.
    await updateReviewItem({ ctx: editor, itemId: review.items[0]!.id, input: { result: "PASS" } });
    await expect(updateReview({ ctx, id: review.id, input: { ...header, title: "Mine again", version: 2 } })).rejects.toMatchObject(conflict);
    expect(await getReview({ ctx, id: review.id })).toMatchObject({ title: "Mine", version: 3 });

    await expect(updateReview({ ctx, id: review.id, input: { ...header } })).rejects.toBeInstanceOf(z.ZodError);
    await deleteReview({ ctx, id: review.id, input: { version: 3 } });
    await expect(getReview({ ctx, id: review.id })).rejects.toMatchObject(notFound);
    expect(await itemCount(ctx.org.id)).toBe(0);
  });

  it("ignores a template in an update: the checklist a review started from does not change", async () => {
    const { ctx } = await createOrg(undefined, "Fixed");
    const review = await reviewFrom(ctx, "api-top10-2023");
    await updateReview({ ctx, id: review.id, input: { ...header, template: "custom", version: 1 } });
    expect(await getReview({ ctx, id: review.id })).toMatchObject({ template: "api-top10-2023", items: expect.arrayContaining([expect.objectContaining({ ref: "API1:2023" })]) });
  });
});

describe("tenancy", () => {
  it("another organisation gets not found for every function given this organisation's ids, and changes nothing", async () => {
    const a = await createOrg(undefined, "Alpha");
    const b = await createOrg(undefined, "Beta");
    const review = await reviewFrom(a.ctx, "api-top10-2023");
    const itemId = review.items[1]!.id;
    const auditA = await allAudit(a.org.id);
    const auditB = await allAudit(b.org.id);

    await expect(getReview({ ctx: b.ctx, id: review.id })).rejects.toMatchObject(notFound);
    await expect(updateReview({ ctx: b.ctx, id: review.id, input: { ...header, title: "Defaced", version: 1 } })).rejects.toMatchObject(notFound);
    await expect(deleteReview({ ctx: b.ctx, id: review.id, input: { version: 1 } })).rejects.toMatchObject(notFound);
    await expect(updateReviewItem({ ctx: b.ctx, itemId, input: { result: "PASS", evidence: "pwned" } })).rejects.toMatchObject(notFound);
    await expect(addReviewItem({ ctx: b.ctx, reviewId: review.id, input: { area: "Injected", question: "Pwned?" } })).rejects.toMatchObject(notFound);
    await expect(removeReviewItem({ ctx: b.ctx, itemId })).rejects.toMatchObject(notFound);
    await expect(moveReviewItem({ ctx: b.ctx, itemId, direction: "up" })).rejects.toMatchObject(notFound);
    await expect(moveReviewItem({ ctx: b.ctx, itemId, direction: "down" })).rejects.toMatchObject(notFound);
    expect(await listReviews({ ctx: b.ctx })).toEqual([]);

    // Malformed ids are simply not found, for the owner too.
    for (const bad of ["../../etc/passwd", "1; DROP TABLE", "", null]) {
      await expect(getReview({ ctx: a.ctx, id: bad })).rejects.toMatchObject(notFound);
      await expect(removeReviewItem({ ctx: a.ctx, itemId: bad })).rejects.toMatchObject(notFound);
    }

    expect(await getReview({ ctx: a.ctx, id: review.id })).toEqual(review);
    expect(await itemCount(a.org.id)).toBe(10);
    expect(await itemCount(b.org.id)).toBe(0);
    expect(await allAudit(a.org.id)).toBe(auditA);
    expect(await allAudit(b.org.id)).toBe(auditB);
  });
});

describe("the audit trail", () => {
  it("records every change with its action, target and diff, in a chain that verifies", async () => {
    const { ctx, org, owner } = await createOrg(undefined, "Audited");
    const { id } = await createReview({ ctx, input: { ...header, template: "asvs-5-l2" } });
    const review = await getReview({ ctx, id });
    const rows = review.items.length;
    // The first two rows share an area, so the second can move up.
    const [first, second] = review.items;
    expect(second!.area).toBe(first!.area);
    await updateReview({ ctx, id, input: { ...header, title: "Renamed", version: 1 } });
    await updateReviewItem({ ctx, itemId: first!.id, input: { result: "PARTIAL", finding: "Gap", resolution: "ACCEPTED", rationale: "Low impact." } });
    const custom = await addReviewItem({ ctx, reviewId: id, input: { area: "Extra", ref: "X-1", question: "Is it extra?" } });
    await moveReviewItem({ ctx, itemId: second!.id, direction: "up" });
    await removeReviewItem({ ctx, itemId: custom.id });
    const { version } = await getReview({ ctx, id });
    await deleteReview({ ctx, id, input: { version } });

    const trail = await reviewAudit(org.id);
    expect(trail.map((e) => [e.action, e.targetType, e.targetId])).toEqual([
      ["reviews.create", "review", id],
      ["reviews.update", "review", id],
      ["reviews.item.update", "review-item", first!.id],
      ["reviews.item.add", "review-item", custom.id],
      ["reviews.item.reorder", "review-item", second!.id],
      ["reviews.item.remove", "review-item", custom.id],
      ["reviews.delete", "review", id],
    ]);
    for (const event of trail) expect(event).toMatchObject({ actorId: owner.id, actorEmail: owner.email, ipAddress: "203.0.113.7", userAgent: "vitest" });
    const diff = (action: string) => trail.find((e) => e.action === action)!.diff;
    expect(diff("reviews.create")).toMatchObject({ title: { from: null, to: header.title }, template: { from: null, to: "asvs-5-l2" }, items: { from: null, to: rows } });
    expect(diff("reviews.update")).toEqual({ title: { from: header.title, to: "Renamed" } });
    expect(diff("reviews.item.update")).toEqual({
      result: { from: null, to: "PARTIAL" },
      finding: { from: "", to: "Gap" },
      resolution: { from: "NONE", to: "ACCEPTED" },
      rationale: { from: "", to: "Low impact." },
    });
    expect(diff("reviews.item.add")).toMatchObject({ reviewId: { from: null, to: id }, area: { from: null, to: "Extra" }, ref: { from: null, to: "X-1" } });
    expect(diff("reviews.item.reorder")).toEqual({ position: { from: 2, to: 1 } });
    expect(diff("reviews.item.remove")).toMatchObject({ reviewId: { from: id, to: null }, question: { from: "Is it extra?", to: null } });
    expect(diff("reviews.delete")).toMatchObject({ title: { from: "Renamed", to: null }, items: { from: rows, to: null } });

    expect(await verifyAuditChain({ ctx })).toMatchObject({ ok: true });
  });
});
