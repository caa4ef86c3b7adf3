import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST, GET, DELETE, OPTIONS } from "@/app/t/[slug]/mcp/route";
import { addEvidence, createControl } from "@/modules/controls/server/controls";
import { createItem } from "@/modules/content/server/crud";
import { createDocument } from "@/modules/documents/server/documents";
import { MCP_MAX_BODY_BYTES, MCP_RATE_LIMIT } from "@/modules/mcp/schema";
import { publish, unpublish } from "@/modules/publishing/server/publish";
import { withTenant } from "@/server/db/tenant";
import { createOrg } from "../support/factories";
import { fromClient } from "../support/requests";
import { LINE_PAYLOAD } from "../support/xss-payloads";

/**
 * The MCP server (ADR 036) through its route handler, as the proxy hands a tenant host's /mcp
 * over (x-candor-site set, the front's client address stamped): what an assistant sees, that it
 * sees only what was published and signed, and what a malformed, oversized or abusive client gets.
 */
type Rpc = { jsonrpc: "2.0"; id?: number | string | null; result?: Record<string, unknown>; error?: { code: number; message: string } };
const ACCEPT = "application/json, text/event-stream";
const PROTOCOL = "2025-06-18";
const params = (slug: string) => ({ params: Promise.resolve({ slug }) });
const hostOf = (slug: string) => `${slug}.trust.test`;

function mcpRequest(slug: string, body: unknown, options: { ip?: string; method?: string; headers?: Record<string, string>; appHost?: boolean } = {}) {
  const url = options.appHost ? `http://localhost:3000/t/${slug}/mcp` : `http://${hostOf(slug)}:3000/t/${slug}/mcp`;
  const headers: Record<string, string> = { ...fromClient(options.ip ?? "198.51.100.40"), accept: ACCEPT, "content-type": "application/json", "mcp-protocol-version": PROTOCOL, ...options.headers };
  if (!options.appHost) headers["x-candor-site"] = hostOf(slug);
  const method = options.method ?? "POST";
  return new Request(url, { method, headers, body: method === "POST" ? (typeof body === "string" ? body : JSON.stringify(body)) : undefined });
}
const handlers: Record<string, typeof POST> = { POST, GET, DELETE, OPTIONS };
async function send(slug: string, body: unknown, options: Parameters<typeof mcpRequest>[2] = {}) {
  return handlers[options.method ?? "POST"]!(mcpRequest(slug, body, options), params(slug));
}
async function rpc(slug: string, method: string, rpcParams: Record<string, unknown> = {}, ip?: string): Promise<Rpc> {
  const response = await send(slug, { jsonrpc: "2.0", id: 1, method, params: rpcParams }, { ip });
  expect(response.status, `${method}: ${response.status}`).toBe(200);
  return (await response.json()) as Rpc;
}
/** A tool's structured answer (and the same JSON as text, as a client without structured output reads it). */
async function call(slug: string, name: string, args: Record<string, unknown> = {}, ip?: string) {
  const { result, error } = await rpc(slug, "tools/call", { name, arguments: args }, ip);
  expect(error).toBeUndefined();
  const answer = result!.structuredContent as Record<string, unknown> & { publication: { seq: number; hash: string; verifyUrl: string; signedDocumentUrl: string } };
  const content = result!.content as { type: string; text: string }[];
  expect(JSON.parse(content[0]!.text)).toEqual(answer);
  return { answer, isError: result!.isError, text: content[0]!.text };
}
const liveHash = async (orgId: string) => (await withTenant({ orgId }, (tx) => tx.publication.findFirstOrThrow({ where: { orgId }, orderBy: { seq: "desc" } }))).hash;

const pdf = (tag: string) => ({ name: `${tag}.pdf`, bytes: new TextEncoder().encode(`%PDF-1.4\n% ${tag}\n%%EOF\n`) });

