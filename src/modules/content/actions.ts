"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { moveOf, runAction, type ActionState } from "@/server/actions";
import { typedValues } from "@/server/action-state";
import { AppError } from "@/server/errors";
import { gate } from "@/server/gate";
import { isKind, KINDS, type KindKey } from "./kinds";
import { createItem, deleteItem, moveItem, updateItem } from "./server/crud";

export type SaveState = ActionState & { version?: number };

function kindOf(value: string): KindKey {
  if (!isKind(value)) throw new AppError("not_found", "No such content type.");
  return value;
}

function formValues(kind: KindKey, form: FormData) {
  const values: Record<string, unknown> = {};
  for (const field of KINDS[kind].fields) values[field.name] = form.get(field.name) ?? undefined;
  values.version = form.get("version") ?? undefined;
  return values;
}

/** Creates (id null) or updates an item of a simple content type. */
export async function saveItemAction(slug: string, type: string, id: string | null, previous: SaveState, form: FormData): Promise<SaveState> {
  let created: string | null = null;
  let version = previous.version;
  const state = await runAction(async () => {
    const kind = kindOf(type);
    const ctx = await gate({ slug, action: "controls.write" });
    if (id) {
      version = (await updateItem({ ctx, kind, id, input: formValues(kind, form) })).version;
    } else {
      created = (await createItem({ ctx, kind, input: formValues(kind, form) })).id;
    }
    revalidatePath(`/dashboard/${slug}/${kind}`, "layout");
    return { status: "success", message: "Saved." };
  });
  if (created) redirect(`/dashboard/${slug}/${type}?created=1`);
  // A refused save gives back what was typed: the reset form shows it again, nothing is lost.
  return { ...state, version, values: state.status === "error" ? typedValues(form, isKind(type) ? KINDS[type].fields.map((f) => f.name) : []) : undefined };
}

export async function deleteItemAction(slug: string, type: string, id: string, _previous: ActionState, form: FormData): Promise<ActionState> {
  const state = await runAction(async () => {
    const kind = kindOf(type);
    const ctx = await gate({ slug, action: "controls.write" });
    await deleteItem({ ctx, kind, id, input: { version: form.get("version") } });
    return { status: "success" };
  });
  if (state.status === "success") redirect(`/dashboard/${slug}/${type}?deleted=1`);
  return state;
}

export async function moveItemAction(slug: string, type: string, _previous: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const kind = kindOf(type);
    const ctx = await gate({ slug, action: "controls.write" });
    const { id, direction } = moveOf(form);
    await moveItem({ ctx, kind, id, direction });
    revalidatePath(`/dashboard/${slug}/${kind}`);
    return { status: "success" };
  });
}
