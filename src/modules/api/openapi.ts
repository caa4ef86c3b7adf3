import * as z from "zod";
import { API_SCOPES } from "@/modules/permissions/api-scopes";
import { CONTENT_APIS, type ContentApi } from "./content-api";
import { accessDecisionResultSchema, evidenceInputSchema, evidenceOutSchema, frameworkInputSchema, frameworkListQuerySchema, frameworkPageSchema, frameworkSchemaOut, accessDecisionSchema, accessRequestListQuerySchema, accessRequestPageSchema, areaListSchema, controlInputSchema, controlListQuerySchema, controlPageSchema, controlSchemaOut, organizationSchema, problemSchema, publicationListSchema, publishInputSchema, publishResultSchema, publicationDetailSchema, publicationDiffQuerySchema, publicationDiffSchema, documentListQuerySchema, documentPageSchema, documentSchemaOut, documentUploadFieldsSchema, grantDetailSchemaOut, grantListQuerySchema, grantPageSchema, revokeInputSchema, subscriberListQuerySchema, subscriberPageSchema, webhookEndpointCreatedSchema, webhookEndpointInputSchema, webhookEndpointListQuerySchema, webhookEndpointPageSchema, webhookEndpointSchemaOut,
  approveRequestInputSchema, documentInputSchema, documentVersionFieldsSchema, documentVersionListQuerySchema, documentVersionPageSchema, publicationRequestInputSchema, publicationRequestListQuerySchema,
  publicationRequestPageSchema, publicationRequestSchemaOut, rejectRequestInputSchema, reviewInputSchema, reviewItemAnswerSchema, reviewItemInputSchema, reviewListQuerySchema, reviewPageSchema, reviewSchemaOut, reviewUpdateSchema,
  rotateSecretInputSchema, webhookDeliveryListQuerySchema, webhookDeliveryPageSchema, webhookSecretRotatedSchema, webhookTestResultSchema } from "./schemas";

/**
 * The OpenAPI 3.1 document of /api/v1, generated from the same zod schemas the handlers parse
 * and answer with (zod 4's z.toJSONSchema; JSON Schema 2020-12 is OpenAPI 3.1's dialect). Named
 * schemas (`.meta({ id })`) become components. Served at /api/v1/openapi.json; the API tests'
 * types are generated from it (npm run api:types), so the spec and the code cannot drift apart.
 */
type Json = Record<string, unknown>;
const components: Record<string, Json> = {};

/** A schema as JSON Schema, its named parts hoisted into components.schemas. */
function schemaOf(schema: z.ZodType, io: "input" | "output"): Json {
  const generated = JSON.stringify(z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any" }));
  const out = JSON.parse(generated.replaceAll('"#/$defs/', '"#/components/schemas/')) as Json;
  const defs = (out.$defs ?? {}) as Record<string, Json>;
  for (const [id, def] of Object.entries(defs)) components[id] = def;
  delete out.$defs;
  delete out.$schema;
  if (io === "input") optionalWhereDefaulted(schema, typeof out.$ref === "string" ? (components[out.$ref.split("/").pop()!] ?? out) : out);
  const id = schema.meta()?.id;
  if (typeof id === "string" && !out.$ref) {
    components[id] = out;
    return { $ref: `#/components/schemas/${id}` };
  }
  return out;
}

/**
 * A field is required in the request body exactly when the handler refuses it absent, asked of
 * the schema itself: blank text stored as "" or a default is optional, whatever the JSON Schema of
 * a preprocessed field says; a defaulted field piped into a check that refuses the default (an
 * FAQ's answer: "" then "Answer is required.") is required, though zod's generator calls it
 * optional. So the document claims neither more nor less than the parser needs (the fuzz run's
 * "valid" bodies without an answer were refused).
 */
function optionalWhereDefaulted(schema: z.ZodType, json: Json) {
  const shape = (schema as unknown as { shape?: Record<string, z.ZodType> }).shape;
  const properties = json.properties as Record<string, unknown> | undefined;
  if (!shape || !properties) return;
  const required = Object.keys(properties).filter((key) => shape[key] && !shape[key].safeParse(undefined).success);
  if (required.length) json.required = required;
  else delete json.required;
}

const problem = (description: string) => ({ description, content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } } });
const RATE_HEADERS = {
  RateLimit: { description: "draft-ietf-httpapi-ratelimit-headers: remaining requests and seconds to reset.", schema: { type: "string" }, example: '"per-key";r=599;t=60' },
  "RateLimit-Policy": { description: "The key's quota.", schema: { type: "string" }, example: '"per-key";q=600;w=60' },
};
const ETAG = { ETag: { description: 'The resource\'s version, for If-Match ("v<version>").', schema: { type: "string" }, example: '"v2"' } };

const common = {
  "401": problem("No key, or a key that is malformed, unknown, revoked or expired (WWW-Authenticate: Bearer)."),
  "403": problem("The key lacks the scope, or its creator's role does not allow the act."),
  "429": { ...problem("Too many requests with this key, or too many failed key verifications from this address; see Retry-After."), headers: { "Retry-After": { schema: { type: "integer" } } } },
};
const writeErrors = {
  "400": problem("Malformed JSON, not an object, or a string holding a lone UTF-16 surrogate."),
  "409": problem("A conflict with existing data (e.g. a duplicate reference), or an Idempotency-Key still in flight."),
  "413": problem("Body larger than 1 MiB."),
  "415": problem("Not application/json."),
  "422": problem("Invalid or unknown fields, with their paths."),
};
const ifMatch = { name: "If-Match", in: "header", required: true, description: 'The ETag you read, e.g. "v3". Missing: 428. Stale: 412.', schema: { type: "string" }, example: '"v1"' };
const idParam = { name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } };

