"use server";

import { revalidatePath } from "next/cache";
import { runAction, type ActionState } from "@/server/actions";
import { gate } from "@/server/gate";
import { removeSubscriber, saveDeliveryModes } from "./server/dashboard";

/**
 * The dashboard's Subscribers actions (ADR 030), all `subscribers.manage` (owners and admins):
 * remove one subscriber, save the delivery mode per topic. The gate comes first in each.
 */
const refresh = (slug: string) => revalidatePath(`/dashboard/${slug}/subscribers`);
const text = (form: FormData, name: string) => String(form.get(name) ?? "");

export async function removeSubscriberAction(slug: string, subscriberId: string, _previous: ActionState, _form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const ctx = await gate({ slug, action: "subscribers.manage" });
    const removed = await removeSubscriber({ ctx, input: { id: subscriberId } });
    refresh(slug);
    return { status: "success", message: `Removed ${removed.email}.` };
  });
}

export async function saveDeliveryModesAction(slug: string, _previous: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const ctx = await gate({ slug, action: "subscribers.manage" });
    const input = { securityMode: text(form, "securityMode"), subprocessorsMode: text(form, "subprocessorsMode"), certificationsMode: text(form, "certificationsMode"), generalMode: text(form, "generalMode"), version: text(form, "version") };
    await saveDeliveryModes({ ctx, input });
    refresh(slug);
    return { status: "success", message: "Delivery modes saved." };
  });
}
