import Ajv2020 from "@redocly/ajv/dist/2020";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as accessDecision from "@/app/api/v1/access-requests/[id]/decision/route";
import * as accessRequests from "@/app/api/v1/access-requests/route";
import * as areas from "@/app/api/v1/control-areas/route";
import * as control from "@/app/api/v1/controls/[id]/route";
import * as controlEvidence from "@/app/api/v1/controls/[id]/evidence/route";
import * as evidence from "@/app/api/v1/evidence/[id]/route";
import * as framework from "@/app/api/v1/frameworks/[id]/route";
import * as frameworks from "@/app/api/v1/frameworks/route";
import * as controls from "@/app/api/v1/controls/route";
import * as organization from "@/app/api/v1/organization/route";
import * as publications from "@/app/api/v1/publications/route";
import * as publication from "@/app/api/v1/publications/[seq]/route";
import * as publicationDiff from "@/app/api/v1/publications/[seq]/diff/route";
import * as subprocessorsItem from "@/app/api/v1/subprocessors/[id]/route";
import * as subprocessorsList from "@/app/api/v1/subprocessors/route";
import * as faqsItem from "@/app/api/v1/faqs/[id]/route";
import * as faqsList from "@/app/api/v1/faqs/route";
import * as updatesItem from "@/app/api/v1/updates/[id]/route";
import * as updatesList from "@/app/api/v1/updates/route";
import * as sectionsItem from "@/app/api/v1/sections/[id]/route";
import * as sectionsList from "@/app/api/v1/sections/route";
import * as documentFile from "@/app/api/v1/documents/[id]/versions/[number]/file/route";
import * as documentItem from "@/app/api/v1/documents/[id]/route";
import * as documentList from "@/app/api/v1/documents/route";
import * as grantRevocation from "@/app/api/v1/grants/[id]/revocation/route";
import * as grantItem from "@/app/api/v1/grants/[id]/route";
import * as grantList from "@/app/api/v1/grants/route";
import * as subscriberItem from "@/app/api/v1/subscribers/[id]/route";
import * as subscriberExport from "@/app/api/v1/subscribers/export.csv/route";
import * as subscriberList from "@/app/api/v1/subscribers/route";
import * as webhookItem from "@/app/api/v1/webhooks/[id]/route";
import * as webhookList from "@/app/api/v1/webhooks/route";
import * as documentVersions from "@/app/api/v1/documents/[id]/versions/route";
import * as reviewList from "@/app/api/v1/reviews/route";
import * as reviewItem from "@/app/api/v1/reviews/[id]/route";
import * as reviewRows from "@/app/api/v1/reviews/[id]/items/route";
import * as reviewRow from "@/app/api/v1/review-items/[id]/route";
import * as pubRequestList from "@/app/api/v1/publication-requests/route";
import * as pubRequestItem from "@/app/api/v1/publication-requests/[id]/route";
import * as pubRequestApproval from "@/app/api/v1/publication-requests/[id]/approval/route";
import * as pubRequestRejection from "@/app/api/v1/publication-requests/[id]/rejection/route";
import * as webhookTest from "@/app/api/v1/webhooks/[id]/test/route";
import * as webhookSecret from "@/app/api/v1/webhooks/[id]/secret/route";
import * as webhookDeliveries from "@/app/api/v1/webhooks/[id]/deliveries/route";
import { setDestinationTestHooks } from "@/modules/webhooks/server/destination";
import { openApiDocument } from "@/modules/api/openapi";
import { XSS_PAYLOADS } from "../support/xss-payloads";
import { createOrg } from "../support/factories";
import { apiRequest, keyFor } from "../support/api";

/**
 * A fixed-seed slice of the spec-driven fuzz run (issue 14): requests generated from the OpenAPI
 * document itself (valid bodies from its schemas, then mutated: unknown fields, wrong types,
 * junk JSON, forged cursors and ETags, foreign and malformed ids), sent through the real route
 * handlers. Every answer must be a documented status of its operation, never a 5xx, and every
 * documented body must validate against the document's schema. The long run belongs to the bench.
 */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