function queryParameters(schema: z.ZodObject) {
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as { properties: Record<string, Json> };
  return Object.entries(json.properties).map(([name, property]) => ({ name, in: "query", required: false, schema: property }));
}

const ok = (schema: z.ZodType, description: string, headers: Json = {}) => ({ description, headers: { ...RATE_HEADERS, ...headers }, content: { "application/json": { schema: schemaOf(schema, "output") } } });
const scopes = (scope: keyof typeof API_SCOPES) => ({ "x-scope": scope, security: [{ apiKey: [] }] });

const TAGS = [
  { name: "organization", description: "The key's organisation." },
  { name: "controls", description: "Controls and their evidence." },
  { name: "frameworks", description: "Frameworks and certifications." },
  { name: "subprocessors", description: "Third parties that touch customer data; a change honours the notice period (ADR 031)." },
  { name: "faqs", description: "Questions security reviewers ask, answered once." },
  { name: "updates", description: "News for subscribers." },
  { name: "sections", description: "Free pages of the trust center." },
  { name: "documents", description: "Documents (metadata and their versions' files)." },
  { name: "publications", description: "The signed, hash-chained publications of the trust center." },
  { name: "subscribers", description: "People who follow the trust center's changes (scope subscribers:manage)." },
  { name: "webhooks", description: "Webhook endpoints (Standard Webhooks signatures; scope webhooks:manage)." },
  { name: "access", description: "Prospects' requests for NDA documents, and their decisions." },
  { name: "reviews", description: "Dated security reviews and their checklists." },
  { name: "publication-requests", description: "Four-eyes publishing (ADR 022): one person asks, an owner or admin approves (publishes exactly what was asked) or rejects." },
];

export function openApiDocument(): Json {
  const doc = {
    openapi: "3.1.0",
    info: {
      title: "Candor API",
      version: "1.0.0",
      description: "Your organisation's trust center, as the dashboard edits it. Authenticate with an API key (`Authorization: Bearer cndr_…`), created by an owner or admin under Dashboard → API keys. Errors are RFC 9457 problem details.",
      license: { name: "AGPL-3.0-or-later", identifier: "AGPL-3.0-or-later" },
    },
    servers: [{ url: "/api/v1" }],
    tags: TAGS,
    paths: {
      "/organization": {
        get: { operationId: "getOrganization", tags: ["organization"], summary: "The key's organisation", ...scopes("posture:read"), responses: { "200": ok(organizationSchema, "The organisation."), ...common } },
      },
      "/controls": {
        get: {
          operationId: "listControls", tags: ["controls"], summary: "List controls (the dashboard's filters), by cursor", ...scopes("posture:read"),
          parameters: queryParameters(controlListQuerySchema),
          responses: { "200": ok(controlPageSchema, "A page of controls; pass nextCursor as cursor for the next."), "400": problem("A cursor this API did not give out."), "422": problem("An invalid or unknown query parameter."), ...common },
        },
        post: {
          operationId: "createControl", tags: ["controls"], summary: "Create a control", ...scopes("posture:write"),
          parameters: [{ name: "Idempotency-Key", in: "header", required: false, description: "Retries with the same key within 24 hours get the first response again.", schema: { type: "string", minLength: 1, maxLength: 255 }, example: "sync-2026-12-01-AC-01" }],
          requestBody: { required: true, content: { "application/json": { schema: schemaOf(controlInputSchema, "input") } } },
          responses: { "201": ok(controlSchemaOut, "Created.", { ...ETAG, Location: { schema: { type: "string" } } }), ...writeErrors, ...common },
        },
      },
      "/controls/{id}": {
        parameters: [idParam],
        get: { operationId: "getControl", tags: ["controls"], summary: "A control with its evidence", ...scopes("posture:read"), responses: { "200": ok(controlSchemaOut, "The control.", ETAG), "404": problem("No such control in this organisation."), ...common } },
        put: {
          operationId: "replaceControl", tags: ["controls"], summary: "Replace a control (If-Match required)", ...scopes("posture:write"),
          parameters: [ifMatch],
          requestBody: { required: true, content: { "application/json": { schema: schemaOf(controlInputSchema, "input") } } },
          responses: { "200": ok(controlSchemaOut, "Saved.", ETAG), "404": problem("No such control in this organisation."), "412": problem("The control changed since your ETag."), "428": problem("If-Match is required."), ...writeErrors, ...common },
        },
        delete: {
          operationId: "deleteControl", tags: ["controls"], summary: "Delete a control (If-Match required)", ...scopes("posture:write"),
          parameters: [ifMatch],
          responses: { "204": { description: "Deleted.", headers: RATE_HEADERS }, "404": problem("No such control in this organisation."), "412": problem("The control changed since your ETag."), "428": problem("If-Match is required."), ...common },
        },
      },
      "/publications": {
        get: { operationId: "listPublications", tags: ["publications"], summary: "The latest publications", ...scopes("posture:read"), responses: { "200": ok(publicationListSchema, "The 50 most recent links of the chain, newest first."), ...common } },
        post: {
          operationId: "publish", tags: ["publications"], summary: "Publish the draft (the publish rule applies)", ...scopes("publish"),
          description: "Owners' and admins' keys only. Refused with 403 when the organisation requires a second person to publish (four-eyes, ADR 022). Send {} as the body.",
          parameters: [{ name: "Idempotency-Key", in: "header", required: false, description: "Retries with the same key within 24 hours get the first response again.", schema: { type: "string", minLength: 1, maxLength: 255 } }],
          requestBody: { required: true, content: { "application/json": { schema: schemaOf(publishInputSchema, "input"), example: {} } } },
          responses: { "201": ok(publishResultSchema, "Published: a new link of the chain."), "200": ok(publishResultSchema, "The draft was already live: nothing appended."), ...writeErrors, ...common },
        },
      },
      ...evidencePaths(),
      ...publicationPaths(),
      ...documentPaths(),
      ...frameworkPaths(),
      ...Object.values(CONTENT_APIS).reduce((paths, api) => ({ ...paths, ...contentPaths(api) }), {}),
      ...accessPaths(),
      ...grantPaths(),
      ...subscriberPaths(),
      ...webhookPaths(),
      ...webhookActionPaths(),
      ...reviewPaths(),
      ...publicationRequestPaths(),
      "/control-areas": {
        get: { operationId: "listControlAreas", tags: ["controls"], summary: "Control areas with their control counts", ...scopes("posture:read"), responses: { "200": ok(areaListSchema, "Every area, in order."), ...common } },
      },
    },
    components: {
      securitySchemes: { apiKey: { type: "http", scheme: "bearer", bearerFormat: "cndr_<id>_<secret>", description: `Scopes (each operation names its own in x-scope): ${Object.keys(API_SCOPES).join(", ")}.` } },
      schemas: {} as Record<string, Json>,
    },
  };
  schemaOf(problemSchema, "output");
  withUrlRefusal(doc.paths as Record<string, Json>);
  doc.components.schemas = Object.fromEntries(Object.entries(components).sort(([a], [b]) => a.localeCompare(b)));
  return doc;
}

