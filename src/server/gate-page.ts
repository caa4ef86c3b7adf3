import "server-only";

import { notFound, redirect } from "next/navigation";
import type { Action } from "@/modules/access/permissions";
import { AppError } from "./errors";
import { gate, type OrgContext } from "./gate";
import { signInUrl } from "@/modules/auth/server/sessions";

/**
 * The gate for server components: not signed in → sign-in page (and back); not a member or
 * no such organisation → the 404 page. Permission failures surface as errors.
 */
export async function gatePage(input: { slug: string; action: Action }): Promise<OrgContext> {
  try {
    return await gate(input);
  } catch (error) {
    if (error instanceof AppError && error.code === "unauthenticated") redirect(await signInUrl());
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  }
}
