import "server-only";

import { randomUUID } from "node:crypto";
import { unstable_rethrow } from "next/navigation";
import * as z from "zod";
import { AppError, type FieldErrors } from "./errors";
import { log } from "./log";

import type { ActionState } from "./action-state";

export type { ActionState } from "./action-state";

export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "form";
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

/**
 * Maps what a server action throws to a state the form can show: expected errors verbatim,
 * anything else as a generic message with an event id that is in the log.
 */
export async function runAction(body: () => Promise<ActionState>): Promise<ActionState> {
  try {
    return await body();
  } catch (error) {
    unstable_rethrow(error); // redirect(), notFound() and friends are not errors
    if (error instanceof z.ZodError) {
      return { status: "error", message: "Some fields need attention.", fieldErrors: fieldErrorsOf(error) };
    }
    if (error instanceof AppError) {
      return { status: "error", message: error.message, fieldErrors: error.details.fieldErrors, code: error.code };
    }
    const eventId = randomUUID();
    log.error({ err: error, eventId }, "server action failed");
    return { status: "error", message: `Something went wrong on our side. Nothing was saved. (Reference ${eventId})` };
  }
}

const moveSchema = z.string().regex(/^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}):(up|down)$/i);

/**
 * What a list's ↑ or ↓ button asks (src/components/move-buttons.tsx): the row's id and the
 * direction, from the pressed button's `move` value. Anything else is a 400, nothing moves.
 */
export function moveOf(form: FormData): { id: string; direction: "up" | "down" } {
  const parsed = moveSchema.safeParse(form.get("move"));
  if (!parsed.success) throw new AppError("bad_request", "That move could not be understood. Nothing was changed.");
  const [id, direction] = parsed.data.split(":") as [string, string];
  return { id: id.toLowerCase(), direction: direction.toLowerCase() === "up" ? "up" : "down" };
}
