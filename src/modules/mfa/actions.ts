"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { safeNextPath } from "@/modules/auth/schema";
import { confirmReverification, sendReverificationCode } from "@/modules/auth/server/reverify";
import { currentSession } from "@/modules/auth/server/sessions";
import { runAction, type ActionState } from "@/server/actions";
import { AppError } from "@/server/errors";
import { beginEnrollment, confirmEnrollment, disableMfa, regenerateRecoveryCodes, verifySecondFactor } from "./server/mfa";

async function signedIn() {
  const session = await currentSession();
  if (!session?.complete) throw new AppError("unauthenticated", "Your session ended. Sign in again.");
  return session;
}

export async function beginEnrollmentAction(_previous: ActionState): Promise<ActionState> {
  return runAction(async () => {
    await beginEnrollment((await signedIn()).user);
    revalidatePath("/dashboard/account/security");
    return { status: "success", message: "Scan the QR code, then enter the code your app shows." };
  });
}

export async function confirmEnrollmentAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const codes = await confirmEnrollment(await signedIn(), { code: form.get("code") });
    return { status: "success", message: "Your second factor is on.", secrets: codes };
  });
}

export async function disableMfaAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    await disableMfa(await signedIn(), { code: form.get("code") });
    revalidatePath("/dashboard/account/security");
    return { status: "success", message: "Your second factor is off." };
  });
}

export async function regenerateCodesAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const codes = await regenerateRecoveryCodes(await signedIn(), { code: form.get("code") });
    return { status: "success", message: "New recovery codes. The old ones no longer work.", secrets: codes };
  });
}

/** The second step of sign-in (and "verify it's you" for people with a second factor). */
export async function secondFactorAction(next: string, _previous: ActionState, form: FormData): Promise<ActionState> {
  const state = await runAction(async () => {
    const session = await currentSession();
    if (!session) throw new AppError("unauthenticated", "Your session ended. Sign in again.");
    await verifySecondFactor(session, { code: form.get("code") });
    return { status: "success" };
  });
  if (state.status === "success") redirect(safeNextPath(next));
  return state;
}

export async function sendReverifyCodeAction(_previous: ActionState): Promise<ActionState> {
  return runAction(async () => {
    const session = await signedIn();
    await sendReverificationCode(session);
    return { status: "success", message: `We emailed a code to ${session.user.email}.` };
  });
}

export async function confirmReverifyAction(next: string, _previous: ActionState, form: FormData): Promise<ActionState> {
  const state = await runAction(async () => {
    const code = String(form.get("code") ?? "").replace(/\s+/g, "");
    if (!/^\d{6}$/.test(code)) throw new AppError("validation", "Enter the 6-digit code from the email.");
    await confirmReverification(await signedIn(), code);
    return { status: "success" };
  });
  if (state.status === "success") redirect(safeNextPath(next));
  return state;
}
