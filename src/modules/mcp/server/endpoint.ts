import "server-only";

import { randomUUID } from "node:crypto";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { siteUrls } from "@/modules/publishing/server/artifacts";
import { latestPublication, organizationExists, publicationChain, type Published } from "@/modules/publishing/server/public";
import { env } from "@/server/env";
import { AppError } from "@/server/errors";
import { SITE_HEADER, SLUG } from "@/server/hosts";
import { log } from "@/server/log";
import { consume } from "@/server/rate-limit";
import { clientIp, rateLimitSubject } from "@/server/request";
import { MCP_ERROR, MCP_MAX_BODY_BYTES, MCP_RATE_LIMIT } from "../schema";
import type { Site } from "./answers";
import { mcpServerFor } from "./tools";
import { readBodyUpTo } from "@/server/body";

/**
 * The /mcp endpoint of a tenant host (ADR 036): Streamable HTTP in stateless mode, JSON answers
 * (no SSE stream), one server per request over the live publication. No authentication: what
 * it serves is public. Per client address rate limit, bodies read up to MCP_MAX_BODY_BYTES,
 * every refusal a JSON-RPC error with an honest status (400, 404, 405, 406, 410, 413, 415, 429;
 * 503 for a failure on our side), never a 500 and never cached.
 *
 * CORS: any origin may read (the data is public and the same as /trust.json, which already
 * allows `*`), never with credentials; nothing here reads a cookie or an Authorization header.
 */
const CORS = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Expose-Headers": "Retry-After, Mcp-Session-Id",
};
const HEADERS = {
  ...CORS,
  "Cache-Control": "no-store",
  "X-Content-Type-Options": "nosniff",
  "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
};
const TOO_MANY = "Too many requests from your address to this trust center's MCP server. Wait a minute and try again.";

class TooLarge extends Error {}
class Malformed extends Error {}

/** A JSON-RPC error response (id null: the request could not be answered as itself). */
export function rpcError(status: number, code: number, message: string, extra: Record<string, string> = {}) {
  return new Response(JSON.stringify({ jsonrpc: "2.0", error: { code, message }, id: null }), { status, headers: { "Content-Type": "application/json; charset=utf-8", ...HEADERS, ...extra } });
}

/** The transport's response with our headers (its body and status unchanged). */
function finish(response: Response) {
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(HEADERS)) headers.set(name, value);
  if (headers.get("content-type") === "application/json") headers.set("content-type", "application/json; charset=utf-8");
  return new Response(response.body, { status: response.status, headers });
}

export function preflight() {
  return new Response(null, {
    status: 204,
    headers: {
      ...CORS,
      "Access-Control-Allow-Methods": "POST, OPTIONS",
      "Access-Control-Allow-Headers": "Content-Type, Accept, Mcp-Protocol-Version, Mcp-Session-Id, Last-Event-ID",
      "Access-Control-Max-Age": "86400",
      "Cache-Control": "no-store",
    },
  });
}

/** The body as JSON, read no further than MCP_MAX_BODY_BYTES. */
async function readJson(request: Request): Promise<unknown> {
  const body = await readBodyUpTo(request, MCP_MAX_BODY_BYTES);
  if (!body) throw new TooLarge();
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body));
  } catch {
    throw new Malformed();
  }
}

/** The live publication for this slug; not_found / gone otherwise. */
async function livePublication(slug: string): Promise<Published> {
  if (!SLUG.test(slug)) throw new AppError("not_found", "There is no trust center at this address.");
  const latest = await latestPublication(slug);
  if (latest?.kind === "PUBLISH" && latest.document.view) return latest;
  if (latest) throw new AppError("gone", "This trust center has been taken offline: there is no current publication to answer from.");
  if (await organizationExists(slug)) throw new AppError("not_found", "This trust center has not published anything yet: there is no signed posture to answer from.");
  throw new AppError("not_found", "There is no trust center at this address.");
}

/** Where this request's trust center lives: the tenant host at its root, or /t/{slug} on the app host. */
function siteOf(request: Request, slug: string): Site {
  const { page } = siteUrls(slug, request.headers.get(SITE_HEADER) ?? "");
  return { slug, page, appOrigin: new URL(env().APP_URL).origin };
}

async function answer(request: Request, slug: string): Promise<Response> {
  await consume("mcp-ip", MCP_RATE_LIMIT, rateLimitSubject(clientIp(request.headers)), TOO_MANY);
  if (request.method !== "POST") {
    return rpcError(405, MCP_ERROR.transport, "Method not allowed: this MCP server is stateless and read-only; send JSON-RPC messages with POST.", { Allow: "POST, OPTIONS" });
  }
  const body = await readJson(request);
  // JSON-RPC 2.0: an empty batch is an invalid request (the SDK would answer it 202, as if all notifications).
  if (Array.isArray(body) && body.length === 0) return rpcError(400, -32600, "Invalid Request: an empty batch.");
  const publication = await livePublication(slug);
  const server = mcpServerFor(publication, siteOf(request, slug), () => publicationChain(slug));
  const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  await server.connect(transport);
  try {
    return finish(await transport.handleRequest(request, { parsedBody: body }));
  } finally {
    await server.close();
  }
}

export async function mcpEndpoint(request: Request, slug: string): Promise<Response> {
  if (request.method === "OPTIONS") return preflight();
  try {
    return await answer(request, slug);
  } catch (error) {
    if (error instanceof TooLarge) return rpcError(413, MCP_ERROR.transport, `Request body too large: at most ${MCP_MAX_BODY_BYTES} bytes.`);
    if (error instanceof Malformed) return rpcError(400, -32700, "Parse error: the body is not JSON.");
    if (error instanceof AppError && error.code === "rate_limited") {
      return rpcError(429, MCP_ERROR.rateLimited, error.message, { "Retry-After": String(error.details.retryAfterSeconds ?? MCP_RATE_LIMIT.windowSeconds) });
    }
    if (error instanceof AppError && (error.code === "not_found" || error.code === "gone")) return rpcError(error.status, MCP_ERROR.notPublished, error.message);
    const eventId = randomUUID();
    log.error({ err: error, eventId, slug }, "MCP request failed");
    return rpcError(503, MCP_ERROR.unavailable, `This trust center's MCP server could not answer just now; try again in a moment (reference ${eventId}).`, { "Retry-After": "5" });
  }
}