/** The leak test's corpus (publication-leaks.test.ts): every content type in every visibility, then a draft-only change. */
async function leakyWorld() {
  const { ctx, org } = await createOrg(undefined, "Leaky");
  for (const v of ["PUBLIC", "NDA", "PRIVATE"] as const) {
    const control = await createControl({ ctx, input: { ref: `C-${v}`, area: `Area ${v}-domain`, title: `${v}-control-title`, description: `${v}-control-description`, status: "IMPLEMENTED", visibility: v } });
    for (const evidenceVisibility of ["PUBLIC", "NDA", "PRIVATE"] as const) {
      await addEvidence({ ctx, controlId: control.id, input: { label: `${v}-control-${evidenceVisibility}-evidence`, kind: "CODE", target: `src/${v}-${evidenceVisibility}-target.ts`, visibility: evidenceVisibility } });
    }
    await createItem({ ctx, kind: "frameworks", input: { name: `${v}-framework`, status: "IN_PROGRESS", auditor: `${v}-auditor`, note: `${v}-framework-note`, visibility: v } });
    await createItem({ ctx, kind: "subprocessors", input: { vendor: `${v}-vendor`, purpose: `${v}-purpose`, dataCategories: `${v}-data`, location: `${v}-location`, visibility: v } });
    await createItem({ ctx, kind: "faqs", input: { question: `${v}-question?`, answer: `${v}-answer`, visibility: v } });
    // NDA documents are listed (title, description, category: "LISTED"), never their file.
    const listed = v === "NDA" ? "LISTED" : v;
    await createDocument({ ctx, input: { title: `${listed}-document-title`, description: `${listed}-document-description`, category: `${listed}-category`, visibility: v }, file: pdf(`${v}-file-name`) });
  }
  await publish({ ctx });
  // Draft-only: written after the publication, so nothing public may show them.
  await createControl({ ctx, input: { ref: "D-1", area: "Draftland", title: "DRAFT-only-control", description: "DRAFT-only-description", status: "PLANNED", visibility: "PUBLIC" } });
  await createItem({ ctx, kind: "faqs", input: { question: "DRAFT-only-question?", answer: "DRAFT-only-answer", visibility: "PUBLIC" } });
  return { ctx, org };
}

let leaky: Awaited<ReturnType<typeof leakyWorld>>;
let superuser: pg.Client;
beforeAll(async () => {
  superuser = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await superuser.connect();
  leaky = await leakyWorld();
});
afterAll(() => superuser.end());

describe("the MCP handshake", () => {
  it("initializes statelessly with the server's name and instructions citing the publication, and lists seven read-only tools", async () => {
    const slug = leaky.org.slug;
    const hash = await liveHash(leaky.org.id);
    const init = await send(slug, { jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: PROTOCOL, capabilities: {}, clientInfo: { name: "vitest", version: "1" } } });
    expect(init.status).toBe(200);
    expect(init.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(init.headers.get("cache-control")).toBe("no-store");
    expect(init.headers.get("access-control-allow-origin")).toBe("*");
    expect(init.headers.get("access-control-allow-credentials")).toBeNull();
    expect(init.headers.get("mcp-session-id")).toBeNull(); // stateless
    const { result } = (await init.json()) as Rpc;
    expect(result!.protocolVersion).toBe(PROTOCOL);
    expect(result!.serverInfo).toEqual({ name: `candor-trust-center-${slug}`, title: "Leaky trust center", version: "1.0.0" });
    expect(result!.instructions).toContain(`publication #1, SHA-256 ${hash}`);

    const tools = (await rpc(slug, "tools/list")).result!.tools as { name: string; annotations: { readOnlyHint: boolean; destructiveHint: boolean } }[];
    expect(tools.map((tool) => tool.name)).toEqual(["get_trust_center", "search_controls", "list_certifications", "list_subprocessors", "list_documents", "search_faqs", "verify_publication"]);
    for (const tool of tools) expect(tool.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false });
  });

  it("works with the SDK's own client over Streamable HTTP, on the app host's /t/{slug}/mcp too", async () => {
    const slug = leaky.org.slug;
    const client = new Client({ name: "vitest", version: "1" });
    const transport = new StreamableHTTPClientTransport(new URL(`http://localhost:3000/t/${slug}/mcp`), {
      fetch: async (input, init) => {
        const request = new Request(input, init);
        const headers = new Headers(request.headers);
        for (const [name, value] of Object.entries(fromClient("198.51.100.41"))) headers.set(name, value);
        const handler = handlers[request.method];
        if (!handler) throw new Error(`unexpected ${request.method}`);
        return handler(new Request(request, { headers }), params(slug));
      },
    });
    await client.connect(transport);
    const { tools } = await client.listTools();
    expect(tools).toHaveLength(7);
    const answer = (await client.callTool({ name: "search_faqs", arguments: { query: "public" } })).structuredContent as { publication: { seq: number; verifyUrl: string }; faqs: unknown[] };
    expect(answer.publication.seq).toBe(1);
    expect(answer.publication.verifyUrl).toBe(`http://localhost:3000/t/${slug}/verify`);
    expect(answer.faqs).toEqual([{ question: "PUBLIC-question?", answer: "PUBLIC-answer" }]);
    await client.close();
  });
});

