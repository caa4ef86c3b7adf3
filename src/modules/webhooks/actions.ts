"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { runAction, type ActionState } from "@/server/actions";
import { gate } from "@/server/gate";
import { createEndpoint, deleteEndpoint, redeliverEvent, rotateSecret, sendTestEvent, setEndpointEnabled, updateEndpoint } from "./server/endpoints";

/**
 * Webhook endpoints (ADR 032): every action needs `webhooks.manage`; making or rotating a
 * signing secret, and pointing an endpoint somewhere new, ask for a recent verification.
 */
const listPath = (slug: string) => `/dashboard/${slug}/webhooks`;

function endpointForm(form: FormData) {
  return { url: form.get("url") ?? "", description: form.get("description") ?? "", events: form.getAll("events"), format: form.get("format") ?? undefined, version: form.get("version") ?? undefined };
}

const kept = (form: FormData) => ({ url: String(form.get("url") ?? "").slice(0, 2000), description: String(form.get("description") ?? "").slice(0, 500) });

export async function createWebhookAction(slug: string, _previous: ActionState, form: FormData): Promise<ActionState> {
  const state = await runAction(async () => {
    const ctx = await gate({ slug, action: "webhooks.manage", recent: true });
    const { endpoint, secret } = await createEndpoint({ ctx, input: endpointForm(form) });
    revalidatePath(listPath(slug));
    return { status: "success", message: `Endpoint added: ${endpoint.url}. Copy its signing secret now; it is shown only once.`, secrets: [secret] };
  });
  return state.status === "error" ? { ...state, values: kept(form) } : state;
}

export async function updateWebhookAction(slug: string, id: string, _previous: ActionState, form: FormData): Promise<ActionState> {
  const state = await runAction(async () => {
    const ctx = await gate({ slug, action: "webhooks.manage", recent: true });
    await updateEndpoint({ ctx, id, input: endpointForm(form) });
    revalidatePath(`${listPath(slug)}/${id}`);
    return { status: "success", message: "Saved." };
  });
  return state.status === "error" ? { ...state, values: kept(form) } : state;
}

export async function setWebhookEnabledAction(slug: string, id: string, _previous: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const ctx = await gate({ slug, action: "webhooks.manage" });
    const enabled = form.get("enabled") === "true";
    await setEndpointEnabled({ ctx, input: { id, version: form.get("version") }, enabled });
    revalidatePath(`${listPath(slug)}/${id}`);
    return { status: "success", message: enabled ? "Enabled: events are sent again." : "Disabled: nothing is sent until you enable it." };
  });
}

export async function rotateWebhookSecretAction(slug: string, id: string, _previous: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const ctx = await gate({ slug, action: "webhooks.manage", recent: true });
    const { secret } = await rotateSecret({ ctx, input: { id, version: form.get("version") } });
    revalidatePath(`${listPath(slug)}/${id}`);
    return { status: "success", message: "New signing secret. For 24 hours each message is signed with the old and the new secret; copy it now, it is shown only once.", secrets: [secret] };
  });
}

export async function deleteWebhookAction(slug: string, id: string, _previous: ActionState, form: FormData): Promise<ActionState> {
  const state = await runAction(async () => {
    const ctx = await gate({ slug, action: "webhooks.manage" });
    await deleteEndpoint({ ctx, input: { id, version: form.get("version") } });
    revalidatePath(listPath(slug));
    return { status: "success", message: "Deleted." };
  });
  if (state.status === "success") redirect(`${listPath(slug)}?deleted=1`);
  return state;
}

export async function sendTestWebhookAction(slug: string, id: string, _previous: ActionState, _form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const ctx = await gate({ slug, action: "webhooks.manage" });
    await sendTestEvent({ ctx, id });
    revalidatePath(`${listPath(slug)}/${id}`);
    return { status: "success", message: "Test event queued. Reload in a few seconds to see it in the delivery log." };
  });
}

export async function redeliverWebhookAction(slug: string, id: string, _previous: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const ctx = await gate({ slug, action: "webhooks.manage" });
    await redeliverEvent({ ctx, endpointId: id, eventId: form.get("eventId") });
    revalidatePath(`${listPath(slug)}/${id}`);
    return { status: "success", message: "Queued again, with the same webhook-id." };
  });
}
