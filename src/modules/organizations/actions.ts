"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { currentUser } from "@/modules/auth/server/sessions";
import { runAction, type ActionState } from "@/server/actions";
import { AppError } from "@/server/errors";
import { gate } from "@/server/gate";
import { createOrganization, updateOrganizationSettings, type LogoChange } from "./server/organizations";

export async function createOrganizationAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  let slug = "";
  const state = await runAction(async () => {
    const user = await currentUser();
    if (!user) throw new AppError("unauthenticated", "Your session ended. Sign in again.");
    const org = await createOrganization({ user, input: { name: form.get("name"), slug: form.get("slug") } });
    slug = org.slug;
    return { status: "success" };
  });
  if (state.status === "success") redirect(`/dashboard/${slug}`);
  return state;
}

export type SettingsState = ActionState & { version?: number };

export async function updateSettingsAction(slug: string, previous: SettingsState, form: FormData): Promise<SettingsState> {
  let version = previous.version;
  const state = await runAction(async () => {
    const ctx = await gate({ slug, action: "org.settings.update" });
    const file = form.get("logo");
    let logo: LogoChange = { kind: "keep" };
    if (form.get("removeLogo") === "on") logo = { kind: "remove" };
    else if (file instanceof File && file.size > 0) logo = { kind: "replace", bytes: new Uint8Array(await file.arrayBuffer()) };
    const input = {
      name: form.get("name"),
      overview: form.get("overview") ?? "",
      brandColor: form.get("brandColor") ?? "",
      securityContactEmail: form.get("securityContactEmail") ?? "",
      ...(form.get("requireMfaField") === "present" ? { requireMfa: form.get("requireMfa") === "on" } : {}),
      ...(form.get("requirePublishApprovalField") === "present" ? { requirePublishApproval: form.get("requirePublishApproval") === "on" } : {}),
      ...(form.has("subprocessorNoticeDays") ? { subprocessorNoticeDays: form.get("subprocessorNoticeDays") } : {}),
      ...(form.has("pageVersion") ? { pageVersion: form.get("pageVersion") } : {}),
      ...(form.has("pageEffectiveDate") ? { pageEffectiveDate: form.get("pageEffectiveDate") } : {}),
      ...(form.has("language") ? { language: form.get("language") } : {}),
      version: form.get("version"),
    };
    version = await updateOrganizationSettings({ ctx, input, logo });
    revalidatePath(`/dashboard/${slug}`, "layout");
    return { status: "success", message: "Saved. Publish to show the changes on your public page." };
  });
  return { ...state, version };
}