describe("each tool", () => {
  it("answers from the live publication with its sequence number, hash, signed document and verify URL", async () => {
    const slug = leaky.org.slug;
    const hash = await liveHash(leaky.org.id);
    const origin = `http://${hostOf(slug)}:3000`;
    for (const name of ["get_trust_center", "search_controls", "list_certifications", "list_subprocessors", "list_documents", "search_faqs", "verify_publication"]) {
      const { answer } = await call(slug, name);
      expect(answer.publication, name).toEqual({ organization: "Leaky", seq: 1, hash, publishedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), signedDocumentUrl: `${origin}/trust.json?seq=1`, verifyUrl: `${origin}/verify` });
    }
  });

  it("get_trust_center: overview, coverage and counts", async () => {
    const { answer } = await call(leaky.org.slug, "get_trust_center");
    expect(answer.counts).toEqual({ controls: 1, certifications: 1, subprocessors: 1, documents: 2, faqs: 1 });
    expect(answer.areas).toEqual(["Area PUBLIC-domain"]);
    expect(answer.controlCoverage).toMatchObject({ total: 1, IMPLEMENTED: 1 });
  });

  it("search_controls: by text, area and status; public evidence only", async () => {
    const slug = leaky.org.slug;
    const all = (await call(slug, "search_controls")).answer;
    expect(all.total).toBe(1);
    expect(all.controls).toEqual([
      expect.objectContaining({ area: "Area PUBLIC-domain", ref: "C-PUBLIC", title: "PUBLIC-control-title", status: "IMPLEMENTED", evidence: [{ label: "PUBLIC-control-PUBLIC-evidence", kind: "CODE", target: "src/PUBLIC-PUBLIC-target.ts" }] }),
    ]);
    expect((await call(slug, "search_controls", { query: "public TITLE" })).answer.total).toBe(1);
    expect((await call(slug, "search_controls", { query: "public-control-public-evidence" })).answer.total).toBe(1);
    expect((await call(slug, "search_controls", { area: "area public-domain" })).answer.total).toBe(1);
    expect((await call(slug, "search_controls", { area: "Elsewhere" })).answer.total).toBe(0);
    expect((await call(slug, "search_controls", { status: "PLANNED" })).answer.total).toBe(0);
    expect((await call(slug, "search_controls", { query: "public nothing-like-this" })).answer.total).toBe(0);
  });

  it("list_certifications, list_subprocessors, search_faqs: the published items, filtered", async () => {
    const slug = leaky.org.slug;
    expect((await call(slug, "list_certifications")).answer.certifications).toEqual([{ name: "PUBLIC-framework", status: "IN_PROGRESS", auditor: "PUBLIC-auditor", periodStart: null, periodEnd: null, reportUrl: null, note: "PUBLIC-framework-note" }]);
    expect((await call(slug, "list_certifications", { status: "CERTIFIED" })).answer.total).toBe(0);
    expect((await call(slug, "list_subprocessors", { query: "public-location" })).answer.subprocessors).toEqual([expect.objectContaining({ vendor: "PUBLIC-vendor", purpose: "PUBLIC-purpose", location: "PUBLIC-location", status: "ACTIVE" })]);
    expect((await call(slug, "list_subprocessors", { status: "REMOVED" })).answer.total).toBe(0);
    expect((await call(slug, "search_faqs", { query: "answer" })).answer.faqs).toEqual([{ question: "PUBLIC-question?", answer: "PUBLIC-answer" }]);
  });

  it("list_documents: a public document with its file and download link; an NDA one as listed, with where to ask", async () => {
    const slug = leaky.org.slug;
    const origin = `http://${hostOf(slug)}:3000`;
    const documents = (await call(slug, "list_documents")).answer.documents as Record<string, unknown>[];
    const open = documents.find((d) => d.title === "PUBLIC-document-title")!;
    expect(open).toMatchObject({ access: "public", category: "PUBLIC-category", version: { number: 1 }, file: { name: "PUBLIC-file-name.pdf", mimeType: "application/pdf", sha256: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    expect((open.file as { downloadUrl: string }).downloadUrl).toMatch(new RegExp(`^${origin}/documents/[0-9a-f-]{36}/1$`));
    const listed = documents.find((d) => d.title === "LISTED-document-title")!;
    expect(listed).toEqual({ title: "LISTED-document-title", description: "LISTED-document-description", category: "LISTED-category", access: "nda", version: { number: 1, label: expect.any(String), effectiveDate: null }, requestAccessUrl: `${origin}/access` });
    expect(documents).toHaveLength(2);
  });

  it("verify_publication: the chain checks out, with the key and how to check it yourself", async () => {
    const { answer } = await call(leaky.org.slug, "verify_publication");
    expect(answer).toMatchObject({ verified: true, checked: 1, chainLength: 1, verifyYourself: { script: "http://localhost:3000/verify-candor.mjs" } });
    expect(answer.publicKey).toContain("BEGIN PUBLIC KEY");
    expect(answer.problem).toBeUndefined();
  });

  it("verify_publication: a tampered publication is reported, with its number and what is wrong", async () => {
    const { ctx, org } = await createOrg(undefined, "Tampered");
    await createItem({ ctx, kind: "faqs", input: { question: "Q?", answer: "A" } });
    await publish({ ctx });
    await createItem({ ctx, kind: "faqs", input: { question: "Q2?", answer: "A2" } });
    await publish({ ctx });
    // Publications are immutable to every role; a database superuser switching triggers off can
    // still rewrite history. The check must notice.
    await superuser.query("BEGIN; SET LOCAL session_replication_role = replica");
    await superuser.query(`UPDATE "Publication" SET "signature" = $1 WHERE "orgId" = $2 AND "seq" = 1`, [Buffer.alloc(64).toString("base64"), org.id]);
    await superuser.query("COMMIT");
    const { answer } = await call(org.slug, "verify_publication");
    expect(answer).toMatchObject({ verified: false, checked: 0, chainLength: 2, problem: { seq: 1, reason: "its signature does not verify under the published key" } });
  });
});

describe("what the MCP server never shows", () => {
  it("no private, NDA or draft value in any tool's answer, whatever is searched; the public values are there", async () => {
    const slug = leaky.org.slug;
    const outputs: string[] = [];
    for (const [name, args] of [
      ["get_trust_center", {}],
      ["search_controls", {}],
      ["search_controls", { query: "NDA" }],
      ["search_controls", { query: "private" }],
      ["search_controls", { query: "DRAFT-only" }],
      ["search_controls", { area: "Area NDA-domain" }],
      ["search_controls", { area: "Draftland" }],
      ["list_certifications", {}],
      ["list_certifications", { query: "nda" }],
      ["list_subprocessors", {}],
      ["list_subprocessors", { query: "private" }],
      ["list_documents", {}],
      ["list_documents", { query: "nda-file-name" }],
      ["search_faqs", {}],
      ["search_faqs", { query: "DRAFT-only-question" }],
      ["verify_publication", {}],
    ] as const) {
      const { text } = await call(slug, name, args);
      expect(text, `${name} ${JSON.stringify(args)}`).not.toMatch(/PRIVATE-|NDA-|DRAFT-only|Draftland/);
      expect(text).not.toContain(leaky.ctx.user.email);
      outputs.push(text);
    }
    const everything = outputs.join("\n");
    for (const marker of ["PUBLIC-control-title", "PUBLIC-control-PUBLIC-evidence", "PUBLIC-framework", "PUBLIC-vendor", "PUBLIC-answer", "PUBLIC-document-title", "PUBLIC-file-name.pdf", "LISTED-document-title"]) {
      expect(everything, marker).toContain(marker);
    }
    // The draft-only items are found nowhere, even by an exact search.
    expect((await call(slug, "search_controls", { query: "DRAFT-only-control" })).answer.total).toBe(0);
    expect((await call(slug, "search_faqs", { query: "DRAFT-only-question?" })).answer.total).toBe(0);
  });

  it("HTML in a published field comes back as the same text in JSON, never as markup to render", async () => {
    const { ctx, org } = await createOrg(undefined, "Markup");
    await createItem({ ctx, kind: "faqs", input: { question: LINE_PAYLOAD, answer: LINE_PAYLOAD } });
    await publish({ ctx });
    const response = await send(org.slug, { jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "search_faqs", arguments: {} } });
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    const answer = ((await response.json()) as Rpc).result!.structuredContent as { faqs: { question: string }[] };
    expect(answer.faqs).toEqual([{ question: LINE_PAYLOAD, answer: LINE_PAYLOAD }]);
  });

  it("another tenant's host answers only with its own posture", async () => {
    const { ctx, org } = await createOrg(undefined, "Other");
    await createItem({ ctx, kind: "faqs", input: { question: "OTHER-question?", answer: "OTHER-answer" } });
    await publish({ ctx });
    const hash = await liveHash(org.id);
    const theirs = await call(org.slug, "search_faqs");
    expect(theirs.answer.faqs).toEqual([{ question: "OTHER-question?", answer: "OTHER-answer" }]);
    expect(theirs.answer.publication).toMatchObject({ organization: "Other", seq: 1, hash });
    for (const query of ["PUBLIC", "Leaky"]) expect((await call(org.slug, "search_faqs", { query })).answer.total).toBe(0);
    // The host header names the site; the URL's slug decides the tenant (the proxy makes them agree).
    const mine = await call(leaky.org.slug, "search_faqs");
    expect(JSON.stringify(mine.answer)).not.toContain("OTHER-");
  });
});

describe("refusals, as JSON-RPC errors with an honest status", () => {
  it("an organisation that never published, one taken offline and an unknown slug: 404, 410, 404", async () => {
    const { org } = await createOrg(undefined, "Quiet");
    const quiet = await send(org.slug, { jsonrpc: "2.0", id: 1, method: "tools/list" });
    expect(quiet.status).toBe(404);
    expect(quiet.headers.get("cache-control")).toBe("no-store");
    expect(await quiet.json()).toEqual({ jsonrpc: "2.0", id: null, error: { code: -32004, message: "This trust center has not published anything yet: there is no signed posture to answer from." } });

    const { ctx, org: gone } = await createOrg(undefined, "Gone");
    await publish({ ctx });
    await unpublish({ ctx });
    const offline = await send(gone.slug, { jsonrpc: "2.0", id: 1, method: "tools/list" });
    expect(offline.status).toBe(410);
    expect(((await offline.json()) as Rpc).error).toEqual({ code: -32004, message: "This trust center has been taken offline: there is no current publication to answer from." });

    for (const slug of ["nobody-here", "UPPER", "a%2Fb", "x".repeat(300)]) {
      const missing = await send(slug, { jsonrpc: "2.0", id: 1, method: "tools/list" }, { appHost: true });
      expect(missing.status, slug).toBe(404);
      expect(((await missing.json()) as Rpc).error).toEqual({ code: -32004, message: "There is no trust center at this address." });
    }
  });

  it("malformed JSON, a body that is not JSON-RPC, an unknown method or tool, bad arguments: 4xx or a JSON-RPC error, never a 500", async () => {
    const slug = leaky.org.slug;
    const notJson = await send(slug, "{not json");
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toEqual({ jsonrpc: "2.0", id: null, error: { code: -32700, message: "Parse error: the body is not JSON." } });
    const notUtf8 = await handlers.POST!(new Request(`http://${hostOf(slug)}:3000/t/${slug}/mcp`, { method: "POST", headers: { ...fromClient("198.51.100.42"), accept: ACCEPT, "content-type": "application/json", "x-candor-site": hostOf(slug) }, body: new Uint8Array([0x22, 0xff, 0xfe, 0x22]) }), params(slug));
    expect(notUtf8.status).toBe(400);
    for (const body of [{ hello: "world" }, [], [1], 42, { jsonrpc: "1.0", id: 1, method: "tools/list" }]) {
      const response = await send(slug, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(((await response.json()) as Rpc).error!.code, JSON.stringify(body)).toBeLessThan(-32000);
    }
    const unknown = await rpc(slug, "resources/list");
    expect(unknown.error).toEqual({ code: -32601, message: "Method not found" });
    // The SDK answers a tool error as a result the assistant can read (isError), with the reason.
    const noTool = await rpc(slug, "tools/call", { name: "drop_tables", arguments: {} });
    expect(noTool.result).toEqual({ isError: true, content: [{ type: "text", text: "MCP error -32602: Tool drop_tables not found" }] });
    for (const [args, reason] of [
      [{ status: "HACKED" }, 'Invalid option: expected one of "IMPLEMENTED"|"IN_PROGRESS"|"PLANNED"|"NOT_APPLICABLE" at status'],
      [{ limit: 100_000 }, "Too big: expected number to be <=200 at limit"],
      [{ query: "x".repeat(201) }, "Too big: expected string to have <=200 characters at query"],
      [{ area: 42 }, "Invalid input: expected string, received number at area"],
    ] as const) {
      const bad = await rpc(slug, "tools/call", { name: "search_controls", arguments: args });
      expect(bad.result, JSON.stringify(args)).toEqual({ isError: true, content: [{ type: "text", text: `MCP error -32602: Input validation error: Invalid arguments for tool search_controls: ${reason}` }] });
    }
    const wrongType = await send(slug, { jsonrpc: "2.0", id: 1, method: "tools/list" }, { headers: { "content-type": "text/plain" } });
    expect(wrongType.status).toBe(415);
    const notAccepting = await send(slug, { jsonrpc: "2.0", id: 1, method: "tools/list" }, { headers: { accept: "text/html" } });
    expect(notAccepting.status).toBe(406);
  });

  it("GET and DELETE: 405 (stateless, no stream); OPTIONS: a CORS preflight without credentials", async () => {
    const slug = leaky.org.slug;
    for (const method of ["GET", "DELETE"]) {
      const response = await send(slug, null, { method });
      expect(response.status, method).toBe(405);
      expect(response.headers.get("allow")).toBe("POST, OPTIONS");
      expect(((await response.json()) as Rpc).error!.code).toBe(-32000);
    }
    const preflight = await send(slug, null, { method: "OPTIONS", headers: { origin: "https://assistant.example", "access-control-request-method": "POST" } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
    expect(preflight.headers.get("access-control-allow-methods")).toBe("POST, OPTIONS");
    expect(preflight.headers.get("access-control-allow-headers")).toContain("Mcp-Protocol-Version");
    expect(preflight.headers.get("access-control-allow-credentials")).toBeNull();
  });

  it("a body over the limit: 413 before anything is parsed, by declared length or as streamed", async () => {
    const slug = leaky.org.slug;
    const big = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "search_faqs", arguments: { query: "x".repeat(MCP_MAX_BODY_BYTES) } } });
    const declared = await send(slug, big);
    expect(declared.status).toBe(413);
    expect(((await declared.json()) as Rpc).error).toEqual({ code: -32000, message: `Request body too large: at most ${MCP_MAX_BODY_BYTES} bytes.` });
    const chunk = new TextEncoder().encode("x".repeat(16 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 10) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const streamed = await POST(new Request(`http://${hostOf(slug)}:3000/t/${slug}/mcp`, { method: "POST", headers: { ...fromClient("198.51.100.43"), accept: ACCEPT, "content-type": "application/json", "x-candor-site": hostOf(slug) }, body: stream, duplex: "half" } as RequestInit), params(slug));
    expect(streamed.status).toBe(413);
    expect(sent).toBeLessThan(10); // it stopped reading
  });

  it(`more than ${MCP_RATE_LIMIT.points} requests a minute from one address: 429 with Retry-After; another address is served`, async () => {
    const slug = leaky.org.slug;
    const ping = { jsonrpc: "2.0", id: 1, method: "ping" };
    for (let i = 0; i < MCP_RATE_LIMIT.points; i++) expect((await send(slug, ping, { ip: "203.0.113.99" })).status).toBe(200);
    const limited = await send(slug, ping, { ip: "203.0.113.99" });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(Number(limited.headers.get("retry-after"))).toBeLessThanOrEqual(60);
    expect(((await limited.json()) as Rpc).error).toEqual({ code: -32029, message: "Too many requests from your address to this trust center's MCP server. Wait a minute and try again." });
    // Per address, across tenants: the same address is refused on another host too; another address is not.
    const { org } = await createOrg(undefined, "Elsewhere");
    expect((await send(org.slug, ping, { ip: "203.0.113.99" })).status).toBe(429);
    expect((await send(slug, ping, { ip: "203.0.113.100" })).status).toBe(200);
  });
});
