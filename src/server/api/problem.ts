import "server-only";

import { randomUUID } from "node:crypto";
import * as z from "zod";
import { AppError, STATUS as APP_STATUS, type AppErrorCode } from "../errors";
import { log } from "../log";

/**
 * RFC 9457 problem details, the REST API's one error shape (ADR 035): `type` names the problem,
 * `status` repeats the HTTP status, `errors` lists field problems with their JSON path
 * (`evidence.0.target`) and JSON Pointer (`/evidence/0/target`).
 */
export type ProblemCode = AppErrorCode | "precondition_failed" | "precondition_required" | "unsupported_media_type" | "payload_too_large" | "method_not_allowed" | "internal";

export type FieldProblem = { path: string; pointer: string; message: string };
export type Problem = { type: string; title: string; status: number; detail: string; code: ProblemCode; errors?: FieldProblem[]; eventId?: string };

const STATUS: Partial<Record<ProblemCode, number>> = {
  precondition_failed: 412,
  precondition_required: 428,
  unsupported_media_type: 415,
  payload_too_large: 413,
  method_not_allowed: 405,
  internal: 500,
};

const TITLES: Record<number, string> = {
  400: "Bad request", 401: "Unauthorized", 403: "Forbidden", 404: "Not found", 405: "Method not allowed", 409: "Conflict",
  410: "Gone", 412: "Precondition failed", 413: "Payload too large", 415: "Unsupported media type", 422: "Unprocessable content",
  428: "Precondition required", 429: "Too many requests", 500: "Internal server error",
};

/** An error the API raises itself (not the domain's): a missing If-Match, a wrong content type. */
export class ApiProblem extends Error {
  constructor(readonly code: ProblemCode, message: string, readonly status = STATUS[code] ?? APP_STATUS[code as AppErrorCode] ?? 400) {
    super(message);
  }
}

export function problemType(code: ProblemCode) {
  return `urn:candor:problem:${code.replaceAll("_", "-")}`;
}

function pointerOf(path: PropertyKey[]) {
  return `/${path.map((p) => String(p).replaceAll("~", "~0").replaceAll("/", "~1")).join("/")}`;
}

/** Zod's issues as field problems; an unknown field is a problem at its own path. */
export function fieldProblems(error: z.ZodError, prefix: PropertyKey[] = []): FieldProblem[] {
  return error.issues.flatMap((issue) => {
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => {
        const path = [...prefix, ...issue.path, key];
        return { path: path.join("."), pointer: pointerOf(path), message: `Unknown field "${key}": it is not part of this resource.` };
      });
    }
    const path = [...prefix, ...issue.path];
    return [{ path: path.join(".") || "(body)", pointer: pointerOf(path), message: issue.message }];
  });
}

export function problemOf(error: unknown): { problem: Problem; retryAfterSeconds?: number } {
  const make = (code: ProblemCode, status: number, detail: string, extra: Partial<Problem> = {}): Problem => ({ type: problemType(code), title: TITLES[status] ?? "Error", status, detail, code, ...extra });
  if (error instanceof z.ZodError) {
    return { problem: make("validation", 422, "Some fields need attention.", { errors: fieldProblems(error) }) };
  }
  if (error instanceof ApiProblem) return { problem: make(error.code, error.status, error.message) };
  if (error instanceof AppError) {
    // A versioned write that found the row changed since the client's If-Match: 412.
    if (error.code === "conflict" && error.details.stale) {
      return { problem: make("precondition_failed", 412, "The resource changed since you read it: fetch it again and send its new ETag in If-Match.") };
    }
    const errors = error.details.fieldErrors
      ? Object.entries(error.details.fieldErrors).flatMap(([path, messages]) => messages.map((message) => ({ path, pointer: pointerOf(path.split(".")), message })))
      : undefined;
    return { problem: make(error.code, error.status, error.message, errors ? { errors } : {}), retryAfterSeconds: error.details.retryAfterSeconds };
  }
  const eventId = randomUUID();
  log.error({ err: error, eventId }, "API request failed");
  return { problem: make("internal", 500, "Something went wrong on our side.", { eventId }) };
}

export function problemResponse(error: unknown, headers: Record<string, string> = {}): Response {
  const { problem, retryAfterSeconds } = problemOf(error);
  const out = new Headers({ "content-type": "application/problem+json", "cache-control": "no-store", ...headers });
  if (retryAfterSeconds) out.set("retry-after", String(retryAfterSeconds));
  if (problem.status === 401) out.set("www-authenticate", 'Bearer realm="candor-api"');
  return new Response(JSON.stringify(problem), { status: problem.status, headers: out });
}
