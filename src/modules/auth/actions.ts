"use server";

import { revalidatePath } from "next/cache";
import { runAction, type ActionState } from "@/server/actions";
import { AppError } from "@/server/errors";
import { currentUser, revokeOtherSessions } from "./server/sessions";

export async function revokeOtherSessionsAction(_previous: ActionState): Promise<ActionState> {
  return runAction(async () => {
    const user = await currentUser();
    if (!user) throw new AppError("unauthenticated", "Your session ended. Sign in again.");
    const count = await revokeOtherSessions(user.id);
    revalidatePath("/dashboard/account");
    return { status: "success", message: count === 0 ? "There were no other sessions." : `Signed out ${count} other ${count === 1 ? "session" : "sessions"}.` };
  });
}
