"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { runAction, type ActionState } from "@/server/actions";
import { gate } from "@/server/gate";
import { deleteDocument, updateDocument } from "./server/documents";

/**
 * The document's fields and its deletion. Files are uploaded through route handlers
 * (src/app/dashboard/[slug]/documents/upload, …/[id]/versions), not server actions: a document
 * may be 25 MiB and server actions take at most 2 MB.
 */

export type DocumentSaveState = ActionState & { version?: number };

const DOCUMENT_FIELDS = ["title", "description", "category", "visibility"] as const;
const values = (form: FormData) => Object.fromEntries(DOCUMENT_FIELDS.map((f) => [f, form.get(f) ?? undefined]));
const documentsPath = (slug: string) => `/dashboard/${slug}/documents`;
const write = (slug: string) => gate({ slug, action: "controls.write" });

/** Saves title, description, category and visibility; `version` (hidden field) is the one the form was loaded with. */
export async function saveDocumentAction(slug: string, id: string, previous: DocumentSaveState, form: FormData): Promise<DocumentSaveState> {
  let version = previous.version;
  const state = await runAction(async () => {
    const ctx = await write(slug);
    version = (await updateDocument({ ctx, id, version: form.get("version"), input: values(form) })).version;
    revalidatePath(documentsPath(slug), "layout");
    return { status: "success", message: "Saved." };
  });
  return { ...state, version };
}

/** Deletes a document with all its versions (the audit log keeps what they were). */
export async function deleteDocumentAction(slug: string, id: string, _previous: ActionState, form: FormData): Promise<ActionState> {
  const state = await runAction(async () => {
    await deleteDocument({ ctx: await write(slug), id, version: form.get("version") });
    revalidatePath(documentsPath(slug), "layout");
    return { status: "success" };
  });
  if (state.status === "success") redirect(`${documentsPath(slug)}?deleted=1`);
  return state;
}
