"use server";

import { revalidatePath } from "next/cache";
import { runAction, type ActionState } from "@/server/actions";
import { gate } from "@/server/gate";
import { createApiKey, revokeApiKey } from "./server/keys";

/**
 * API keys act for the organisation without a person present, so creating and revoking one needs
 * `apikeys.manage` (owners, admins) and a recent verification (ADR 035).
 */
const keysPath = (slug: string) => `/dashboard/${slug}/api-keys`;

export async function createApiKeyAction(slug: string, _previous: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const ctx = await gate({ slug, action: "apikeys.manage", recent: true });
    const created = await createApiKey({ ctx, input: { name: form.get("name"), scopes: form.getAll("scopes"), expiresInDays: form.get("expiresInDays") ?? undefined } });
    revalidatePath(keysPath(slug));
    return { status: "success", message: `API key "${created.name}" created. Copy it now: it is shown only once.`, secrets: [created.key] };
  });
}

export async function revokeApiKeyAction(slug: string, _previous: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const ctx = await gate({ slug, action: "apikeys.manage", recent: true });
    await revokeApiKey({ ctx, id: String(form.get("id") ?? "") });
    revalidatePath(keysPath(slug));
    return { status: "success", message: "API key revoked: its next request is refused." };
  });
}
