import "server-only";

import type { NextResponse } from "next/server";
import * as z from "zod";
import { seeOther } from "@/modules/auth/server/responses";
import { AppError } from "@/server/errors";
import { errorResponse } from "@/server/http";
import type { UploadedFile } from "./documents";
import { MAX_DOCUMENT_BYTES } from "./sniff";

/**
 * The upload routes' side of the multipart boundary: reading the form, and turning what went
 * wrong into a redirect the page can explain. Uploads are route handlers, not server actions,
 * because a document may be 25 MiB and server actions are limited to 2 MB (next.config.ts).
 */

/** A document and its form fields; next.config.ts lets the proxy pass bodies up to this size. */
export const MAX_UPLOAD_BODY_BYTES = MAX_DOCUMENT_BYTES + 1024 * 1024;

const MAX_MB = MAX_DOCUMENT_BYTES / (1024 * 1024);

/** The fields of the upload forms, with what to call each in a message. */
const FIELD_LABELS = {
  title: "Title",
  description: "Description",
  category: "Category",
  visibility: "Visibility",
  label: "Version label",
  effectiveDate: "Effective date",
} as const;
type UploadField = keyof typeof FIELD_LABELS;
const isUploadField = (name: string): name is UploadField => Object.hasOwn(FIELD_LABELS, name);

/** What a browser is told after a failed upload: a code in the query string, never the text itself. */
export const UPLOAD_ERRORS = {
  missing_file: "Choose a file to upload.",
  empty_file: "The file is empty.",
  too_large: `The file is too large: documents may be at most ${MAX_MB} MB.`,
  markup:
    "HTML, SVG and XML files are not accepted, whatever their name says: the type is checked from the file's contents. Upload a PDF instead, or a plain text or Markdown file.",
  unsupported_type: "This kind of file is not accepted. Upload a PDF, PNG, JPEG, text or Markdown file; the type is checked from the file's contents, not its name.",
  invalid: "Some fields need attention.",
  conflict: "Someone else uploaded a version of this document at the same moment. Upload yours again.",
  unreadable: `The upload could not be read. Try again, and check that the file is at most ${MAX_MB} MB.`,
} as const;
export type UploadErrorCode = keyof typeof UPLOAD_ERRORS;

/** The message for an error code from the query string, and the fields it names (unknown codes: none). */
export function uploadErrorMessage(query: { error?: string; fields?: string }): { message: string; fields: string[] } | null {
  const code = query.error;
  if (!code || !Object.hasOwn(UPLOAD_ERRORS, code)) return null;
  const fields = (query.fields ?? "").split(",").filter(isUploadField).map((name) => FIELD_LABELS[name]);
  return { message: UPLOAD_ERRORS[code as UploadErrorCode], fields };
}

/** Short fields kept across a failed upload so the person does not type them again (not the description). */
const KEPT_FIELDS = ["title", "category", "visibility", "label", "effectiveDate"] as const;

export type UploadForm = { fields: Record<string, string>; file: UploadedFile };

/**
 * Whether the caller is a browser form (answered with redirects) rather than a program (answered
 * with JSON). Both upload as multipart, so the Accept header decides: a browser navigation asks
 * for text/html, a client that asks for application/json gets JSON; otherwise a form body means
 * a form.
 */
export function isFormPost(request: Request) {
  const accept = request.headers.get("accept") ?? "";
  if (accept.includes("text/html")) return true;
  if (accept.includes("application/json")) return false;
  const type = request.headers.get("content-type") ?? "";
  return type.startsWith("multipart/form-data") || type.startsWith("application/x-www-form-urlencoded");
}

/**
 * Reads a multipart upload: its text fields (first value of each) and the file in `file`, which
 * is required. A declared length above MAX_UPLOAD_BODY_BYTES is refused before anything is read.
 */
export async function readUpload(request: Request): Promise<UploadForm> {
  if (!(request.headers.get("content-type") ?? "").startsWith("multipart/form-data")) {
    throw new AppError("bad_request", "Send the file as multipart/form-data, in a field named file.");
  }
  const length = Number(request.headers.get("content-length"));
  if (Number.isFinite(length) && length > MAX_UPLOAD_BODY_BYTES) throw fileError(UPLOAD_ERRORS.too_large);
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    throw new AppError("bad_request", UPLOAD_ERRORS.unreadable);
  }
  const fields: Record<string, string> = Object.create(null);
  for (const [key, value] of form.entries()) if (typeof value === "string" && !(key in fields)) fields[key] = value;
  const entry = form.get("file");
  // A form whose file input was left empty still sends a part, with no name and no bytes.
  if (!(entry instanceof File) || (entry.name === "" && entry.size === 0)) throw fileError(UPLOAD_ERRORS.missing_file);
  if (entry.size > MAX_DOCUMENT_BYTES) throw fileError(UPLOAD_ERRORS.too_large);
  return { fields, file: { name: entry.name, bytes: new Uint8Array(await entry.arrayBuffer()) } };
}

function fileError(message: string) {
  return new AppError("validation", message, { fieldErrors: { file: [message] } });
}

/** The code for an error the person can fix by changing what they upload; null for anything else. */
function uploadErrorCode(error: unknown): { code: UploadErrorCode; fields?: string[] } | null {
  if (error instanceof z.ZodError) {
    return { code: "invalid", fields: [...new Set(error.issues.map((issue) => String(issue.path[0] ?? "")).filter(isUploadField))] };
  }
  if (!(error instanceof AppError)) return null;
  if (error.code === "conflict") return { code: "conflict" };
  if (error.code === "bad_request") return { code: "unreadable" };
  if (error.code !== "validation") return null;
  const fileMessage = error.details.fieldErrors?.file?.[0];
  if (fileMessage === undefined) return { code: "invalid", fields: Object.keys(error.details.fieldErrors ?? {}).filter(isUploadField) };
  // The domain's messages (src/modules/documents/server/{documents,sniff}.ts), by what they say.
  if (/choose a file/i.test(fileMessage)) return { code: "missing_file" };
  if (/empty/i.test(fileMessage)) return { code: "empty_file" };
  if (/too large/i.test(fileMessage)) return { code: "too_large" };
  if (/HTML|SVG|XML/.test(fileMessage)) return { code: "markup" };
  return { code: "unsupported_type" };
}

/**
 * The answer to a failed upload. A browser form goes back to `back` with an error code (or to
 * sign-in); a JSON client gets the usual error response (401, 403, 404, 409, 422, or 500 with an
 * event id).
 */
export function uploadFailure(error: unknown, options: { isForm: boolean; slug: string; back: string; fields?: Record<string, string> }): NextResponse {
  if (!options.isForm) return errorResponse(error);
  if (error instanceof AppError) {
    if (error.code === "unauthenticated") return seeOther("/login", { next: options.back });
    if (error.code === "second_factor_required") return seeOther("/login/mfa", { next: options.back });
    if (error.code === "mfa_enrollment_required") return seeOther("/dashboard/account/security", { required: options.slug });
  }
  const known = uploadErrorCode(error);
  if (!known) return errorResponse(error);
  const kept: Record<string, string | undefined> = {};
  for (const name of KEPT_FIELDS) {
    const value = options.fields?.[name];
    if (value) kept[name] = value.slice(0, 200);
  }
  return seeOther(options.back, { ...kept, error: known.code, fields: known.fields?.length ? known.fields.join(",") : undefined });
}