const URL_REFUSAL = "a URL (path or query) holding a control character or bytes that are not UTF-8, refused before the API reads it";

/**
 * Every operation can meet the front server's 400 (src/server/front.ts: a URL that is not text is
 * refused for every route at once), so every operation documents it, whatever else its 400 means.
 */
function withUrlRefusal(paths: Record<string, Json>) {
  for (const item of Object.values(paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (method === "parameters") continue;
      const responses = (op as { responses: Record<string, Json> }).responses;
      const existing = responses["400"];
      responses["400"] = existing ? { ...existing, description: `${String(existing.description).replace(/\.$/, "")}; or ${URL_REFUSAL}.` } : problem(`Bad request: ${URL_REFUSAL}.`);
    }
  }
}

/** The access-request operations (issue 12's review queue, ADR 029). */
function accessPaths() {
  return {
    "/access-requests": {
      get: {
        operationId: "listAccessRequests", tags: ["access"], summary: "The review queue (verified requests, newest first), by cursor", ...scopes("access:read"),
        parameters: queryParameters(accessRequestListQuerySchema),
        responses: { "200": ok(accessRequestPageSchema, "A page of requests."), "400": problem("A cursor this API did not give out."), "422": problem("An invalid or unknown query parameter."), ...common },
      },
    },
    "/access-requests/{id}/decision": {
      parameters: [idParam],
      post: {
        operationId: "decideAccessRequest", tags: ["access"], summary: "Approve or deny a pending request", ...scopes("access:decide"),
        description: "As the dashboard does: approving creates the grant and emails the requester their access link (never returned here); denying emails the reason unless notify is false.",
        parameters: [{ name: "Idempotency-Key", in: "header", required: false, description: "Retries with the same key within 24 hours get the first response again.", schema: { type: "string", minLength: 1, maxLength: 255 } }],
        requestBody: { required: true, content: { "application/json": { schema: schemaOf(accessDecisionSchema, "input") } } },
        responses: { "200": ok(accessDecisionResultSchema, "Decided."), "404": problem("No such request in this organisation."), ...writeErrors, ...common },
      },
    },
  };
}

/** Evidence is added and removed one item at a time, beside the control (ADR 023: no version, no If-Match). */
function evidencePaths() {
  return {
    "/controls/{id}/evidence": {
      parameters: [idParam],
      post: {
        operationId: "addEvidence", tags: ["controls"], summary: "Add an evidence item to a control", ...scopes("posture:write"),
        parameters: [{ name: "Idempotency-Key", in: "header", required: false, description: "Retries with the same key within 24 hours get the first response again.", schema: { type: "string", minLength: 1, maxLength: 255 } }],
        requestBody: { required: true, content: { "application/json": { schema: schemaOf(evidenceInputSchema, "input") } } },
        responses: { "201": ok(evidenceOutSchema, "Added, after the others."), "404": problem("No such control in this organisation."), ...writeErrors, ...common },
      },
    },
    "/evidence/{id}": {
      parameters: [idParam],
      delete: {
        operationId: "removeEvidence", tags: ["controls"], summary: "Remove an evidence item", ...scopes("posture:write"),
        responses: { "204": { description: "Removed.", headers: RATE_HEADERS }, "404": problem("No such evidence in this organisation."), ...common },
      },
    },
  };
}

