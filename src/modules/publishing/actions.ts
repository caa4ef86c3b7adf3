"use server";

import { revalidatePath } from "next/cache";
import { runAction, type ActionState } from "@/server/actions";
import { gate } from "@/server/gate";
import { publish, unpublish } from "./server/publish";
import { approveRequest, rejectRequest, requestPublication, withdrawRequest } from "./server/requests";

/** What a publishing form shows after success: the publication it made, to name and link. */
export type PublishState = ActionState & { publication?: { seq: number; hash: string; unchanged: boolean } };

// The page re-renders with the new history and status in the action's own response.
const refresh = (slug: string) => revalidatePath(`/dashboard/${slug}/publish`);

export async function publishAction(slug: string, _previous: PublishState): Promise<PublishState> {
  return runAction(async () => {
    const result = await publish({ ctx: await gate({ slug, action: "publish" }) });
    refresh(slug);
    return {
      status: "success",
      message: result.unchanged ? `Nothing changed since publication #${result.seq}: nothing new was published.` : `Published #${result.seq}. The public page shows it now.`,
      publication: result,
    };
  });
}

/** Takes the trust center offline (recorded; history stays). A sensitive act: recent verification. */
export async function unpublishAction(slug: string, _previous: ActionState): Promise<ActionState> {
  return runAction(async () => {
    const result = await unpublish({ ctx: await gate({ slug, action: "publish", recent: true }) });
    refresh(slug);
    return { status: "success", message: `Taken offline (recorded as #${result.seq}). Publish again to bring it back.` };
  });
}

export async function requestPublicationAction(slug: string, _previous: ActionState, form: FormData): Promise<ActionState> {
  const values = { note: String(form.get("note") ?? "") };
  const state = await runAction(async () => {
    const result = await requestPublication({ ctx: await gate({ slug, action: "publish.request" }), input: values });
    refresh(slug);
    const told = result.notified === 1 ? "the owner or admin was emailed" : `${result.notified} owners and admins were emailed`;
    return { status: "success", message: `Publication requested: ${result.notified ? told : "no other owner or admin to email"}. Nothing is public until it is approved.` };
  });
  return state.status === "error" ? { ...state, values } : state;
}

export async function approveRequestAction(slug: string, requestId: string, _previous: PublishState): Promise<PublishState> {
  return runAction(async () => {
    const result = await approveRequest({ ctx: await gate({ slug, action: "publish" }), input: { requestId } });
    refresh(slug);
    return {
      status: "success",
      message: result.unchanged
        ? `Approved: it was already live as #${result.seq}, so nothing new was published.`
        : `Approved and published #${result.seq}. The public page shows it now.`,
      publication: result,
    };
  });
}

export async function rejectRequestAction(slug: string, requestId: string, _previous: ActionState, form: FormData): Promise<ActionState> {
  const values = { reason: String(form.get("reason") ?? "") };
  const state = await runAction(async () => {
    await rejectRequest({ ctx: await gate({ slug, action: "publish" }), input: { requestId, reason: values.reason } });
    refresh(slug);
    return { status: "success", message: "Request rejected. Nothing was published." };
  });
  return state.status === "error" ? { ...state, values } : state;
}

export async function withdrawRequestAction(slug: string, requestId: string, _previous: ActionState): Promise<ActionState> {
  return runAction(async () => {
    await withdrawRequest({ ctx: await gate({ slug, action: "publish.request" }), input: { requestId } });
    refresh(slug);
    return { status: "success", message: "Request withdrawn." };
  });
}
