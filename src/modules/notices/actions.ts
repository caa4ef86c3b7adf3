"use server";

import { revalidatePath } from "next/cache";
import { runAction, type ActionState } from "@/server/actions";
import { gate } from "@/server/gate";
import { STATUS_LABELS } from "./schema";
import { decideObjection } from "./server/objections";

/**
 * The dashboard's objection register (ADR 031): resolving an objection, or marking it withdrawn,
 * with a note is an owner's or admin's (`objections.manage`). The gate comes first, so an outsider
 * learns nothing from how their input would have been judged.
 */
const text = (form: FormData, name: string) => String(form.get(name) ?? "");

export async function decideObjectionAction(slug: string, objectionId: string, _previous: ActionState, form: FormData): Promise<ActionState> {
  const values = { note: text(form, "note") };
  const state = await runAction(async () => {
    const ctx = await gate({ slug, action: "objections.manage" });
    const status = text(form, "status");
    await decideObjection({ ctx, input: { id: objectionId, status, note: values.note, version: text(form, "version") } });
    revalidatePath(`/dashboard/${slug}/subprocessors`, "layout");
    return { status: "success", message: `Marked ${STATUS_LABELS[status as "RESOLVED" | "WITHDRAWN"].toLowerCase()}.` };
  });
  return state.status === "error" ? { ...state, values } : state;
}
