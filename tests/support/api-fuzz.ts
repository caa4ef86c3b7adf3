import Ajv2020 from "@redocly/ajv/dist/2020";
import fc from "fast-check";
import { XSS_PAYLOADS } from "./xss-payloads";

/**
 * The spec-driven fuzzer of /api/v1 (issue 14), shared by CI's fixed-seed slice
 * (tests/integration/api-fuzz.test.ts, through the route handlers) and the bench's full run
 * (scripts/bench-api.ts, over HTTP against a production build). Everything it knows about the API
 * it reads from the OpenAPI document: the operations, their path, query, header and body
 * parameters, the scopes (`x-scope`), the documented statuses and response schemas. A new
 * operation is fuzzed the moment it is in the document; nothing here lists routes.
 *
 * A generated request is a template (which key, which id from the pool of ids seen so far, whether
 * to send the current ETag); `resolve()` makes it concrete against the run's fixtures, so the
 * same seed gives the same requests. Values are valid by the schemas, at their boundaries, or
 * hostile: NUL, overlong text, invalid UTF-8 %-escapes, numbers ≥ 2^31, arrays for strings,
 * unknown fields, wrong content types, XSS payloads, junk JSON, forged cursors and ETags.
 */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export type Operation = { path: string; method: string; op: Json; pathParameters: Json[] };

/** Every operation of the document, in document order. */
export function operationsOf(spec: Json): Operation[] {
  return Object.entries(spec.paths as Json).flatMap(([path, item]) =>
    Object.keys(item as Json)
      .filter((method) => ["get", "put", "post", "delete", "patch"].includes(method))
      .map((method) => {
        const op = (item as Json)[method] as Json;
        const all = [...((item as Json).parameters ?? []), ...(op.parameters ?? [])] as Json[];
        return { path, method, op, pathParameters: all.filter((p) => p.in === "path") };
      }),
  );
}

/** The keys a run holds: one with every scope, one per scope of the document, another tenant's, and dead ones. */
export function keyNames(spec: Json): string[] {
  const scopes = [...new Set(operationsOf(spec).map((o) => o.op["x-scope"]).filter((s): s is string => typeof s === "string"))].sort();
  return ["all", "foreign", "revoked", "expired", "malformed", "none", ...scopes.map((s) => `scope:${s}`)];
}

export type Fixtures = {
  /** Bearer values by key name (keyNames()); "none" sends no Authorization header. */
  keys: Record<string, string | undefined>;
  /** Ids seen in answers so far, by the collection they belong to ("/controls", "/evidence"); requests pick from them by index. */
  ids: Map<string, string[]>;
  /** The last ETag seen per id. */
  etags: Map<string, string>;
};

type IdChoice = { pick: number } | { raw: string };
export type FuzzRequest = {
  operation: string;
  path: string;
  method: string;
  key: string;
  pathValues: Record<string, IdChoice>;
  query: string;
  contentType?: string;
  body?: string;
  ifMatch?: { current: true } | { raw: string };
  idempotencyKey?: string;
};

export type ConcreteRequest = { method: string; url: string; params: Record<string, string>; headers: Record<string, string>; body?: string };

const HOSTILE_TEXT = ["\u0000", "a\u0000b", "\ud800", "\u202e", " ", "", "a".repeat(300), "x".repeat(2_000), ...XSS_PAYLOADS];
/** %-escapes that are not UTF-8 (a lone continuation byte, an overlong '/', a surrogate, 0xFF) and a NUL. */
const BAD_ESCAPES = ["%C3%28", "%C0%AF", "%ED%A0%80", "%FF", "%00", "%E2%82"];
const BIG_NUMBERS = [2_147_483_648, 4_294_967_296, -2_147_483_649, 9_007_199_254_740_993, 1e300, 1.5, -1, 0];
const text = fc.oneof(fc.string({ maxLength: 40 }), fc.fullUnicodeString({ maxLength: 20 }), fc.constantFrom(...HOSTILE_TEXT));

function deref(spec: Json, schema: Json): Json {
  return schema.$ref ? deref(spec, spec.components.schemas[String(schema.$ref).split("/").pop()!]) : schema;
}

/** An arbitrary value of a JSON Schema (enough of 2020-12 for this document), valid or, with `hostile`, often not. */
export function validValue(spec: Json, schema: Json) {
  return validValueOf(spec, schema, false, 0);
}

