import "server-only";

import { parseAndValidateFlightRouterState } from "next/dist/server/app-render/parse-and-validate-flight-router-state";

/**
 * Server-action requests that Next.js would answer with a 500, refused with a clear 4xx by the
 * proxy first (ADR 021). Next decodes an action's arguments (React's "reply" format) inside its
 * action handler, and any failure there — a body that is not multipart, text that is not JSON,
 * a reference to a part that was never sent — becomes a 500, as does a foreign Origin or a body
 * over the size limit. Candor's actions themselves never throw (src/server/actions.ts), so the
 * only 500s left are Next's; these checks mirror what its decoder needs, and nothing more:
 *
 * - the action id has the shape Next gives ids (42 hex digits); unknown ids stay Next's 409;
 * - the Origin, when sent, names the host the request was made to (Next's own CSRF rule);
 * - the body is at most the configured limit, text/plain or multipart/form-data;
 * - the arguments are a JSON array with at least as many entries as the action uses (the id's
 *   first byte says which of the first six it uses);
 * - every JSON part parses, and the arguments hold only what Candor's actions take: text,
 *   numbers, booleans, null, plain objects and lists, and form data. React's encoding of other
 *   values (promises, maps, sets, iterators, streams, blobs, typed arrays, server references)
 *   is refused, as is a reference to a part that was not sent.
 *
 * And one header of a client navigation that Next's render fails on the same way: the route tree
 * (`checkRouterState()`, ADR 045).
 */
export const ACTION_BODY_LIMIT_BYTES = 2 * 1024 * 1024; // next.config.ts serverActions.bodySizeLimit

const ID = /^[0-9a-f]{42}$/;
// React's tags for values that stand by themselves: an escaped "$", undefined, a date, NaN,
// ±Infinity and -0, a form's fields, an opaque temporary reference.
const SELF_CONTAINED = "$uDNI-KT";

type Refusal = { status: number; message: string };

export async function checkActionRequest(request: Request): Promise<Refusal | null> {
  const id = request.headers.get("next-action") ?? "";
  if (!ID.test(id)) return { status: 400, message: "Not a server action id." };
  const origin = request.headers.get("origin");
  if (origin && !sameHost(origin, request.headers)) return { status: 403, message: "Cross-site server action refused." };
  if (Number(request.headers.get("content-length") ?? 0) > ACTION_BODY_LIMIT_BYTES) return tooLarge();
  const type = (request.headers.get("content-type") ?? "").toLowerCase();
  let parts: Map<string, string | null>;
  if (type.startsWith("multipart/form-data")) {
    const form = await request.formData().catch(() => null);
    if (!form) return { status: 400, message: "The request body is not multipart form data." };
    parts = new Map([...form.entries()].map(([key, value]) => [key, typeof value === "string" ? value : null]));
  } else if (type.startsWith("text/plain")) {
    const text = await request.text();
    if (Buffer.byteLength(text) > ACTION_BODY_LIMIT_BYTES) return tooLarge();
    parts = new Map([["0", text]]);
  } else {
    return { status: 415, message: "Server actions take text/plain or multipart/form-data." };
  }
  return checkArguments(parts, usedArguments(id));
}

/**
 * A client-side navigation (`RSC: 1`) carries the browser's route tree in `Next-Router-State-Tree`;
 * Next parses it while rendering and answers 500 when it is not a tree of its shape (found by the
 * dashboard bench's first hand-written navigation, 2026-12-02). Checked here by Next's own parser,
 * so the rule is exactly the one the render applies; any method, any path. Without `RSC: 1` Next
 * never reads the header, and neither does this.
 */
export function checkRouterState(headers: Headers): Refusal | null {
  const tree = headers.get("next-router-state-tree");
  if (tree === null || headers.get("rsc") !== "1") return null;
  try {
    parseAndValidateFlightRouterState(tree);
    return null;
  } catch {
    return { status: 400, message: "The Next-Router-State-Tree header is not a route tree." };
  }
}

/**
 * A multipart POST without the header may be a form submitted without JavaScript, which Next
 * decodes as an action from its fields, answering 500 when the body is not multipart at all.
 * Route handlers read their own forms (src/server/http.ts); bodies over the action limit, or of
 * unknown length, are left to them.
 */
export async function checkFormPost(request: Request): Promise<Refusal | null> {
  if (!(request.headers.get("content-type") ?? "").toLowerCase().startsWith("multipart/form-data")) return null;
  const length = request.headers.get("content-length");
  if (length === null || Number(length) > ACTION_BODY_LIMIT_BYTES) return null;
  const parsed = await request.formData().then(
    () => true,
    () => false,
  );
  return parsed ? null : { status: 400, message: "The request body is not multipart form data." };
}

function checkArguments(parts: Map<string, string | null>, used: number): Refusal | null {
  const models = new Map<string, unknown>();
  for (const [key, value] of parts) {
    if (!/^\d+$/.test(key) || value === null) continue;
    try {
      models.set(key, JSON.parse(value));
    } catch {
      return { status: 400, message: `Part ${key} of the arguments is not JSON.` };
    }
  }
  const root = models.get("0");
  if (!Array.isArray(root)) return { status: 400, message: "The arguments are not a list." };
  if (root.length < used) return { status: 400, message: `This action takes ${used} arguments; ${root.length} were sent.` };
  for (const model of models.values()) {
    for (const text of tagged(model)) {
      if (!acceptable(text, parts)) return { status: 400, message: "The arguments hold something no Candor action takes, or refer to a part that was not sent." };
    }
  }
  return null;
}

/** Whether a "$…" string of React's encoding is a value Candor's actions take, all of it sent. */
function acceptable(text: string, parts: Map<string, string | null>): boolean {
  const tag = text[1] ?? "";
  if (tag && SELF_CONTAINED.includes(tag)) return true;
  if (tag === "n") return /^-?\d{1,300}$/.test(text.slice(2)); // a BigInt; React refuses more digits
  // "$<hex>" or "$<hex>:path": an object sent as a part of its own (or met before). It must be a
  // text part that parsed; every other tag is a kind of value no action takes.
  const id = /^\$([0-9a-f]{1,8})(:[^:]+)*$/.exec(text)?.[1];
  return id !== undefined && typeof parts.get(String(parseInt(id, 16))) === "string";
}

/** How many leading arguments the action uses, from the id's first byte (Next's server-reference-info). */
export function usedArguments(id: string): number {
  const argMask = (parseInt(id.slice(0, 2), 16) >> 1) & 0x3f;
  let used = 0;
  for (let index = 0; index < 6; index++) if ((argMask >> (5 - index)) & 1) used = index + 1;
  return used;
}

/** Every string of a decoded JSON value that starts with "$" (React's tagged values). */
function* tagged(value: unknown): Generator<string> {
  if (typeof value === "string") {
    if (value.startsWith("$")) yield value;
  } else if (Array.isArray(value)) {
    for (const item of value) yield* tagged(item);
  } else if (value && typeof value === "object") {
    for (const item of Object.values(value)) yield* tagged(item);
  }
}

/** Next's CSRF rule: the Origin's host is the host the request was made to (as the front set it). */
function sameHost(origin: string, headers: Headers): boolean {
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false;
  }
  const forwarded = headers.get("x-forwarded-host")?.split(",")[0]?.trim();
  return host === (forwarded || headers.get("host"));
}

function tooLarge(): Refusal {
  return { status: 413, message: `The request body is over the ${ACTION_BODY_LIMIT_BYTES / 1024 / 1024} MB limit for server actions.` };
}
