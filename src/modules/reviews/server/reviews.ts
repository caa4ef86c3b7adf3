import "server-only";

import * as z from "zod";
import { recordAudit } from "@/modules/audit/server/audit";
import { reviewItemSchema, reviewSchema } from "@/modules/content/schema";
import { dayStart as day, isoDay } from "@/lib/calendar-day";
import type { Tx } from "@/server/db/client";
import { inTenant, nextPosition, reorder, versionedDelete, versionedUpdate } from "@/server/db/write";
import { AppError } from "@/server/errors";
import type { OrgContext } from "@/server/gate";
import { isTemplateKey, REVIEW_TEMPLATES } from "../templates";

/**
 * Dated security reviews: a checklist copied from a template (src/modules/reviews/templates.ts)
 * when the review is created, then answered row by row (result, evidence, finding and how it was
 * resolved). Every write runs in the tenant's scope, filters by { id, orgId }, and is audited in
 * its transaction. Any change to a review or to one of its rows bumps the review's version, so a
 * stale header form or delete is a conflict. Ids that are malformed or belong to another
 * organisation are simply not found.
 */

const idSchema = z.uuid();
const versionSchema = z.coerce.number({ error: "Missing version: reload the page." }).int().positive();
const directionSchema = z.enum(["up", "down"]);

export const STALE_CONFLICT = "Someone else changed this review while you were editing. Reload to see their version, then make your change again.";
const NO_REVIEW = "No such review.";
const NO_ITEM = "No such checklist row.";

/** The fields a reviewer answers on a row; area, reference and question stay as stored. */
const ASSESSMENT_FIELDS = ["result", "evidence", "finding", "resolution", "remediationUrl", "rationale"] as const;

function idOf(id: unknown, message: string) {
  const parsed = idSchema.safeParse(id);
  if (!parsed.success) throw new AppError("not_found", message);
  return parsed.data;
}

// --- reading ---------------------------------------------------------------------------------

export type ReviewResultKey = "PASS" | "PARTIAL" | "FAIL" | "NOT_APPLICABLE";
export type ResultCounts = Record<ReviewResultKey, number> & { unanswered: number; total: number };

const emptyCounts = (): ResultCounts => ({ PASS: 0, PARTIAL: 0, FAIL: 0, NOT_APPLICABLE: 0, unanswered: 0, total: 0 });

function addToCounts(counts: ResultCounts, result: ReviewResultKey | null, n = 1) {
  if (result) counts[result] += n;
  else counts.unanswered += n;
  counts.total += n;
}

/** The template's display name; a review imported with an unknown key shows the key. */
export function templateName(key: string) {
  return isTemplateKey(key) ? REVIEW_TEMPLATES[key].name : key;
}

type ReviewRow = { id: string; title: string; reviewedAt: Date; template: string; summary: string; visibility: "PUBLIC" | "NDA" | "PRIVATE"; version: number; createdAt: Date; updatedAt: Date };

const REVIEW_FIELDS = { id: true, title: true, reviewedAt: true, template: true, summary: true, visibility: true, version: true, createdAt: true, updatedAt: true } as const;
const ITEM_FIELDS = { id: true, reviewId: true, area: true, ref: true, question: true, result: true, evidence: true, finding: true, resolution: true, remediationUrl: true, rationale: true, position: true } as const;