const spec = openApiDocument() as Json;
const HANDLERS: Record<string, Record<string, Handler>> = {
  "/organization": { get: organization.GET as Handler },
  "/controls": { get: controls.GET as Handler, post: controls.POST as Handler },
  "/controls/{id}": { get: control.GET as Handler, put: control.PUT as Handler, delete: control.DELETE as Handler },
  "/control-areas": { get: areas.GET as Handler },
  "/controls/{id}/evidence": { post: controlEvidence.POST as Handler },
  "/evidence/{id}": { delete: evidence.DELETE as Handler },
  "/frameworks": { get: frameworks.GET as Handler, post: frameworks.POST as Handler },
  "/frameworks/{id}": { get: framework.GET as Handler, put: framework.PUT as Handler, delete: framework.DELETE as Handler },
  "/access-requests": { get: accessRequests.GET as Handler },
  "/access-requests/{id}/decision": { post: accessDecision.POST as Handler },
  "/publications": { get: publications.GET as Handler, post: publications.POST as Handler },
  "/publications/{seq}": { get: publication.GET as Handler },
  "/publications/{seq}/diff": { get: publicationDiff.GET as Handler },
  "/subscribers": { get: subscriberList.GET as Handler },
  "/subscribers/export.csv": { get: subscriberExport.GET as Handler },
  "/subscribers/{id}": { delete: subscriberItem.DELETE as Handler },
  "/webhooks": { get: webhookList.GET as Handler, post: webhookList.POST as Handler },
  "/webhooks/{id}": { get: webhookItem.GET as Handler, put: webhookItem.PUT as Handler, delete: webhookItem.DELETE as Handler },
  "/grants": { get: grantList.GET as Handler },
  "/grants/{id}": { get: grantItem.GET as Handler },
  "/grants/{id}/revocation": { post: grantRevocation.POST as Handler },
  "/documents": { get: documentList.GET as Handler, post: documentList.POST as Handler },
  "/documents/{id}": { get: documentItem.GET as Handler, put: documentItem.PUT as Handler, delete: documentItem.DELETE as Handler },
  "/documents/{id}/versions": { get: documentVersions.GET as Handler, post: documentVersions.POST as Handler },
  "/reviews": { get: reviewList.GET as Handler, post: reviewList.POST as Handler },
  "/reviews/{id}": { get: reviewItem.GET as Handler, put: reviewItem.PUT as Handler, delete: reviewItem.DELETE as Handler },
  "/reviews/{id}/items": { post: reviewRows.POST as Handler },
  "/review-items/{id}": { put: reviewRow.PUT as Handler, delete: reviewRow.DELETE as Handler },
  "/publication-requests": { get: pubRequestList.GET as Handler, post: pubRequestList.POST as Handler },
  "/publication-requests/{id}": { get: pubRequestItem.GET as Handler },
  "/publication-requests/{id}/approval": { post: pubRequestApproval.POST as Handler },
  "/publication-requests/{id}/rejection": { post: pubRequestRejection.POST as Handler },
  "/webhooks/{id}/test": { post: webhookTest.POST as Handler },
  "/webhooks/{id}/secret": { post: webhookSecret.POST as Handler },
  "/webhooks/{id}/deliveries": { get: webhookDeliveries.GET as Handler },
  "/documents/{id}/versions/{number}/file": { get: documentFile.GET as Handler },
  "/subprocessors": { get: subprocessorsList.GET as Handler, post: subprocessorsList.POST as Handler },
  "/subprocessors/{id}": { get: subprocessorsItem.GET as Handler, put: subprocessorsItem.PUT as Handler },
  "/faqs": { get: faqsList.GET as Handler, post: faqsList.POST as Handler },
  "/faqs/{id}": { get: faqsItem.GET as Handler, put: faqsItem.PUT as Handler, delete: faqsItem.DELETE as Handler },
  "/updates": { get: updatesList.GET as Handler, post: updatesList.POST as Handler },
  "/updates/{id}": { get: updatesItem.GET as Handler, put: updatesItem.PUT as Handler, delete: updatesItem.DELETE as Handler },
  "/sections": { get: sectionsList.GET as Handler, post: sectionsList.POST as Handler },
  "/sections/{id}": { get: sectionsItem.GET as Handler, put: sectionsItem.PUT as Handler, delete: sectionsItem.DELETE as Handler },
};

const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
ajv.addSchema({ $id: "spec", components: spec.components });
const resolve = (schema: Json): Json => JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"spec#/components/'));
const deref = (schema: Json): Json => (schema.$ref ? deref(spec.components.schemas[schema.$ref.split("/").pop()]) : schema);

const text = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom(...XSS_PAYLOADS, "\u0000", "\ud800", " ", "AC-01", "a".repeat(300)));