/** Frameworks and certifications: the content kit's list, create, replace and delete. */
function frameworkPaths() {
  const idempotency = { name: "Idempotency-Key", in: "header", required: false, description: "Retries with the same key within 24 hours get the first response again.", schema: { type: "string", minLength: 1, maxLength: 255 } };
  const input = { required: true, content: { "application/json": { schema: schemaOf(frameworkInputSchema, "input") } } };
  const missing = problem("No such framework in this organisation.");
  return {
    "/frameworks": {
      get: {
        operationId: "listFrameworks", tags: ["frameworks"], summary: "List frameworks, by cursor", ...scopes("posture:read"), parameters: queryParameters(frameworkListQuerySchema),
        responses: { "200": ok(frameworkPageSchema, "A page of frameworks."), "400": problem("A cursor this API did not give out."), "422": problem("An invalid or unknown query parameter."), ...common },
      },
      post: { operationId: "createFramework", tags: ["frameworks"], summary: "Create a framework", ...scopes("posture:write"), parameters: [idempotency], requestBody: input, responses: { "201": ok(frameworkSchemaOut, "Created.", { ...ETAG, Location: { schema: { type: "string" } } }), ...writeErrors, ...common } },
    },
    "/frameworks/{id}": {
      parameters: [idParam],
      get: { operationId: "getFramework", tags: ["frameworks"], summary: "A framework", ...scopes("posture:read"), responses: { "200": ok(frameworkSchemaOut, "The framework.", ETAG), "404": missing, ...common } },
      put: {
        operationId: "replaceFramework", tags: ["frameworks"], summary: "Replace a framework (If-Match required)", ...scopes("posture:write"), parameters: [ifMatch], requestBody: input,
        responses: { "200": ok(frameworkSchemaOut, "Saved.", ETAG), "404": missing, "412": problem("The framework changed since your ETag."), "428": problem("If-Match is required."), ...writeErrors, ...common },
      },
      delete: {
        operationId: "deleteFramework", tags: ["frameworks"], summary: "Delete a framework (If-Match required)", ...scopes("posture:write"), parameters: [ifMatch],
        responses: { "204": { description: "Deleted.", headers: RATE_HEADERS }, "404": missing, "409": problem("A conflict."), "412": problem("The framework changed since your ETag."), "428": problem("If-Match is required."), ...common },
      },
    },
  };
}

/** One link of the chain by its seq, and the changelog's lines between two links. */
function publicationPaths() {
  const seqParam = { name: "seq", in: "path", required: true, schema: { type: "integer", minimum: 1 } };
  const missing = problem("No such publication in this organisation.");
  return {
    "/publications/{seq}": {
      parameters: [seqParam],
      get: { operationId: "getPublication", tags: ["publications"], summary: "One publication, with its signature and public key", ...scopes("posture:read"), responses: { "200": ok(publicationDetailSchema, "The signed link."), "404": missing, ...common } },
    },
    "/publications/{seq}/diff": {
      parameters: [seqParam],
      get: {
        operationId: "diffPublication", tags: ["publications"], summary: "What changed between two publications", ...scopes("posture:read"),
        description: "The changelog's lines between `from` (default: the publication before; 0: before the first) and this one.",
        parameters: queryParameters(publicationDiffQuerySchema),
        responses: { "200": ok(publicationDiffSchema, "The changes."), "404": missing, "422": problem("An invalid or unknown query parameter."), ...common },
      },
    },
  };
}

/** One content-kit resource (subprocessors, FAQs, updates, sections): its own operations, schemas and filter. */
function contentPaths(api: ContentApi) {
  const idempotency = { name: "Idempotency-Key", in: "header", required: false, description: "Retries with the same key within 24 hours get the first response again.", schema: { type: "string", minLength: 1, maxLength: 255 } };
  const input = { required: true, content: { "application/json": { schema: schemaOf(api.input, "input") } } };
  const missing = problem(`No such ${api.noun} in this organisation.`);
  const tag = api.kind;
  const item: Record<string, Json> = {
    get: { operationId: `get${api.singular}`, tags: [tag], summary: `A ${api.noun}`, ...scopes("posture:read"), responses: { "200": ok(api.out, `The ${api.noun}.`, ETAG), "404": missing, ...common } },
    put: {
      operationId: `replace${api.singular}`, tags: [tag], summary: `Replace a ${api.noun} (If-Match required)`, ...scopes("posture:write"), parameters: [ifMatch], requestBody: input,
      ...(api.deletable ? {} : { description: "A subprocessor is never deleted: set status REMOVED with removedAt, so the history stays visible." }),
      responses: { "200": ok(api.out, "Saved.", ETAG), "404": missing, "412": problem(`The ${api.noun} changed since your ETag.`), "428": problem("If-Match is required."), ...writeErrors, ...common },
    },
  };
  if (api.deletable) {
    item.delete = {
      operationId: `delete${api.singular}`, tags: [tag], summary: `Delete a ${api.noun} (If-Match required)`, ...scopes("posture:write"), parameters: [ifMatch],
      responses: { "204": { description: "Deleted.", headers: RATE_HEADERS }, "404": missing, "412": problem(`The ${api.noun} changed since your ETag.`), "428": problem("If-Match is required."), ...common },
    };
  }
  return {
    [api.path]: {
      get: {
        operationId: `list${api.plural}`, tags: [tag], summary: `List ${api.noun}s, by cursor`, ...scopes("posture:read"), parameters: queryParameters(api.query),
        responses: { "200": ok(api.page, `A page of ${api.noun}s.`), "400": problem("A cursor this API did not give out."), "422": problem("An invalid or unknown query parameter."), ...common },
      },
      post: { operationId: `create${api.singular}`, tags: [tag], summary: `Create a ${api.noun}`, ...scopes("posture:write"), parameters: [idempotency], requestBody: input, responses: { "201": ok(api.out, "Created.", { ...ETAG, Location: { schema: { type: "string" } } }), ...writeErrors, ...common } },
    },
    [`${api.path}/{id}`]: { parameters: [idParam], ...item },
  };
}

