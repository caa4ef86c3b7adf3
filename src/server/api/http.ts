import "server-only";

import { createHash } from "node:crypto";
import * as z from "zod";
import { MAX_INT4 } from "../query-params";
import { ApiProblem } from "./problem";
import { readBodyUpTo } from "../body";

/** The largest JSON body the API reads (controls with 200 evidence items fit with room to spare). */
export const MAX_JSON_BYTES = 1024 * 1024;

/** A JSON response built from its explicit schema: only the schema's fields leave (no raw rows). */
export function json<S extends z.ZodType>(schema: S, data: z.input<S>, init: { status?: number; headers?: Record<string, string> } = {}): Response {
  const parsed = schema.safeParse(data);
  // An answer that does not fit its own schema is our bug: a 500 with an event id, never a 422.
  if (!parsed.success) throw new Error(`API response does not match its schema: ${parsed.error.message}`);
  const body = parsed.data;
  return new Response(JSON.stringify(body), {
    status: init.status ?? 200,
    headers: { "content-type": "application/json", "cache-control": "private, no-store", ...init.headers },
  });
}

export function noContent(headers: Record<string, string> = {}): Response {
  return new Response(null, { status: 204, headers: { "cache-control": "no-store", ...headers } });
}

/**
 * The JSON body of a write, as text: application/json only (415 otherwise), at most
 * MAX_JSON_BYTES (413), UTF-8 (400). Unknown fields are refused later by the route's strict schema.
 */
export async function readJsonText(request: Request): Promise<string> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/json\s*(;|$)/i.test(type)) throw new ApiProblem("unsupported_media_type", "Send the body as application/json.");
  const body = await readBodyBytes(request, MAX_JSON_BYTES);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(body);
  } catch {
    throw new ApiProblem("bad_request", "The body is not UTF-8.");
  }
}

/** A raw body of at most maxBytes (413 past it, read or declared): for multipart uploads. */
export async function readBodyBytes(request: Request, maxBytes: number): Promise<Uint8Array> {
  const body = await readBodyUpTo(request, maxBytes);
  if (!body) throw new ApiProblem("payload_too_large", `The body may be at most ${maxBytes} bytes.`);
  return new Uint8Array(body);
}

/**
 * What a multipart body says, independent of its boundary (which every client picks anew per
 * request): each part's name and value, a file as its name and the SHA-256 of its bytes. A body
 * that does not parse is fingerprinted by its bytes (the handler refuses it anyway).
 */
export async function multipartFingerprint(request: Request, raw: Uint8Array): Promise<string> {
  const hash = (bytes: Uint8Array | string) => createHash("sha256").update(bytes).digest("hex");
  try {
    const form = await new Request(request.url, { method: "POST", headers: { "content-type": request.headers.get("content-type") ?? "" }, body: raw as Uint8Array<ArrayBuffer> }).formData();
    const parts: string[] = [];
    for (const [name, value] of form.entries()) parts.push(typeof value === "string" ? `${name}=${value}` : `${name}@${value.name}#${hash(new Uint8Array(await value.arrayBuffer()))}`);
    return `multipart ${hash(JSON.stringify(parts))}`;
  } catch {
    return `multipart-raw ${hash(raw)}`;
  }
}

export function parseJsonObject(text: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ApiProblem("bad_request", "The body is not valid JSON.");
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new ApiProblem("bad_request", "Send a JSON object.");
  const where = loneSurrogateAt(parsed, []);
  if (where !== null) throw new ApiProblem("bad_request", `The body holds a lone UTF-16 surrogate (an escape such as \\ud800 without its pair) at "${where || "(a key)"}": that is not text.`);
  return parsed as Record<string, unknown>;
}

/** Half of a UTF-16 surrogate pair on its own: JSON's \uD800 escapes can make one, UTF-8 cannot. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?:^|[^\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Where a parsed body holds a lone surrogate (the dotted path; "" for a key), or null. Such a
 * string is not text: it passes zod's checks but no canonical JSON (the audit chain, the
 * publication hash) can encode it, so it is refused at the door (found by the fuzz run: a 500).
 */
function loneSurrogateAt(value: unknown, path: string[]): string | null {
  if (typeof value === "string") return LONE_SURROGATE.test(value) ? path.join(".") : null;
  if (!value || typeof value !== "object") return null;
  for (const [key, item] of Object.entries(value)) {
    if (LONE_SURROGATE.test(key)) return "";
    const found = loneSurrogateAt(item, [...path, key]);
    if (found !== null) return found;
  }
  return null;
}

// --- ETag / If-Match (optimistic concurrency from the rows' `version`) -----------------------

export function etagOf(version: number) {
  return `"v${version}"`;
}

/**
 * The version a write is conditional on. Writes to versioned resources must send If-Match with
 * the ETag they read: missing → 428 (no blind overwrite), unreadable → 400, stale → 412 (the
 * domain's versioned write finds out).
 */
export function ifMatchVersion(request: Request): number {
  const header = request.headers.get("if-match");
  if (!header) throw new ApiProblem("precondition_required", 'Send If-Match with the ETag you read (e.g. If-Match: "v3"); blind overwrites are refused.');
  const match = /^\s*(?:W\/)?"v([1-9][0-9]{0,9})"\s*$/.exec(header);
  const version = match ? Number(match[1]) : NaN;
  if (!Number.isSafeInteger(version) || version > MAX_INT4) throw new ApiProblem("precondition_failed", "If-Match does not name a version of this resource.");
  return version;
}

// --- cursor pagination ---------------------------------------------------------------------

export const MAX_PAGE_LIMIT = 100;

/**
 * Cursors are opaque to clients (base64url of a small JSON object); today they carry the
 * position in the list's order. A cursor that does not decode is a 400, never a 500.
 */
export function encodeCursor(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString("base64url");
}

export function decodeCursor(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  try {
    const value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown;
    const offset = (value as { o?: unknown }).o;
    if (typeof offset === "number" && Number.isInteger(offset) && offset >= 0 && offset <= 1_000_000) return offset;
  } catch {
    // fall through
  }
  throw new ApiProblem("bad_request", "The cursor is not one this API gave out.");
}

export const pageParams = z
  .object({
    limit: z.coerce.number({ error: "limit: a number from 1 to 100." }).int("limit: a whole number.").min(1, "limit: at least 1.").max(MAX_PAGE_LIMIT, `limit: at most ${MAX_PAGE_LIMIT}.`).default(50),
    cursor: z.string().max(200, "cursor: not one this API gave out.").optional(),
  });

/** The query string as an object of single values (a repeated parameter is a 422, not a silent pick). */
export function queryOf(request: Request, known: readonly string[]): Record<string, string> {
  const url = new URL(request.url);
  const out: Record<string, string> = {};
  const errors: z.core.$ZodIssue[] = [];
  for (const [key, value] of url.searchParams) {
    if (!known.includes(key)) errors.push({ code: "unrecognized_keys", keys: [key], path: [], message: `Unknown query parameter "${key}".`, input: undefined } as z.core.$ZodIssue);
    else if (key in out) errors.push({ code: "custom", path: [key], message: `${key}: give it once.`, input: value } as z.core.$ZodIssue);
    else out[key] = value;
  }
  if (errors.length) throw new z.ZodError(errors);
  return out;
}