/** An arbitrary value of a JSON Schema (enough of 2020-12 for this document). */
function valueOf(schemaIn: Json, depth = 0): fc.Arbitrary<unknown> {
  const schema = deref(schemaIn);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (schema.anyOf) return fc.oneof(...schema.anyOf.map((s: Json) => valueOf(s, depth)));
  switch (schema.type) {
    case "string":
      if (schema.format === "uuid") return fc.uuid();
      if (schema.format === "email") return fc.constantFrom("lead@example.com", "nobody@example.org");
      if (schema.format === "date") return fc.constantFrom("2026-11-02", "2026-02-30");
      if (schema.pattern && schema.maxLength <= 32) return fc.stringMatching(new RegExp(schema.pattern)).map((s) => s.slice(0, schema.maxLength));
      return fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 60, 60) });
    case "integer":
      return fc.integer({ min: schema.minimum ?? -10, max: schema.maximum ?? 1_000 });
    case "boolean":
      return fc.boolean();
    case "array":
      return depth > 2 ? fc.constant([]) : fc.array(valueOf(schema.items, depth + 1), { maxLength: 3 });
    case "object": {
      const entries = Object.entries(schema.properties ?? {}) as [string, Json][];
      const required = new Set(schema.required ?? []);
      return fc.record(Object.fromEntries(entries.map(([k, v]) => [k, valueOf(v, depth + 1)])), { requiredKeys: entries.map(([k]) => k).filter((k) => required.has(k)) });
    }
    default:
      return fc.constant(null);
  }
}

