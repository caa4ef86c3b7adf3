"use server";

import { revalidatePath } from "next/cache";
import { runAction, type ActionState } from "@/server/actions";
import { gate } from "@/server/gate";
import { saveDisclosure } from "./server/disclosure";

export type DisclosureState = ActionState & { version?: number };

const FIELDS = ["policy", "encryptionUrl", "acknowledgmentsUrl", "preferredLanguages", "responseWithin", "responseUnit", "safeHarbor", "bugBounty", "bugBountyUrl", "expiresAt", "version"];

export async function saveDisclosureAction(slug: string, previous: DisclosureState, form: FormData): Promise<DisclosureState> {
  let version = previous.version;
  const state = await runAction(async () => {
    const ctx = await gate({ slug, action: "controls.write" });
    const input: Record<string, unknown> = Object.fromEntries(FIELDS.map((f) => [f, form.get(f) ?? undefined]));
    input.contacts = String(form.get("contacts") ?? "")
      .split(/\r\n?|\n/)
      .map((line) => line.trim())
      .filter(Boolean);
    version = (await saveDisclosure({ ctx, input })).version;
    revalidatePath(`/dashboard/${slug}/disclosure`);
    return { status: "success", message: "Saved." };
  });
  return { ...state, version };
}