export function valueOf(spec: Json, schemaIn: Json, hostile: boolean, depth = 0): fc.Arbitrary<unknown> {
  const valid = validValueOf(spec, schemaIn, hostile, depth);
  if (!hostile) return valid;
  const schema = deref(spec, schemaIn);
  const pastMax = typeof schema.maxLength === "number" && schema.maxLength < 100_000 ? ["a".repeat(schema.maxLength + 1)] : [];
  const wrong = fc.oneof(fc.constantFrom<unknown>(null, true, {}, [], ...BIG_NUMBERS, ...pastMax), text, fc.array(text, { maxLength: 2 }));
  return fc.oneof({ weight: 5, arbitrary: valid }, { weight: 1, arbitrary: wrong });
}

function validValueOf(spec: Json, schemaIn: Json, hostile: boolean, depth: number): fc.Arbitrary<unknown> {
  const schema = deref(spec, schemaIn);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...(schema.enum as unknown[]));
  if (schema.anyOf || schema.oneOf) return fc.oneof(...((schema.anyOf ?? schema.oneOf) as Json[]).map((s) => valueOf(spec, s, hostile, depth)));
  const type = Array.isArray(schema.type) ? schema.type.find((t: string) => t !== "null") : schema.type;
  switch (type) {
    case "string":
      return stringOf(schema);
    case "integer":
    case "number": {
      const min = schema.minimum ?? -10;
      const max = schema.maximum ?? 1_000;
      return fc.oneof(fc.integer({ min, max: Math.max(min, Math.min(max, 2_147_483_647)) }), fc.constantFrom(min, max));
    }
    case "boolean":
      return fc.boolean();
    case "array": {
      const minLength = schema.minItems ?? 0;
      const maxLength = Math.max(minLength, Math.min(schema.maxItems ?? 3, 3));
      if (depth > 2) return fc.constant([]);
      const items = valueOf(spec, schema.items ?? {}, hostile, depth + 1);
      return schema.uniqueItems ? fc.uniqueArray(items, { minLength, maxLength, selector: (v) => JSON.stringify(v) }) : fc.array(items, { minLength, maxLength });
    }
    case "object": {
      const entries = Object.entries(schema.properties ?? {}) as [string, Json][];
      const required = new Set(schema.required ?? []);
      // A URL-valued field (its name says so) gets URLs: a webhook with a random string for its URL tests one refusal only.
      const field = (k: string, v: Json) => (/^url$|Url$/.test(k) && deref(spec, v).type === "string" ? stringOf({ ...deref(spec, v), format: "uri" }) : valueOf(spec, v, hostile, depth + 1));
      return fc.record(Object.fromEntries(entries.map(([k, v]) => [k, field(k, v)])), { requiredKeys: entries.map(([k]) => k).filter((k) => required.has(k)) });
    }
    default:
      return fc.constant(null);
  }
}

function stringOf(schema: Json): fc.Arbitrary<string> {
  if (schema.format === "uuid") return fc.uuid();
  if (schema.format === "email") return fc.constantFrom("lead@example.com", "nobody@example.org");
  if (schema.format === "date") return fc.constantFrom("2026-11-02", "2026-02-30", "2026-12-31");
  if (schema.format === "date-time") return fc.constantFrom("2026-11-02T10:00:00.000Z", "2030-01-01T00:00:00Z");
  if (schema.format === "uri") return fc.constantFrom("https://example.com/hook", "https://93.184.215.14/x", "http://127.0.0.1/");
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? 60;
  // At the bounds (one past the upper bound is among the hostile values: valueOf(…, hostile)).
  const boundary = fc.constantFrom("a".repeat(Math.max(1, min)), "a".repeat(Math.min(max, 5_000)));
  if (schema.pattern && max <= 32) return fc.oneof(fc.stringMatching(new RegExp(schema.pattern)).map((s) => s.slice(0, max)), boundary);
  return fc.oneof({ weight: 4, arbitrary: fc.string({ minLength: min, maxLength: Math.max(min, Math.min(max, 60)) }) }, { weight: 1, arbitrary: boundary });
}

/** A JSON body: valid by the schema, hostile inside, with an unknown field, junk JSON, or not an object. */
function jsonBodyOf(spec: Json, schema: Json): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 6, arbitrary: valueOf(spec, schema, false).map((v) => JSON.stringify(v)) },
    { weight: 2, arbitrary: valueOf(spec, schema, true).map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: fc.tuple(valueOf(spec, schema, false), fc.constantFrom("orgId", "id", "version", "createdAt", "__proto__", "constructor", "x"), fc.jsonValue()).map(([v, k, x]) => JSON.stringify({ ...(v as object), [k]: x })) },
    { weight: 1, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: fc.constantFrom("", "{", "{\"a\":", "nul", "[]", "null", "\u0000", "{\"a\":1}garbage", `{"x":"${"y".repeat(1_100_000)}"}`) },
  );
}

