/// <reference types="vite/client" />
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { setDestinationTestHooks } from "@/modules/webhooks/server/destination";
import { openApiDocument } from "@/modules/api/openapi";
import { createOrg } from "../support/factories";
import { populatedTenant } from "../support/tenant-world";
import { apiRequest } from "../support/api";
import { harvest, operationsOf, primingRequests, requestsOf, resolve, responseChecker, type FuzzRequest } from "../support/api-fuzz";
import { fuzzFixtures } from "../support/api-fuzz-fixtures";
import { fromClient } from "../support/requests";

/**
 * The fixed-seed slice of the spec-driven fuzz run (issue 14): the same generator and the same
 * check as `npm run bench:api`'s full run over HTTP (tests/support/api-fuzz.ts), here sent
 * through the real route handlers. Which handler answers an operation is found from the file
 * system (src/app/api/v1/<path>/route.ts, `{id}` ↔ `[id]`), so an operation added to the
 * document is fuzzed without touching this file, and one without a handler fails it.
 */
type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

const spec = openApiDocument() as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const ROUTES = import.meta.glob<Record<string, Handler>>("../../src/app/api/v1/**/route.ts");
const routeOf = (path: string) => ROUTES[`../../src/app/api/v1${path.replace(/\{(\w+)\}/g, "[$1]")}/route.ts`];

describe("/api/v1 fuzzed from its OpenAPI document (fixed seed)", () => {
  it("every operation of the document has a route handler exporting its method", async () => {
    const missing: string[] = [];
    for (const { path, method } of operationsOf(spec)) {
      const load = routeOf(path);
      if (!load || typeof (await load())[method.toUpperCase()] !== "function") missing.push(`${method} ${path}`);
    }
    expect(missing).toEqual([]);
    expect(operationsOf(spec).length).toBeGreaterThanOrEqual(50);
  });

  it("the document requires exactly the fields the parser refuses absent (an FAQ's answer, an update's and a section's body were documented optional)", () => {
    const schemas = spec.components.schemas as Record<string, { required?: string[] }>;
    expect(schemas.FaqInput!.required).toEqual(["question", "answer"]);
    expect(schemas.UpdateInput!.required).toEqual(["title", "body", "publishedAt"]);
    expect(schemas.SectionInput!.required).toEqual(["title", "body"]);
    // Blank text and defaults stay optional.
    expect(schemas.ControlInput!.required).toEqual(["ref", "area", "title", "status"]);
  });

  it("every operation that takes an Idempotency-Key documents the 422 of a key reused for another request (the full run found POST /webhooks/{id}/test without it)", () => {
    type Operation = { parameters?: { name: string }[]; responses: Record<string, unknown> };
    const missing: string[] = [];
    for (const [path, item] of Object.entries(spec.paths as Record<string, Record<string, Operation>>)) {
      for (const [method, operation] of Object.entries(item)) {
        if (!operation || typeof operation !== "object" || !("responses" in operation)) continue;
        if (operation.parameters?.some((p) => p.name === "Idempotency-Key") && !operation.responses["422"]) missing.push(`${method} ${path}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("no 5xx, every status documented for its operation, every documented body valid against its schema", async () => {
    // No network in the test: every webhook destination name resolves to one public documentation address.
    const previousHooks = setDestinationTestHooks({ resolve: async () => [{ address: "93.184.215.14", family: 4 }] });
    // A tenant with a row in every table (controls, evidence, documents, requests, grants, webhooks, subscribers…).
    const { ctx } = await populatedTenant("Fuzzed");
    const fixtures = await fuzzFixtures(spec, ctx, (await createOrg()).ctx);
    const check = responseChecker(spec);
    const seen: string[] = [];
    let client = 0;
    const send = async (template: FuzzRequest) => {
      const r = resolve(template, fixtures);
      const handler = (await routeOf(template.path)!())[r.method]!;
      // Each request from its own address: the per-IP limit on failed keys has its own test (api-auth-failures).
      const headers = { ...fromClient(`198.51.${100 + (Math.floor(client / 250) % 100)}.${client++ % 250}`), ...r.headers };
      let response: Response;
      try {
        response = await handler(apiRequest(r.url, { method: r.method, body: r.body, headers }), { params: Promise.resolve(r.params) });
      } catch (error) {
        throw new Error(`${r.method} ${r.url} threw: ${String(error)}`);
      }
      seen.push(`${template.operation} ${response.status}`);
      const { problem, json } = check(template, { status: response.status, contentType: response.headers.get("content-type"), text: await response.text() });
      expect(problem, `${r.method} ${r.url} (key ${template.key}) → ${response.status}`).toBeNull();
      harvest(fixtures, template.path, json, response.headers.get("etag"));
    };
    for (const template of primingRequests(spec)) await send(template);
    expect([...fixtures.ids.keys()].length).toBeGreaterThanOrEqual(8);

    await fc.assert(fc.asyncProperty(requestsOf(spec), send), { seed: 14, numRuns: 400, endOnFailure: true });
    setDestinationTestHooks(previousHooks);
    // The slice reached past the gate: successes and refusals of input both happened.
    expect(seen.some((s) => / 20[01]$/.test(s))).toBe(true);
    expect(seen.some((s) => / 422$/.test(s))).toBe(true);
  }, 300_000);
});