/** Documents: metadata list and get, and a version's bytes (the dashboard's download headers). */
function documentPaths() {
  const missing = problem("No such document (or version) in this organisation.");
  const binary = { schema: { type: "string", contentMediaType: "application/octet-stream" } };
  return {
    "/documents": {
      get: {
        operationId: "listDocuments", tags: ["documents"], summary: "List documents with their latest version, by cursor", ...scopes("posture:read"), parameters: queryParameters(documentListQuerySchema),
        responses: { "200": ok(documentPageSchema, "A page of documents, in the dashboard's order."), "400": problem("A cursor this API did not give out."), "422": problem("An invalid or unknown query parameter."), ...common },
      },
      post: {
        operationId: "uploadDocument", tags: ["documents"], summary: "Upload a document (its version 1)", ...scopes("posture:write"),
        description: "multipart/form-data: `file` (PDF, PNG, JPEG, text or Markdown, at most 25 MiB; the type is checked from the bytes) and the document's fields. Unknown fields are refused.",
        parameters: [{ name: "Idempotency-Key", in: "header", required: false, description: "Retries with the same key and the same bytes within 24 hours get the first response again.", schema: { type: "string", minLength: 1, maxLength: 255 } }],
        requestBody: { required: true, content: { "multipart/form-data": { schema: uploadSchema(), encoding: { file: { contentType: "application/pdf, image/png, image/jpeg, text/plain, text/markdown" } } } } },
        responses: {
          "201": ok(documentSchemaOut, "Uploaded.", { ...ETAG, Location: { schema: { type: "string" } } }),
          "400": problem("Not a readable multipart body."), "409": problem("An Idempotency-Key still in flight."), "413": problem("Body larger than 26 MiB."), "415": problem("Not multipart/form-data."),
          "422": problem("A missing, empty, too large or refused file (path `file`), or invalid or unknown fields."), ...common,
        },
      },
    },
    "/documents/{id}": {
      parameters: [idParam],
      get: { operationId: "getDocument", tags: ["documents"], summary: "A document with all its versions", ...scopes("posture:read"), responses: { "200": ok(documentSchemaOut, "The document.", ETAG), "404": missing, ...common } },
      ...documentWrites(missing),
    },
    ...documentVersionPaths(missing),
    "/documents/{id}/versions/{number}/file": {
      parameters: [idParam, { name: "number", in: "path", required: true, schema: { type: "integer", minimum: 1 } }],
      get: {
        operationId: "downloadDocumentVersion", tags: ["documents"], summary: "Download one version's file", ...scopes("posture:read"),
        description: "The bytes as uploaded, checked against their recorded SHA-256 (also sent as X-Content-SHA256). Content-Disposition: attachment.",
        responses: {
          "200": {
            description: "The file.",
            headers: { ...RATE_HEADERS, "Content-Disposition": { schema: { type: "string" } }, "X-Content-SHA256": { schema: { type: "string" } } },
            content: { "application/pdf": binary, "image/png": binary, "image/jpeg": binary, "text/plain": binary, "text/markdown": binary },
          },
          "404": missing, ...common,
        },
      },
    },
  };
}

/** The upload's form: the strict fields schema plus the file part. */
function uploadSchema(): Json {
  const fields = z.toJSONSchema(documentUploadFieldsSchema, { target: "draft-2020-12", io: "input", unrepresentable: "any" }) as { properties: Record<string, Json>; required?: string[] };
  return { type: "object", properties: { file: { type: "string", contentMediaType: "application/octet-stream" }, ...fields.properties }, required: ["file", ...(fields.required ?? [])], additionalProperties: false };
}

/** Access grants: the dashboard's list and detail, and revocation (If-Match). */
function grantPaths() {
  const missing = problem("No such grant in this organisation.");
  return {
    "/grants": {
      get: {
        operationId: "listGrants", tags: ["access"], summary: "Access grants by state (active, expired, revoked), by cursor", ...scopes("access:read"), parameters: queryParameters(grantListQuerySchema),
        responses: { "200": ok(grantPageSchema, "A page of grants, newest first."), "400": problem("A cursor this API did not give out."), "422": problem("An invalid or unknown query parameter."), ...common },
      },
    },
    "/grants/{id}": {
      parameters: [idParam],
      get: { operationId: "getGrant", tags: ["access"], summary: "A grant with its recent downloads and NDA acceptances", ...scopes("access:read"), responses: { "200": ok(grantDetailSchemaOut, "The grant.", ETAG), "404": missing, ...common } },
    },
    "/grants/{id}/revocation": {
      parameters: [idParam],
      post: {
        operationId: "revokeGrant", tags: ["access"], summary: "Revoke a grant (If-Match required)", ...scopes("access:decide"),
        description: "As the dashboard does: the grantee's sessions end at once and a grant.revoked webhook is sent. Send {} as the body.",
        parameters: [ifMatch, { name: "Idempotency-Key", in: "header", required: false, description: "Retries with the same key within 24 hours get the first response again.", schema: { type: "string", minLength: 1, maxLength: 255 } }],
        requestBody: { required: true, content: { "application/json": { schema: schemaOf(revokeInputSchema, "input"), example: {} } } },
        responses: { "200": ok(grantDetailSchemaOut, "Revoked.", ETAG), "404": missing, "412": problem("The grant changed since your ETag."), "428": problem("If-Match is required."), ...writeErrors, "409": problem("Already revoked, or an Idempotency-Key still in flight."), ...common },
      },
    },
  };
}

