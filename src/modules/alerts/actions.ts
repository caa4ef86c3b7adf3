"use server";

import { revalidatePath } from "next/cache";
import { runAction, type ActionState } from "@/server/actions";
import { gate } from "@/server/gate";
import { ALERT_KINDS } from "./schema";
import { setAlertPreferences } from "./server/preferences";

/**
 * One's own alert settings (`alerts.own`, every role; ADR 033). The form names no member: only the
 * acting person's membership changes. Only the kinds' radio groups are read from the form; a kind
 * the role may not receive is refused by the domain function (403).
 */
export async function saveAlertPreferencesAction(slug: string, _previous: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const ctx = await gate({ slug, action: "alerts.own" });
    const input = Object.fromEntries(ALERT_KINDS.filter((kind) => form.get(kind) !== null).map((kind) => [kind, String(form.get(kind))]));
    const { changed } = await setAlertPreferences({ ctx, input });
    revalidatePath(`/dashboard/${slug}/account-alerts`);
    return { status: "success", message: changed.length ? "Your alert settings are saved." : "Nothing changed." };
  });
}