/** A body: valid by the schema, or one of the ways a client gets it wrong. */
function bodyOf(schema: Json) {
  const valid = valueOf(schema);
  return fc.oneof(
    { weight: 4, arbitrary: valid.map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: fc.tuple(valid, fc.string({ minLength: 1, maxLength: 12 }), fc.jsonValue()).map(([v, k, x]) => JSON.stringify({ ...(v as object), [k]: x })) },
    { weight: 1, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
  );
}

const BOUNDARY = "fuzzboundary14";
/** A multipart upload: the form's fields from its schema (sometimes an unknown one), a file that is a PDF, HTML, empty or absent. */
function uploadOf(schema: Json) {
  const fields = Object.entries(schema.properties as Record<string, Json>).filter(([name]) => name !== "file");
  const file = fc.option(fc.constantFrom("%PDF-1.4\n%%EOF\n", "<html><script>alert(1)</script></html>", "", "plain text"), { nil: undefined });
  const extra = fc.option(fc.tuple(fc.constantFrom("orgId", "position", "x"), text), { nil: undefined });
  return fc.tuple(fc.record(Object.fromEntries(fields.map(([name, property]) => [name, fc.option(fc.oneof(valueOf(property).map(String), text), { nil: undefined })]))), file, extra).map(([values, content, unknown]) => {
    const part = (name: string, value: string, fileName?: string) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"${fileName ? `; filename="${fileName}"` : ""}\r\n\r\n${value}\r\n`;
    const entries = Object.entries(values).filter(([, v]) => v !== undefined).map(([k, v]) => part(k, v as string));
    if (unknown) entries.push(part(unknown[0], unknown[1]));
    if (content !== undefined) entries.push(part("file", content, "upload.pdf"));
    return `${entries.join("")}--${BOUNDARY}--\r\n`;
  });
}

function queryOf(parameters: Json[]) {
  const query = parameters.filter((p) => p.in === "query");
  if (!query.length) return fc.constant("");
  const pairs = fc.array(fc.oneof(...query.map((p) => fc.tuple(fc.constant(p.name as string), fc.oneof(valueOf(p.schema).map(String), text)))), { maxLength: 4 });
  return fc.oneof(pairs, fc.constant([["unknown", "1"]] as [string, string][])).map((list) => (list.length ? `?${new URLSearchParams(list as [string, string][])}` : ""));
}

describe("/api/v1 fuzzed from its OpenAPI document (fixed seed)", () => {
  it("no 5xx, every status documented for its operation, every documented body valid against its schema", async () => {
    // No network in the test: every webhook destination name resolves to one public documentation address.
    const previousHooks = setDestinationTestHooks({ resolve: async () => [{ address: "93.184.215.14", family: 4 }] });
    const { ctx } = await createOrg();
    const { key } = await keyFor(ctx, ["posture:read", "posture:write", "publish", "access:read", "access:decide", "subscribers:manage", "webhooks:manage"], { name: "Fuzz key" });
    const seeded = await (await controls.POST(apiRequest("/api/v1/controls", { method: "POST", key, body: { ref: "SEED-1", area: "Seed", title: "Seed", status: "PLANNED" } }), { params: Promise.resolve({}) })).json();
    const foreign = await keyFor((await createOrg()).ctx, ["posture:read", "posture:write"]);

    const operations = Object.entries(HANDLERS).flatMap(([path, methods]) => Object.keys(methods).map((method) => ({ path, method, op: spec.paths[path][method] as Json })));
    expect(operations.map((o) => `${o.method} ${o.path}`).sort()).toEqual(Object.entries(spec.paths).flatMap(([p, m]) => Object.keys(m as Json).filter((k) => k !== "parameters").map((k) => `${k} ${p}`)).sort());

    const request = fc.oneof(
      ...operations.map(({ path, method, op }) =>
        fc.record({
          path: fc.constant(path),
          method: fc.constant(method),
          id: fc.oneof(fc.constant(seeded.id as string), fc.uuid(), fc.constantFrom("not-a-uuid", "%00", "../../etc")),
          seq: fc.oneof(fc.constantFrom("1", "2", "0", "-1", "01", "99999999999", "1.5", "x"), fc.integer({ min: 1, max: 2_147_483_647 }).map(String)),
          query: queryOf(op.parameters ?? []),
          body: op.requestBody ? (op.requestBody.content["multipart/form-data"] ? uploadOf(op.requestBody.content["multipart/form-data"].schema) : bodyOf(op.requestBody.content["application/json"].schema)) : fc.constant(undefined),
          ifMatch: fc.option(fc.oneof(fc.constantFrom('"v1"', '"v2"', "*", 'W/"v1"', '"v99999999999"'), fc.string({ maxLength: 12 })), { nil: undefined }),
          idempotencyKey: fc.option(fc.oneof(fc.constantFrom("k1", "k2"), fc.string({ maxLength: 300 })), { nil: undefined }),
          useForeignKey: fc.boolean(),
        }),
      ),
    );

    const seen: string[] = [];
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const urlPath = `/api/v1${r.path.replace("{id}", encodeURIComponent(r.id)).replace("{seq}", encodeURIComponent(r.seq)).replace("{number}", encodeURIComponent(r.seq))}${r.query}`;
        const headers: Record<string, string> = {};
        if (r.ifMatch !== undefined) headers["if-match"] = r.ifMatch;
        if (r.idempotencyKey !== undefined) headers["idempotency-key"] = r.idempotencyKey;
        if (r.body !== undefined) headers["content-type"] = spec.paths[r.path][r.method].requestBody.content["multipart/form-data"] ? `multipart/form-data; boundary=${BOUNDARY}` : "application/json";
        let response: Response;
        try {
          response = await HANDLERS[r.path]![r.method]!(apiRequest(urlPath, { method: r.method.toUpperCase(), key: r.useForeignKey ? foreign.key : key, body: r.body, headers }), { params: Promise.resolve({ id: r.id, seq: r.seq, number: r.seq }) });
        } catch (error) {
          throw new Error(`${r.method} ${urlPath} threw: ${String(error)}`);
        }
        const op = spec.paths[r.path][r.method] as Json;
        const documented = op.responses[String(response.status)];
        seen.push(`${r.method} ${r.path} ${response.status}`);
        expect(response.status, `${r.method} ${urlPath} → ${response.status}`).toBeLessThan(500);
        expect(documented, `${r.method} ${urlPath} → ${response.status} is not documented`).toBeDefined();
        const content = documented.content && (documented.content["application/json"] ?? documented.content["application/problem+json"]);
        if (content) {
          const validate = ajv.compile(resolve(content.schema));
          const body = await response.json();
          expect(validate(body) ? "valid" : JSON.stringify(validate.errors), `${r.method} ${urlPath} → ${response.status}`).toBe("valid");
        }
      }),
      { seed: 14, numRuns: 250, endOnFailure: true },
    );
    setDestinationTestHooks(previousHooks);
    // The slice reached past the gate: successes and refusals of input both happened.
    expect(seen.some((s) => / 20[01]$/.test(s))).toBe(true);
    expect(seen.some((s) => / 422$/.test(s))).toBe(true);
  }, 240_000);
});