/** Subscribers: the dashboard's list, its CSV export (audited) and removal. */
function subscriberPaths() {
  return {
    "/subscribers": {
      get: {
        operationId: "listSubscribers", tags: ["subscribers"], summary: "Subscribers (search, status), newest first, by cursor", ...scopes("subscribers:manage"), parameters: queryParameters(subscriberListQuerySchema),
        responses: { "200": ok(subscriberPageSchema, "A page of subscribers."), "400": problem("A cursor this API did not give out."), "422": problem("An invalid or unknown query parameter."), ...common },
      },
    },
    "/subscribers/export.csv": {
      get: {
        operationId: "exportSubscribers", tags: ["subscribers"], summary: "Every subscriber as CSV (the export is audited)", ...scopes("subscribers:manage"),
        responses: { "200": { description: "email, status, topics, subscribed_at, confirmed_at, unsubscribed_at, host, ip; formula-safe cells.", headers: RATE_HEADERS, content: { "text/csv": { schema: { type: "string" } } } }, ...common },
      },
    },
    "/subscribers/{id}": {
      parameters: [idParam],
      delete: {
        operationId: "removeSubscriber", tags: ["subscribers"], summary: "Remove a subscriber", ...scopes("subscribers:manage"),
        responses: { "204": { description: "Removed (the notices already sent keep their address).", headers: RATE_HEADERS }, "404": problem("No such subscriber in this organisation."), ...common },
      },
    },
  };
}

/** Webhook endpoints: list, create (the secret shown once), get, replace, delete. */
function webhookPaths() {
  const idempotency = { name: "Idempotency-Key", in: "header", required: false, description: "Retries with the same key within 24 hours get the first response (with the secret) again.", schema: { type: "string", minLength: 1, maxLength: 255 } };
  const input = { required: true, content: { "application/json": { schema: schemaOf(webhookEndpointInputSchema, "input") } } };
  const missing = problem("No such webhook endpoint in this organisation.");
  return {
    "/webhooks": {
      get: {
        operationId: "listWebhookEndpoints", tags: ["webhooks"], summary: "Webhook endpoints, by cursor", ...scopes("webhooks:manage"), parameters: queryParameters(webhookEndpointListQuerySchema),
        responses: { "200": ok(webhookEndpointPageSchema, "A page of endpoints (never their secrets)."), "400": problem("A cursor this API did not give out."), "422": problem("An invalid or unknown query parameter."), ...common },
      },
      post: {
        operationId: "createWebhookEndpoint", tags: ["webhooks"], summary: "Create a webhook endpoint (its secret shown once)", ...scopes("webhooks:manage"),
        description: "https:// to public addresses only. The answer carries the signing secret; no other answer ever does.", parameters: [idempotency], requestBody: input,
        responses: { "201": ok(webhookEndpointCreatedSchema, "Created.", { ...ETAG, Location: { schema: { type: "string" } } }), ...writeErrors, "409": problem("20 endpoints already, or an Idempotency-Key still in flight."), ...common },
      },
    },
    "/webhooks/{id}": {
      parameters: [idParam],
      get: { operationId: "getWebhookEndpoint", tags: ["webhooks"], summary: "A webhook endpoint", ...scopes("webhooks:manage"), responses: { "200": ok(webhookEndpointSchemaOut, "The endpoint.", ETAG), "404": missing, ...common } },
      put: {
        operationId: "replaceWebhookEndpoint", tags: ["webhooks"], summary: "Replace a webhook endpoint (If-Match required)", ...scopes("webhooks:manage"), parameters: [ifMatch], requestBody: input,
        responses: { "200": ok(webhookEndpointSchemaOut, "Saved.", ETAG), "404": missing, "412": problem("The endpoint changed since your ETag."), "428": problem("If-Match is required."), ...writeErrors, ...common },
      },
      delete: {
        operationId: "deleteWebhookEndpoint", tags: ["webhooks"], summary: "Delete a webhook endpoint (If-Match required)", ...scopes("webhooks:manage"), parameters: [ifMatch],
        responses: { "204": { description: "Deleted.", headers: RATE_HEADERS }, "404": missing, "412": problem("The endpoint changed since your ETag."), "428": problem("If-Match is required."), ...common },
      },
    },
  };
}

const IDEMPOTENCY = { name: "Idempotency-Key", in: "header", required: false, description: "Retries with the same key within 24 hours get the first response again.", schema: { type: "string", minLength: 1, maxLength: 255 }, example: "ci-run-4711" };
const deleted = (what: string) => ({ "204": { description: "Deleted.", headers: RATE_HEADERS }, "404": problem(`No such ${what} in this organisation.`), "412": problem(`The ${what} changed since your ETag.`), "428": problem("If-Match is required."), ...common });

/** A document's fields (If-Match) and its deletion. */
function documentWrites(missing: Json) {
  return {
    put: {
      operationId: "updateDocument", tags: ["documents"], summary: "Update a document's fields (If-Match required)", ...scopes("posture:write"), parameters: [ifMatch],
      description: "Title, description, category and visibility. A new file is a new version: POST /documents/{id}/versions.",
      requestBody: { required: true, content: { "application/json": { schema: schemaOf(documentInputSchema, "input") } } },
      responses: { "200": ok(documentSchemaOut, "Saved.", ETAG), "404": missing, "412": problem("The document changed since your ETag."), "428": problem("If-Match is required."), ...writeErrors, ...common },
    },
    delete: { operationId: "deleteDocument", tags: ["documents"], summary: "Delete a document and every version (If-Match required)", ...scopes("posture:write"), parameters: [ifMatch], responses: deleted("document") },
  };
}

