"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { moveOf, runAction, type ActionState } from "@/server/actions";
import { typedValues } from "@/server/action-state";
import { gate } from "@/server/gate";
import { addReviewItem, createReview, deleteReview, moveReviewItem, removeReviewItem, updateReview, updateReviewItem } from "./server/reviews";

/** A form's state; on an error it carries back what was typed, so the reset form keeps it. */
export type ReviewFormState = ActionState & { version?: number; values?: Record<string, string> };

const REVIEW_FIELDS = ["title", "reviewedAt", "template", "summary", "visibility"] as const;
const HEADER_FIELDS = ["title", "reviewedAt", "summary", "visibility", "version"] as const;
const ITEM_FIELDS = ["result", "evidence", "finding", "resolution", "remediationUrl", "rationale"] as const;
const NEW_ITEM_FIELDS = ["area", "ref", "question"] as const;

const values = (form: FormData, fields: readonly string[]) => Object.fromEntries(fields.map((f) => [f, form.get(f) ?? undefined]));
const reviewsPath = (slug: string) => `/dashboard/${slug}/reviews`;
const write = (slug: string) => gate({ slug, action: "controls.write" });

export async function createReviewAction(slug: string, _previous: ReviewFormState, form: FormData): Promise<ReviewFormState> {
  let createdId: string | null = null;
  const state = await runAction(async () => {
    createdId = (await createReview({ ctx: await write(slug), input: values(form, REVIEW_FIELDS) })).id;
    revalidatePath(reviewsPath(slug), "layout");
    return { status: "success", message: "Created." };
  });
  if (createdId) redirect(`${reviewsPath(slug)}/${createdId}?created=1`);
  return { ...state, values: typedValues(form, REVIEW_FIELDS) };
}

export async function updateReviewAction(slug: string, id: string, previous: ReviewFormState, form: FormData): Promise<ReviewFormState> {
  let version = previous.version;
  const state = await runAction(async () => {
    version = (await updateReview({ ctx: await write(slug), id, input: values(form, HEADER_FIELDS) })).version;
    revalidatePath(reviewsPath(slug), "layout");
    return { status: "success", message: "Saved." };
  });
  return { ...state, version, values: state.status === "error" ? typedValues(form, HEADER_FIELDS) : undefined };
}

export async function deleteReviewAction(slug: string, id: string, _previous: ActionState, form: FormData): Promise<ActionState> {
  const state = await runAction(async () => {
    await deleteReview({ ctx: await write(slug), id, input: { version: form.get("version") } });
    revalidatePath(reviewsPath(slug), "layout");
    return { status: "success" };
  });
  if (state.status === "success") redirect(`${reviewsPath(slug)}?deleted=1`);
  return state;
}

export async function updateReviewItemAction(slug: string, itemId: string, _previous: ReviewFormState, form: FormData): Promise<ReviewFormState> {
  const state = await runAction(async () => {
    await updateReviewItem({ ctx: await write(slug), itemId, input: values(form, ITEM_FIELDS) });
    revalidatePath(reviewsPath(slug), "layout");
    return { status: "success", message: "Saved." };
  });
  return { ...state, values: state.status === "error" ? typedValues(form, ITEM_FIELDS) : undefined };
}

export async function addReviewItemAction(slug: string, reviewId: string, _previous: ReviewFormState, form: FormData): Promise<ReviewFormState> {
  const state = await runAction(async () => {
    await addReviewItem({ ctx: await write(slug), reviewId, input: values(form, NEW_ITEM_FIELDS) });
    revalidatePath(reviewsPath(slug), "layout");
    return { status: "success", message: "Row added at the end of its area." };
  });
  return { ...state, values: state.status === "error" ? typedValues(form, NEW_ITEM_FIELDS) : undefined };
}

export async function removeReviewItemAction(slug: string, itemId: string, _previous: ActionState): Promise<ActionState> {
  return runAction(async () => {
    await removeReviewItem({ ctx: await write(slug), itemId });
    revalidatePath(reviewsPath(slug), "layout");
    return { status: "success", message: "Row removed." };
  });
}

export async function moveReviewItemAction(slug: string, _previous: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const { id: itemId, direction } = moveOf(form);
    await moveReviewItem({ ctx: await write(slug), itemId, direction });
    revalidatePath(reviewsPath(slug), "layout");
    return { status: "success" };
  });
}