const BOUNDARY = "fuzzboundary14";
/** A multipart upload: the form's fields from its schema (sometimes an unknown one), a file that is a PDF, HTML, empty or absent. */
function uploadOf(spec: Json, schemaIn: Json): fc.Arbitrary<string> {
  const schema = deref(spec, schemaIn);
  const fields = Object.entries((schema.properties ?? {}) as Record<string, Json>).filter(([name]) => name !== "file");
  const file = fc.option(fc.constantFrom("%PDF-1.4\n%%EOF\n", "<html><script>alert(1)</script></html>", "", "plain text"), { nil: undefined });
  const extra = fc.option(fc.tuple(fc.constantFrom("orgId", "position", "x"), text), { nil: undefined });
  const values = fc.record(Object.fromEntries(fields.map(([name, property]) => [name, fc.option(fc.oneof(valueOf(spec, property, false).map(String), text), { nil: undefined })])));
  return fc.tuple(values, file, extra, fc.constantFrom("upload.pdf", "../../etc/passwd", "<b>x</b>.pdf", "a\u0000.pdf")).map(([vals, content, unknown, fileName]) => {
    const part = (name: string, value: string, name2?: string) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"${name2 ? `; filename="${name2}"` : ""}\r\n\r\n${value}\r\n`;
    const entries = Object.entries(vals).filter(([, v]) => v !== undefined).map(([k, v]) => part(k, v as string));
    if (unknown) entries.push(part(unknown[0], unknown[1]));
    if (content !== undefined) entries.push(part("file", content, fileName));
    return `${entries.join("")}--${BOUNDARY}--\r\n`;
  });
}

/** A query string: documented parameters with valid or hostile values (some raw invalid %-escapes), repeats, unknown names. */
function queryOf(spec: Json, parameters: Json[]): fc.Arbitrary<string> {
  const query = parameters.filter((p) => p.in === "query");
  const forged = fc.constantFrom("eyJvIjotMX0", "eyJvIjoxZTEwfQ", "not-a-cursor", "AAAA", "eyJ4Ijp7fX0");
  const encoded = (name: string) => (value: unknown) => `${encodeURIComponent(name)}=${percentEncoded(String(value))}`;
  const pair = query.length
    ? fc.oneof(
        { weight: 6, arbitrary: fc.oneof(...query.map((p) => valueOf(spec, p.schema ?? {}, true).map(encoded(p.name)))) },
        { weight: 1, arbitrary: fc.oneof(...query.map((p) => fc.constantFrom(...BAD_ESCAPES).map((e) => `${encodeURIComponent(p.name)}=${e}`))) },
        { weight: 1, arbitrary: forged.map(encoded("cursor")) },
        { weight: 1, arbitrary: fc.constantFrom("limit=2147483648", "limit=0", "limit=100", "limit=101", "limit=-1", "limit=1e3", "limit[]=1") },
      )
    : fc.constantFrom("unknown=1", `x=${BAD_ESCAPES[0]}`);
  return fc.oneof({ weight: 3, arbitrary: fc.array(pair, { maxLength: 4 }) }, { weight: 1, arbitrary: fc.constant(["unknown=1"]) }).map((list) => (list.length ? `?${list.join("&")}` : ""));
}

/** %-encoded UTF-8; a lone surrogate (which no URL can carry as text) becomes the escapes of its CESU-8 bytes, themselves not UTF-8. */
function percentEncoded(value: string): string {
  return Array.from(value, (ch) => (/^[\ud800-\udfff]$/.test(ch) ? `%${[0xed, 0xa0 | ((ch.charCodeAt(0) >> 6) & 0x0f), 0x80 | (ch.charCodeAt(0) & 0x3f)].map((b) => b.toString(16).toUpperCase()).join("%")}` : encodeURIComponent(ch))).join("");
}

function pathValueOf(parameter: Json): fc.Arbitrary<IdChoice> {
  const schema = parameter.schema ?? {};
  const hostile = fc.constantFrom("not-a-uuid", "..%2F..%2Fetc", "%00", "%FF", "a".repeat(300), encodeURIComponent(XSS_PAYLOADS[0]!), "2147483648", "-1", "0", "1.5", "01");
  if (schema.format === "uuid") {
    return fc.oneof({ weight: 6, arbitrary: fc.nat().map((pick) => ({ pick })) }, { weight: 2, arbitrary: fc.uuid().map((raw) => ({ raw })) }, { weight: 1, arbitrary: hostile.map((raw) => ({ raw })) });
  }
  return fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 4 }).map((n) => ({ raw: String(n) })) }, { weight: 1, arbitrary: hostile.map((raw) => ({ raw })) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 2_147_483_647 }).map((n) => ({ raw: String(n) })) });
}