/** A document's versions: the list, and a new upload. */
function documentVersionPaths(missing: Json) {
  const fields = z.toJSONSchema(documentVersionFieldsSchema, { target: "draft-2020-12", io: "input", unrepresentable: "any" }) as { properties: Record<string, Json> };
  const form = { type: "object", properties: { file: { type: "string", contentMediaType: "application/octet-stream" }, ...fields.properties }, required: ["file"], additionalProperties: false };
  return {
    "/documents/{id}/versions": {
      parameters: [idParam],
      get: {
        operationId: "listDocumentVersions", tags: ["documents"], summary: "A document's versions, newest first, by cursor", ...scopes("posture:read"), parameters: queryParameters(documentVersionListQuerySchema),
        responses: { "200": ok(documentVersionPageSchema, "A page of versions."), "400": problem("A cursor this API did not give out."), "404": missing, "422": problem("An invalid or unknown query parameter."), ...common },
      },
      post: {
        operationId: "uploadDocumentVersion", tags: ["documents"], summary: "Upload a new version of a document's file", ...scopes("posture:write"),
        description: "multipart/form-data: `file` (PDF, PNG, JPEG, text or Markdown, at most 25 MiB; the type is checked from the bytes), `label` and `effectiveDate`. Earlier versions stay downloadable; the document's ETag changes.",
        parameters: [{ ...IDEMPOTENCY, description: "Retries with the same key and the same bytes within 24 hours get the first response again." }],
        requestBody: { required: true, content: { "multipart/form-data": { schema: form, encoding: { file: { contentType: "application/pdf, image/png, image/jpeg, text/plain, text/markdown" } } } } },
        responses: {
          "201": ok(documentSchemaOut, "Uploaded: the document with its new version first.", { ...ETAG, Location: { description: "The new version's file.", schema: { type: "string" } } }),
          "400": problem("Not a readable multipart body."), "404": missing, "409": problem("Another upload of this document at the same moment, or an Idempotency-Key still in flight."), "413": problem("Body larger than 26 MiB."),
          "415": problem("Not multipart/form-data."), "422": problem("A missing, empty, too large or refused file (path `file`), or invalid or unknown fields."), ...common,
        },
      },
    },
  };
}

/** Dated security reviews: the dashboard's list, create, get, replace (header fields) and delete. */
function reviewPaths() {
  const missing = problem("No such review in this organisation.");
  return {
    "/reviews": {
      get: {
        operationId: "listReviews", tags: ["reviews"], summary: "Reviews, newest first, with their rows counted by result, by cursor", ...scopes("posture:read"), parameters: queryParameters(reviewListQuerySchema),
        responses: { "200": ok(reviewPageSchema, "A page of reviews."), "400": problem("A cursor this API did not give out."), "422": problem("An invalid or unknown query parameter."), ...common },
      },
      post: {
        operationId: "createReview", tags: ["reviews"], summary: "Create a review (its template's checklist is copied in)", ...scopes("posture:write"), parameters: [IDEMPOTENCY],
        requestBody: { required: true, content: { "application/json": { schema: schemaOf(reviewInputSchema, "input") } } },
        responses: { "201": ok(reviewSchemaOut, "Created.", { ...ETAG, Location: { schema: { type: "string" } } }), ...writeErrors, ...common },
      },
    },
    "/reviews/{id}": {
      parameters: [idParam],
      get: { operationId: "getReview", tags: ["reviews"], summary: "A review with its checklist rows", ...scopes("posture:read"), responses: { "200": ok(reviewSchemaOut, "The review.", ETAG), "404": missing, ...common } },
      put: {
        operationId: "replaceReview", tags: ["reviews"], summary: "Replace a review's title, date, summary and visibility (If-Match required)", ...scopes("posture:write"), parameters: [ifMatch],
        requestBody: { required: true, content: { "application/json": { schema: schemaOf(reviewUpdateSchema, "input") } } },
        responses: { "200": ok(reviewSchemaOut, "Saved.", ETAG), "404": missing, "412": problem("The review (or one of its rows) changed since your ETag."), "428": problem("If-Match is required."), ...writeErrors, ...common },
      },
      delete: { operationId: "deleteReview", tags: ["reviews"], summary: "Delete a review and its rows (If-Match required)", ...scopes("posture:write"), parameters: [ifMatch], responses: deleted("review") },
    },
    ...reviewItemPaths(missing),
  };
}

/** A review's checklist rows: add one, answer one, remove one (rows have no version of their own, as evidence). */
function reviewItemPaths(missingReview: Json) {
  const missing = problem("No such checklist row in this organisation.");
  return {
    "/reviews/{id}/items": {
      parameters: [idParam],
      post: {
        operationId: "addReviewItem", tags: ["reviews"], summary: "Add a row of one's own at the end of the review", ...scopes("posture:write"), parameters: [IDEMPOTENCY],
        requestBody: { required: true, content: { "application/json": { schema: schemaOf(reviewItemInputSchema, "input") } } },
        responses: { "201": ok(reviewSchemaOut, "Added: the review with its rows (its ETag moves).", { ...ETAG, Location: { description: "The new row.", schema: { type: "string" } } }), "404": missingReview, ...writeErrors, ...common },
      },
    },
    "/review-items/{id}": {
      parameters: [idParam],
      put: {
        operationId: "answerReviewItem", tags: ["reviews"], summary: "Answer a checklist row (result, evidence, finding, resolution)", ...scopes("posture:write"),
        description: "The row's area, reference and question stay as stored. A remediated finding links to its fix (remediationUrl); an accepted one needs its rationale. No If-Match: rows have no version of their own; the review's ETag moves.",
        requestBody: { required: true, content: { "application/json": { schema: schemaOf(reviewItemAnswerSchema, "input") } } },
        responses: { "200": ok(reviewSchemaOut, "Saved: the review with its rows.", ETAG), "404": missing, ...writeErrors, ...common },
      },
      delete: {
        operationId: "removeReviewItem", tags: ["reviews"], summary: "Remove a checklist row", ...scopes("posture:write"),
        responses: { "204": { description: "Removed.", headers: RATE_HEADERS }, "404": missing, ...common },
      },
    },
  };
}

