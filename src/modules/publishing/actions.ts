"use server";

import { revalidatePath } from "next/cache";
import { runAction, type ActionState } from "@/server/actions";
import { gate } from "@/server/gate";
import { publish, unpublish } from "./server/publish";

export async function publishAction(slug: string, _previous: ActionState): Promise<ActionState> {
  return runAction(async () => {
    const result = await publish({ ctx: await gate({ slug, action: "publish" }) });
    revalidatePath(`/dashboard/${slug}/publish`);
    return result.unchanged
      ? { status: "success", message: `Nothing changed since publication #${result.seq}: nothing new was published.` }
      : { status: "success", message: `Published #${result.seq}. The public page shows it now.` };
  });
}

/** Takes the trust center offline (recorded; history stays). A sensitive act: recent verification. */
export async function unpublishAction(slug: string, _previous: ActionState): Promise<ActionState> {
  return runAction(async () => {
    const result = await unpublish({ ctx: await gate({ slug, action: "publish", recent: true }) });
    revalidatePath(`/dashboard/${slug}/publish`);
    return { status: "success", message: `Taken offline (recorded as #${result.seq}). Publish again to bring it back.` };
  });
}
