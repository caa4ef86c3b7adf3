"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { moveOf, runAction, type ActionState } from "@/server/actions";
import { gate } from "@/server/gate";
import {
  addEvidence,
  bulkUpdateControls,
  createControl,
  deleteControl,
  deleteArea,
  markControlsReviewed,
  moveControl,
  moveArea,
  moveEvidence,
  removeEvidence,
  renameArea,
  updateControl,
} from "./server/controls";

export type ControlSaveState = ActionState & { version?: number };

const CONTROL_FIELDS = ["ref", "area", "title", "description", "status", "visibility", "ownerEmail", "reviewCadenceDays", "lastReviewedAt", "icon", "version"] as const;
const values = (form: FormData, fields: readonly string[]) => Object.fromEntries(fields.map((f) => [f, form.get(f) ?? undefined]));
const controlsPath = (slug: string) => `/dashboard/${slug}/controls`;
const write = (slug: string) => gate({ slug, action: "controls.write" });

export async function saveControlAction(slug: string, id: string | null, previous: ControlSaveState, form: FormData): Promise<ControlSaveState> {
  let createdId: string | null = null;
  let version = previous.version;
  const state = await runAction(async () => {
    const ctx = await write(slug);
    if (id) version = (await updateControl({ ctx, id, input: values(form, CONTROL_FIELDS) })).version;
    else createdId = (await createControl({ ctx, input: values(form, CONTROL_FIELDS) })).id;
    revalidatePath(controlsPath(slug), "layout");
    return { status: "success", message: "Saved." };
  });
  if (createdId) redirect(`${controlsPath(slug)}/${createdId}?created=1`);
  return { ...state, version };
}

export async function deleteControlAction(slug: string, id: string, _previous: ActionState, form: FormData): Promise<ActionState> {
  const state = await runAction(async () => {
    await deleteControl({ ctx: await write(slug), id, input: { version: form.get("version") } });
    revalidatePath(controlsPath(slug), "layout");
    return { status: "success" };
  });
  if (state.status === "success") redirect(`${controlsPath(slug)}?deleted=1`);
  return state;
}

export async function bulkControlsAction(slug: string, previous: ActionState, form: FormData): Promise<ActionState> {
  // The list's one selection serves both buttons; "Mark reviewed today" is its own action.
  if (form.get("intent") === "mark-reviewed") return markReviewedAction(slug, previous, form);
  return runAction(async () => {
    const { changed } = await bulkUpdateControls({
      ctx: await write(slug),
      input: { ids: form.getAll("ids").map(String), status: form.get("bulkStatus") ?? "", visibility: form.get("bulkVisibility") ?? "" },
    });
    revalidatePath(controlsPath(slug), "layout");
    return { status: "success", message: `Updated ${changed} ${changed === 1 ? "control" : "controls"}.` };
  });
}

/** "Reviewed today", for the controls named by `ids` (one on a control's page, the selection on the list). */
export async function markReviewedAction(slug: string, _previous: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const { changed, reviewedOn } = await markControlsReviewed({ ctx: await write(slug), input: { ids: form.getAll("ids").map(String) } });
    revalidatePath(controlsPath(slug), "layout");
    if (changed === 0) return { status: "success", message: `Already marked reviewed today (${reviewedOn}).` };
    return { status: "success", message: `Marked ${changed} ${changed === 1 ? "control" : "controls"} reviewed today (${reviewedOn}).` };
  });
}

export async function moveControlAction(slug: string, _previous: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const { id, direction } = moveOf(form);
    await moveControl({ ctx: await write(slug), id, direction });
    revalidatePath(controlsPath(slug));
    return { status: "success" };
  });
}

export async function addEvidenceAction(slug: string, controlId: string, _previous: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    await addEvidence({ ctx: await write(slug), controlId, input: values(form, ["label", "kind", "target", "visibility"]) });
    revalidatePath(`${controlsPath(slug)}/${controlId}`);
    return { status: "success", message: "Evidence added." };
  });
}

export async function removeEvidenceAction(slug: string, controlId: string, evidenceId: string, _previous: ActionState): Promise<ActionState> {
  return runAction(async () => {
    await removeEvidence({ ctx: await write(slug), evidenceId });
    revalidatePath(`${controlsPath(slug)}/${controlId}`);
    return { status: "success", message: "Evidence removed." };
  });
}

export async function moveEvidenceAction(slug: string, controlId: string, _previous: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const { id: evidenceId, direction } = moveOf(form);
    await moveEvidence({ ctx: await write(slug), evidenceId, direction });
    revalidatePath(`${controlsPath(slug)}/${controlId}`);
    return { status: "success" };
  });
}

export async function renameAreaAction(slug: string, id: string, _previous: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    await renameArea({ ctx: await write(slug), id, input: { name: form.get("name") } });
    revalidatePath(controlsPath(slug), "layout");
    return { status: "success", message: "Renamed." };
  });
}

export async function moveAreaAction(slug: string, _previous: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const { id, direction } = moveOf(form);
    await moveArea({ ctx: await write(slug), id, direction });
    revalidatePath(controlsPath(slug), "layout");
    return { status: "success" };
  });
}

export async function deleteAreaAction(slug: string, id: string, _previous: ActionState): Promise<ActionState> {
  return runAction(async () => {
    await deleteArea({ ctx: await write(slug), id });
    revalidatePath(controlsPath(slug), "layout");
    return { status: "success", message: "Deleted." };
  });
}