/** Four-eyes publishing over the API: ask, read, approve (publish what was asked), reject. */
function publicationRequestPaths() {
  const missing = problem("No such publication request in this organisation.");
  const body = (schema: z.ZodType, example?: Json) => ({ required: true, content: { "application/json": { schema: schemaOf(schema, "input"), ...(example ? { example } : {}) } } });
  return {
    "/publication-requests": {
      get: {
        operationId: "listPublicationRequests", tags: ["publication-requests"], summary: "Publication requests, newest first, by status, by cursor", ...scopes("publish"),
        description: "For keys whose creator may request publication (owners, admins, editors), as the publish page shows them.", parameters: queryParameters(publicationRequestListQuerySchema),
        responses: { "200": ok(publicationRequestPageSchema, "A page of requests."), "400": problem("A cursor this API did not give out."), "422": problem("An invalid or unknown query parameter."), ...common },
      },
      post: {
        operationId: "requestPublication", tags: ["publication-requests"], summary: "Ask to publish the draft as it is now", ...scopes("publish"),
        description: "Editors' keys too. Owners and admins are mailed; a pending request is superseded. Nothing is public until someone approves it.", parameters: [IDEMPOTENCY], requestBody: body(publicationRequestInputSchema),
        responses: { "201": ok(publicationRequestSchemaOut, "Requested.", { Location: { schema: { type: "string" } } }), ...writeErrors, "409": problem("Nothing to publish, the same draft already waits, or an Idempotency-Key still in flight."), ...common },
      },
    },
    "/publication-requests/{id}": {
      parameters: [idParam],
      get: { operationId: "getPublicationRequest", tags: ["publication-requests"], summary: "A request, with what approving it would publish", ...scopes("publish"), responses: { "200": ok(publicationRequestSchemaOut, "The request."), "404": missing, ...common } },
    },
    "/publication-requests/{id}/approval": {
      parameters: [idParam],
      post: {
        operationId: "approvePublicationRequest", tags: ["publication-requests"], summary: "Approve: publish exactly what was requested", ...scopes("publish"),
        description: "Owners' and admins' keys. Refused (409) when the draft changed since the request or the request was already decided; under four-eyes publishing, refused (403) when the key's creator made the request. Send {} as the body.",
        parameters: [IDEMPOTENCY], requestBody: body(approveRequestInputSchema, {}),
        responses: { "201": ok(publishResultSchema, "Published: a new link of the chain."), "200": ok(publishResultSchema, "Approved; the requested draft was already live, nothing appended."), "404": missing, ...writeErrors, "409": problem("The draft changed since the request, or it was already decided."), ...common },
      },
    },
    "/publication-requests/{id}/rejection": {
      parameters: [idParam],
      post: {
        operationId: "rejectPublicationRequest", tags: ["publication-requests"], summary: "Reject a pending request, with a reason (mailed to the requester)", ...scopes("publish"), parameters: [IDEMPOTENCY], requestBody: body(rejectRequestInputSchema),
        responses: { "200": ok(publicationRequestSchemaOut, "Rejected."), "404": missing, ...writeErrors, "409": problem("Already decided, or an Idempotency-Key still in flight."), ...common },
      },
    },
  };
}

/** A webhook endpoint's acts: a test delivery, a new signing secret, the delivery log. */
function webhookActionPaths() {
  const missing = problem("No such webhook endpoint in this organisation.");
  return {
    "/webhooks/{id}/test": {
      parameters: [idParam],
      post: {
        operationId: "testWebhookEndpoint", tags: ["webhooks"], summary: "Send a test event (webhook.ping)", ...scopes("webhooks:manage"), parameters: [IDEMPOTENCY],
        description: "Queued like any event; its delivery appears in GET /webhooks/{id}/deliveries. No body.",
        responses: { "202": ok(webhookTestResultSchema, "Queued."), "404": missing, "409": problem("The endpoint is disabled, or an Idempotency-Key still in flight."), "422": problem("This Idempotency-Key was used for a different request."), ...common },
      },
    },
    "/webhooks/{id}/secret": {
      parameters: [idParam],
      post: {
        operationId: "rotateWebhookSecret", tags: ["webhooks"], summary: "Rotate the signing secret (shown once; If-Match required)", ...scopes("webhooks:manage"),
        description: "The answer carries the new secret; for 24 hours each message is signed with the old and the new one. An Idempotency-Key replay returns the same answer. Send {} as the body.",
        parameters: [ifMatch, IDEMPOTENCY], requestBody: { required: true, content: { "application/json": { schema: schemaOf(rotateSecretInputSchema, "input"), example: {} } } },
        responses: { "200": ok(webhookSecretRotatedSchema, "Rotated.", ETAG), "404": missing, "412": problem("The endpoint changed since your ETag."), "428": problem("If-Match is required."), ...writeErrors, ...common },
      },
    },
    "/webhooks/{id}/deliveries": {
      parameters: [idParam],
      get: {
        operationId: "listWebhookDeliveries", tags: ["webhooks"], summary: "The endpoint's delivery log, newest first, by cursor", ...scopes("webhooks:manage"), parameters: queryParameters(webhookDeliveryListQuerySchema),
        responses: { "200": ok(webhookDeliveryPageSchema, "A page of delivery attempts."), "400": problem("A cursor this API did not give out."), "404": missing, "422": problem("An invalid or unknown query parameter."), ...common },
      },
    },
  };
}