/** One operation's requests. */
function requestOf(spec: Json, { path, method, op, pathParameters }: Operation, keys: string[]): fc.Arbitrary<FuzzRequest> {
  const json = op.requestBody?.content?.["application/json"];
  const multipart = op.requestBody?.content?.["multipart/form-data"];
  const goodType = multipart ? `multipart/form-data; boundary=${BOUNDARY}` : "application/json";
  const wrongTypes = ["text/plain", "application/x-www-form-urlencoded", "application/json-patch+json", multipart ? "application/json" : `multipart/form-data; boundary=${BOUNDARY}`, "multipart/form-data", "application/json; charset=latin1"];
  const keyWeights = keys.map((name) => ({ weight: name === "all" ? 12 : name === "foreign" ? 3 : 1, arbitrary: fc.constant(name) }));
  return fc.record({
    operation: fc.constant(`${method} ${path}`),
    path: fc.constant(path),
    method: fc.constant(method),
    key: fc.oneof(...keyWeights),
    pathValues: fc.record(Object.fromEntries(pathParameters.map((p) => [p.name as string, pathValueOf(p)]))) as fc.Arbitrary<Record<string, IdChoice>>,
    query: queryOf(spec, [...(op.parameters ?? [])]),
    contentType: op.requestBody ? fc.oneof({ weight: 8, arbitrary: fc.constant<string | undefined>(goodType) }, { weight: 1, arbitrary: fc.constantFrom<string | undefined>(...wrongTypes, undefined) }) : fc.option(fc.constantFrom("application/json", "text/plain"), { nil: undefined, freq: 8 }),
    body: json ? jsonBodyOf(spec, json.schema) : multipart ? uploadOf(spec, multipart.schema) : fc.option(fc.constantFrom("{}", "x"), { nil: undefined, freq: 8 }),
    ifMatch: fc.option(fc.oneof({ weight: 3, arbitrary: fc.constant({ current: true as const }) }, { weight: 1, arbitrary: fc.oneof(fc.constantFrom('"v1"', '"v2"', "*", 'W/"v1"', '"v99999999999"', '"v0"', "v1", ""), fc.string({ maxLength: 12 })).map((raw) => ({ raw })) }), { nil: undefined, freq: 4 }),
    idempotencyKey: fc.option(fc.oneof(fc.constantFrom("k1", "k2", "sync-1"), fc.string({ maxLength: 12 }), fc.constantFrom("x".repeat(256), "caf\u00e9", "a b")), { nil: undefined, freq: 2 }),
  });
}

