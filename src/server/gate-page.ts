import "server-only";

import { forbidden, notFound, redirect } from "next/navigation";
import type { Action } from "@/modules/permissions/permissions";
import { signInUrl } from "@/modules/auth/server/sessions";
import { AppError } from "./errors";
import { gate, type OrgContext } from "./gate";

/**
 * The gate for server components. Not signed in → sign-in (and back); second factor owed →
 * that step; the organisation requires a second factor → set one up; not a member or no such
 * organisation → the 404 page; a member without the permission → the 403 page.
 */
export async function gatePage(input: { slug: string; action: Action }): Promise<OrgContext> {
  try {
    return await gate(input);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const back = await signInUrl();
    const next = new URLSearchParams(back.split("?")[1]).get("next") ?? "/dashboard";
    if (error.code === "unauthenticated") redirect(back);
    if (error.code === "second_factor_required") redirect(`/login/mfa?${new URLSearchParams({ next })}`);
    if (error.code === "mfa_enrollment_required") redirect(`/dashboard/account/security?${new URLSearchParams({ required: input.slug })}`);
    if (error.code === "not_found") notFound();
    if (error.code === "forbidden") forbidden();
    throw error;
  }
}
