import { mcpEndpoint } from "@/modules/mcp/server/endpoint";

/**
 * The read-only MCP server over the live publication (ADR 036): /mcp on a tenant host (the proxy
 * rewrites it here), /t/{slug}/mcp on the app host. Stateless Streamable HTTP: POST carries
 * JSON-RPC; GET and DELETE are answered 405; OPTIONS is the CORS preflight.
 */
type Params = { params: Promise<{ slug: string }> };
const handle = async (request: Request, { params }: Params) => mcpEndpoint(request, (await params).slug);

export const POST = handle;
export const GET = handle;
export const DELETE = handle;
export const OPTIONS = handle;
