/**
 * The one error type the domain throws. Each boundary (route handler, server action, REST)
 * maps it in one place: src/server/http.ts and src/server/actions.ts.
 */
export type AppErrorCode =
  | "bad_request" // 400: malformed input that is not a form (bad JSON, wrong content type)
  | "unauthenticated" // 401
  | "forbidden" // 403: a member lacking the permission for something they can see
  | "not_found" // 404: missing, or not theirs to see (existence is not leaked)
  | "conflict" // 409
  | "gone" // 410: a token that was valid once
  | "validation" // 422: field errors
  | "rate_limited" // 429
  | "second_factor_required" // 401: signed in, the second factor (TOTP) still owed
  | "mfa_enrollment_required" // 403: the organisation requires a second factor this person lacks
  | "reauth_required"; // 403: a sensitive act needs a fresh check that it is really them

export const STATUS: Record<AppErrorCode, number> = {
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  validation: 422,
  rate_limited: 429,
  second_factor_required: 401,
  mfa_enrollment_required: 403,
  reauth_required: 403,
};

export type { FieldErrors } from "./action-state";
import type { FieldErrors } from "./action-state";

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly details: { fieldErrors?: FieldErrors; retryAfterSeconds?: number; /** A versioned write found the row changed since it was read (the API answers 412). */ stale?: boolean } = {},
  ) {
    super(message);
    this.name = "AppError";
  }

  get status() {
    return STATUS[this.code];
  }
}

export const notFound = (what = "Not found") => new AppError("not_found", what);