const projectReview = (row: ReviewRow) => ({
  id: row.id,
  title: row.title,
  reviewedAt: isoDay(row.reviewedAt),
  template: row.template,
  templateName: templateName(row.template),
  summary: row.summary,
  visibility: row.visibility,
  version: row.version,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

/** The organisation's reviews, newest first, each with its rows counted by result. */
export async function listReviews({ ctx }: { ctx: OrgContext }) {
  return inTenant(
    ctx,
    async (tx) => {
      const reviews = await tx.securityReview.findMany({ where: { orgId: ctx.org.id }, orderBy: [{ reviewedAt: "desc" }, { createdAt: "desc" }], select: REVIEW_FIELDS });
      const grouped = await tx.reviewItem.groupBy({ by: ["reviewId", "result"], where: { orgId: ctx.org.id }, _count: { _all: true } });
      const counts = new Map<string, ResultCounts>();
      for (const group of grouped) {
        const entry = counts.get(group.reviewId) ?? emptyCounts();
        addToCounts(entry, group.result, group._count._all);
        counts.set(group.reviewId, entry);
      }
      return reviews.map((review) => ({ ...projectReview(review), counts: counts.get(review.id) ?? emptyCounts() }));
    },
    { readOnly: true },
  );
}

export type ReviewSummary = Awaited<ReturnType<typeof listReviews>>[number];

/** One review with its rows in order. Another organisation's review is not found. */
export async function getReview({ ctx, id }: { ctx: OrgContext; id: unknown }) {
  const reviewId = idOf(id, NO_REVIEW);
  const row = await inTenant(
    ctx,
    (tx) =>
      tx.securityReview.findFirst({
        where: { id: reviewId, orgId: ctx.org.id },
        select: { ...REVIEW_FIELDS, items: { where: { orgId: ctx.org.id }, orderBy: [{ position: "asc" }, { id: "asc" }], select: ITEM_FIELDS } },
      }),
    { readOnly: true },
  );
  if (!row) throw new AppError("not_found", NO_REVIEW);
  const counts = emptyCounts();
  for (const item of row.items) addToCounts(counts, item.result);
  return { ...projectReview(row), counts, items: row.items };
}

export type ReviewDetail = Awaited<ReturnType<typeof getReview>>;
export type ReviewItemRow = ReviewDetail["items"][number];

// --- helpers shared by the writes ------------------------------------------------------------

function auditView(review: { title: string; reviewedAt: Date | string; template: string; summary: string; visibility: string }) {
  const { title, template, summary, visibility } = review;
  return { title, reviewedAt: typeof review.reviewedAt === "string" ? review.reviewedAt : isoDay(review.reviewedAt), template, summary, visibility };
}

function assessmentView(item: { result: string | null; evidence: string; finding: string; resolution: string; remediationUrl: string | null; rationale: string }) {
  const { result, evidence, finding, resolution, remediationUrl, rationale } = item;
  return { result, evidence, finding, resolution, remediationUrl, rationale };
}

const itemView = (item: { reviewId: string; area: string; ref: string; question: string; position: number } & Parameters<typeof assessmentView>[0]) => ({
  reviewId: item.reviewId,
  area: item.area,
  ref: item.ref,
  question: item.question,
  position: item.position,
  ...assessmentView(item),
});

async function reviewFor(tx: Tx, ctx: OrgContext, reviewId: string) {
  const review = await tx.securityReview.findFirst({ where: { id: reviewId, orgId: ctx.org.id }, select: { id: true } });
  if (!review) throw new AppError("not_found", NO_REVIEW);
  return review;
}

async function itemFor(tx: Tx, ctx: OrgContext, itemId: string) {
  const item = await tx.reviewItem.findFirst({ where: { id: itemId, orgId: ctx.org.id }, select: ITEM_FIELDS });
  if (!item) throw new AppError("not_found", NO_ITEM);
  return item;
}

/** A change to a row is a change to its review: the header form and delete must see it. */
async function touchReview(tx: Tx, ctx: OrgContext, reviewId: string) {
  await tx.securityReview.updateMany({ where: { id: reviewId, orgId: ctx.org.id }, data: { version: { increment: 1 } } });
}

// --- reviews ---------------------------------------------------------------------------------

/** Creates a review and copies its template's rows, in the template's order. */
export async function createReview({ ctx, input }: { ctx: OrgContext; input: unknown }) {
  const data = reviewSchema.parse(input);
  if (!isTemplateKey(data.template)) {
    throw new AppError("validation", "Choose one of the checklists.", { fieldErrors: { template: ["Choose one of the checklists."] } });
  }
  const template = REVIEW_TEMPLATES[data.template];
  return inTenant(ctx, async (tx) => {
    const review = await tx.securityReview.create({
      data: { orgId: ctx.org.id, title: data.title, reviewedAt: day(data.reviewedAt), template: template.key, summary: data.summary, visibility: data.visibility },
      select: { id: true },
    });
    if (template.items.length > 0) {
      await tx.reviewItem.createMany({
        data: template.items.map((item, index) => ({ orgId: ctx.org.id, reviewId: review.id, area: item.area, ref: item.ref, question: item.question, position: index + 1 })),
      });
    }
    await recordAudit(tx, ctx, {
      action: "reviews.create",
      targetType: "review",
      targetId: review.id,
      after: { ...auditView({ ...data, template: template.key }), items: template.items.length },
    });
    return { id: review.id, version: 1 };
  });
}

/** Title, date, summary and visibility. The checklist a review started from does not change. */
export async function updateReview({ ctx, id, input }: { ctx: OrgContext; id: unknown; input: unknown }) {
  const reviewId = idOf(id, NO_REVIEW);
  const { version, ...raw } = z.object({ version: versionSchema }).passthrough().parse(input);
  const data = reviewSchema.parse(raw);
  return inTenant(ctx, async (tx) => {
    const changes = { title: data.title, reviewedAt: day(data.reviewedAt), summary: data.summary, visibility: data.visibility };
    const saved = await versionedUpdate({ model: tx.securityReview, key: { id: reviewId, orgId: ctx.org.id }, version, missing: NO_REVIEW, stale: STALE_CONFLICT }, changes);
    await recordAudit(tx, ctx, { action: "reviews.update", targetType: "review", targetId: reviewId, before: auditView(saved.before), after: auditView({ ...saved.before, ...changes }) });
    return { version: saved.version };
  });
}

/** Deletes a review and its rows; the audit log keeps the record. */
export async function deleteReview({ ctx, id, input }: { ctx: OrgContext; id: unknown; input: unknown }) {
  const reviewId = idOf(id, NO_REVIEW);
  const { version } = z.object({ version: versionSchema }).parse(input);
  await inTenant(ctx, async (tx) => {
    const items = await tx.reviewItem.count({ where: { orgId: ctx.org.id, reviewId } });
    const before = await versionedDelete({ model: tx.securityReview, key: { id: reviewId, orgId: ctx.org.id }, version, missing: NO_REVIEW, stale: STALE_CONFLICT });
    await recordAudit(tx, ctx, { action: "reviews.delete", targetType: "review", targetId: reviewId, before: { ...auditView(before), items } });
  });
}

// --- checklist rows --------------------------------------------------------------------------

/**
 * Answers one row: result, evidence, finding, resolution, remediation link and rationale. The
 * row's stored area, reference and question are validated with it (reviewItemSchema), so the
 * schema's rules apply: a remediated finding links to its fix, an accepted one has a rationale.
 */
export async function updateReviewItem({ ctx, itemId, input }: { ctx: OrgContext; itemId: unknown; input: unknown }) {
  const id = idOf(itemId, NO_ITEM);
  const raw = z.record(z.string(), z.unknown()).parse(input);
  const answers = Object.fromEntries(ASSESSMENT_FIELDS.map((field) => [field, raw[field]]));
  return inTenant(ctx, async (tx) => {
    const before = await itemFor(tx, ctx, id);
    const data = reviewItemSchema.parse({ area: before.area, ref: before.ref, question: before.question, ...answers });
    const changes = {
      result: data.result ?? null,
      evidence: data.evidence,
      finding: data.finding,
      resolution: data.resolution,
      remediationUrl: data.remediationUrl ?? null,
      rationale: data.rationale,
    };
    await tx.reviewItem.updateMany({ where: { id, orgId: ctx.org.id }, data: changes });
    await touchReview(tx, ctx, before.reviewId);
    await recordAudit(tx, ctx, {
      action: "reviews.item.update",
      targetType: "review-item",
      targetId: id,
      before: assessmentView(before),
      after: changes,
    });
    return { reviewId: before.reviewId };
  });
}

/** Adds a row of one's own at the end of the review (and so at the end of its area). */
export async function addReviewItem({ ctx, reviewId, input }: { ctx: OrgContext; reviewId: unknown; input: unknown }) {
  const id = idOf(reviewId, NO_REVIEW);
  const data = reviewItemSchema.parse(input);
  return inTenant(ctx, async (tx) => {
    const review = await reviewFor(tx, ctx, id);
    const position = await nextPosition(tx.reviewItem, { orgId: ctx.org.id, reviewId: review.id });
    const item = await tx.reviewItem.create({
      data: {
        orgId: ctx.org.id,
        reviewId: review.id,
        area: data.area,
        ref: data.ref,
        question: data.question,
        result: data.result ?? null,
        evidence: data.evidence,
        finding: data.finding,
        resolution: data.resolution,
        remediationUrl: data.remediationUrl ?? null,
        rationale: data.rationale,
        position,
      },
      select: ITEM_FIELDS,
    });
    await touchReview(tx, ctx, review.id);
    await recordAudit(tx, ctx, { action: "reviews.item.add", targetType: "review-item", targetId: item.id, after: itemView(item) });
    return { id: item.id, reviewId: review.id };
  });
}

export async function removeReviewItem({ ctx, itemId }: { ctx: OrgContext; itemId: unknown }) {
  const id = idOf(itemId, NO_ITEM);
  return inTenant(ctx, async (tx) => {
    const item = await itemFor(tx, ctx, id);
    await tx.reviewItem.deleteMany({ where: { id, orgId: ctx.org.id } });
    await touchReview(tx, ctx, item.reviewId);
    await recordAudit(tx, ctx, { action: "reviews.item.remove", targetType: "review-item", targetId: id, before: itemView(item) });
    return { reviewId: item.reviewId };
  });
}

/** Moves a row up or down within its area (swaps positions with its neighbour there). */
export async function moveReviewItem({ ctx, itemId, direction }: { ctx: OrgContext; itemId: unknown; direction: unknown }) {
  const id = idOf(itemId, NO_ITEM);
  const way = directionSchema.parse(direction);
  return inTenant(ctx, async (tx) => {
    const item = await itemFor(tx, ctx, id);
    const moved = await reorder({ model: tx.reviewItem, orgId: ctx.org.id, item, among: { reviewId: item.reviewId, area: item.area }, direction: way });
    if (!moved) return { reviewId: item.reviewId };
    await touchReview(tx, ctx, item.reviewId);
    await recordAudit(tx, ctx, {
      action: "reviews.item.reorder",
      targetType: "review-item",
      targetId: item.id,
      before: { position: moved.before },
      after: { position: moved.after },
    });
    return { reviewId: item.reviewId };
  });
}
