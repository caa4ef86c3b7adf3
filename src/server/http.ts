import "server-only";

import { randomUUID } from "node:crypto";
import { NextResponse } from "next/server";
import * as z from "zod";
import { fieldErrorsOf } from "./actions";
import { AppError } from "./errors";
import { log } from "./log";

/** Maps an error to a JSON response for route handlers: 4xx for what the client can fix. */
export function errorResponse(error: unknown): NextResponse {
  if (error instanceof z.ZodError) {
    return NextResponse.json({ error: "validation", message: "Some fields need attention.", fieldErrors: fieldErrorsOf(error) }, { status: 422 });
  }
  if (error instanceof AppError) {
    const headers: Record<string, string> = {};
    if (error.details.retryAfterSeconds) headers["Retry-After"] = String(error.details.retryAfterSeconds);
    return NextResponse.json(
      { error: error.code, message: error.message, ...(error.details.fieldErrors ? { fieldErrors: error.details.fieldErrors } : {}) },
      { status: error.status, headers },
    );
  }
  const eventId = randomUUID();
  log.error({ err: error, eventId }, "request failed");
  return NextResponse.json({ error: "internal", message: "Something went wrong on our side.", eventId }, { status: 500 });
}

/** Reads a urlencoded or multipart form, or a JSON object, as a plain record of strings. */
export async function readBody(request: Request): Promise<{ fields: Record<string, string>; isForm: boolean }> {
  const type = request.headers.get("content-type") ?? "";
  if (type.startsWith("application/json")) {
    let parsed: unknown;
    try {
      parsed = await request.json();
    } catch {
      throw new AppError("bad_request", "The request body is not valid JSON.");
    }
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new AppError("bad_request", "Send a JSON object.");
    const fields: Record<string, string> = Object.create(null);
    for (const [key, value] of Object.entries(parsed)) if (typeof value === "string") fields[key] = value;
    return { fields, isForm: false };
  }
  if (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data")) {
    let form: FormData;
    try {
      form = await request.formData();
    } catch {
      throw new AppError("bad_request", "The form could not be read.");
    }
    const fields: Record<string, string> = Object.create(null);
    for (const [key, value] of form.entries()) if (typeof value === "string" && !(key in fields)) fields[key] = value;
    return { fields, isForm: true };
  }
  throw new AppError("bad_request", "Send a form or a JSON object.");
}