/** Requests over every operation of the document, each operation equally likely. */
export function requestsOf(spec: Json): fc.Arbitrary<FuzzRequest> {
  const keys = keyNames(spec);
  return fc.oneof(...operationsOf(spec).map((operation) => requestOf(spec, operation, keys)));
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** The template against the run's fixtures: the key, an id from the pool, the id's current ETag. */
export function resolve(r: FuzzRequest, fixtures: Fixtures): ConcreteRequest {
  const params: Record<string, string> = {};
  let urlPath = r.path;
  for (const [name, choice] of Object.entries(r.pathValues)) {
    const pool = fixtures.ids.get(r.path.slice(0, r.path.indexOf(`/{${name}}`))) ?? [];
    const value = "pick" in choice ? (pool.length ? pool[choice.pick % pool.length]! : "00000000-0000-4000-8000-000000000000") : choice.raw;
    const inUrl = "pick" in choice ? value : /%[0-9A-Fa-f]{2}/.test(value) ? value : encodeURIComponent(value);
    urlPath = urlPath.replace(`{${name}}`, inUrl);
    params[name] = safeDecode(inUrl);
  }
  const headers: Record<string, string> = {};
  const key = fixtures.keys[r.key];
  if (key !== undefined) headers.authorization = `Bearer ${key}`;
  if (r.contentType !== undefined && r.body !== undefined) headers["content-type"] = r.contentType;
  if (r.ifMatch) headers["if-match"] = "current" in r.ifMatch ? (fixtures.etags.get(params.id ?? "") ?? '"v1"') : r.ifMatch.raw;
  if (r.idempotencyKey !== undefined) headers["idempotency-key"] = r.idempotencyKey;
  const sendsBody = r.body !== undefined && r.method !== "get";
  return { method: r.method.toUpperCase(), url: `/api/v1${urlPath}${r.query}`, params, headers, body: sendsBody ? r.body : undefined };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Ids and ETags from an answer to `path`, for later requests: the answer's own id and its items'
 * go to the collection the path names ("/controls/{id}" and "/controls" → "/controls"); ids in an
 * item's arrays go to the collection of the array's name ("evidence" → "/evidence").
 */
export function harvest(fixtures: Fixtures, path: string, body: unknown, etag: string | null) {
  const add = (collection: string, value: unknown) => {
    if (typeof value !== "string" || !UUID.test(value)) return;
    const pool = fixtures.ids.get(collection) ?? [];
    if (!pool.includes(value) && pool.length < 500) pool.push(value);
    fixtures.ids.set(collection, pool);
  };
  const item = (collection: string, value: unknown) => {
    if (!value || typeof value !== "object") return;
    add(collection, (value as Json).id);
    for (const [name, nested] of Object.entries(value as Json)) if (Array.isArray(nested)) for (const entry of nested.slice(0, 5)) add(`/${name}`, (entry as Json)?.id);
  };
  if (!body || typeof body !== "object") return;
  const record = body as Json;
  const collection = path.replace(/\/\{[^}]+\}$/, "");
  item(collection, record);
  if (etag && typeof record.id === "string") fixtures.etags.set(record.id, etag);
  for (const list of [record.data, record.items]) if (Array.isArray(list)) for (const entry of list.slice(0, 20)) item(collection, entry);
}

/** Before a run: every list (a GET without path parameters) with the all-scopes key, so the run knows real ids. */
export function primingRequests(spec: Json): FuzzRequest[] {
  return operationsOf(spec)
    .filter(({ method, pathParameters }) => method === "get" && pathParameters.length === 0)
    .map(({ path, method }) => ({ operation: `${method} ${path}`, path, method, key: "all", pathValues: {}, query: "" }));
}

/**
 * The response check: not a 5xx; a status the operation documents; a content type it documents
 * for that status; a JSON body valid against the documented schema (Ajv, JSON Schema 2020-12).
 * Returns what is wrong, or null.
 */
export function responseChecker(spec: Json) {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  ajv.addSchema({ $id: "spec", components: spec.components });
  const compiled = new Map<string, ReturnType<typeof ajv.compile>>();
  const validator = (schema: Json) => {
    const source = JSON.stringify(schema).replaceAll('"#/components/', '"spec#/components/');
    let validate = compiled.get(source);
    if (!validate) compiled.set(source, (validate = ajv.compile(JSON.parse(source))));
    return validate;
  };
  return (r: { path: string; method: string }, response: { status: number; contentType: string | null; text: string }): { problem: string | null; json?: unknown } => {
    if (response.status >= 500) return { problem: `${response.status}: ${response.text.slice(0, 300)}` };
    const documented = spec.paths[r.path][r.method].responses[String(response.status)] as Json | undefined;
    if (!documented) return { problem: `${response.status} is not documented: ${response.text.slice(0, 200)}` };
    if (!documented.content) return { problem: response.text.length && response.status === 204 ? "a 204 with a body" : null };
    const media = (response.contentType ?? "").split(";")[0]!.trim().toLowerCase();
    const content = documented.content[media] as Json | undefined;
    if (!content) return { problem: `${response.status} answered as "${media}", documented as ${Object.keys(documented.content).join(", ")}: ${response.text.slice(0, 200)}` };
    if (!media.endsWith("json")) return { problem: null };
    let json: unknown;
    try {
      json = JSON.parse(response.text);
    } catch {
      return { problem: `${response.status} ${media} is not JSON: ${response.text.slice(0, 200)}` };
    }
    const validate = validator(content.schema);
    return validate(json) ? { problem: null, json } : { problem: `${response.status} body does not match its schema: ${JSON.stringify(validate.errors).slice(0, 400)}`, json };
  };
}

/** A histogram of statuses, "200: 1,234 · 404: 56". */
export function histogram(statuses: number[]): string {
  const counts = new Map<number, number>();
  for (const status of statuses) counts.set(status, (counts.get(status) ?? 0) + 1);
  return [...counts.entries()].sort(([a], [b]) => a - b).map(([status, n]) => `${status}: ${n.toLocaleString("en")}`).join(" · ");
}
