import { expect, test } from "@playwright/test";

/**
 * The MCP server (ADR 036) on the production build: /mcp on the demo's tenant host passes the
 * front, the fast path and the proxy's rewrite, and answers from the same publication trust.json
 * serves, citing it.
 */
const port = Number(process.env.E2E_PORT ?? 3100);
const app = `http://127.0.0.1:${port}`;
const tenantHost = `demo.${process.env.PLATFORM_DOMAIN ?? "localhost"}:${port}`;
/** Node does not resolve *.localhost as the browser does: requests go to the address, named by Host. */
const onTenant = { Host: tenantHost };
const MCP = { accept: "application/json, text/event-stream", "content-type": "application/json", "mcp-protocol-version": "2025-06-18" };

test("an assistant on the tenant host's /mcp gets answers citing the live publication", async ({ request }) => {
  const signed = await (await request.get(`${app}/trust.json`, { headers: onTenant })).json();
  const init = await request.post(`${app}/mcp`, { headers: { ...onTenant, ...MCP }, data: { jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "e2e", version: "1" } } } });
  expect(init.status()).toBe(200);
  expect(init.headers()["cache-control"]).toBe("no-store");
  expect((await init.json()).result.serverInfo.name).toBe("candor-trust-center-demo");

  const call = await request.post(`${app}/mcp`, { headers: { ...onTenant, ...MCP }, data: { jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "search_controls", arguments: { limit: 3 } } } });
  expect(call.status()).toBe(200);
  const answer = (await call.json()).result.structuredContent;
  expect(answer.publication).toMatchObject({ seq: signed.seq, hash: signed.hash, verifyUrl: `http://${tenantHost}/verify`, signedDocumentUrl: `http://${tenantHost}/trust.json?seq=${signed.seq}` });
  expect(answer.returned).toBe(3);

  const verified = await request.post(`${app}/mcp`, { headers: { ...onTenant, ...MCP }, data: { jsonrpc: "2.0", id: 3, method: "tools/call", params: { name: "verify_publication", arguments: {} } } });
  expect((await verified.json()).result.structuredContent).toMatchObject({ verified: true, chainLength: signed.seq });

  // GET is refused by the route (the fast path let it through), and the app host's /t/demo/mcp answers too.
  expect((await request.get(`${app}/mcp`, { headers: onTenant })).status()).toBe(405);
  const appHost = await request.post(`${app}/t/demo/mcp`, { headers: MCP, data: { jsonrpc: "2.0", id: 4, method: "tools/list" } });
  expect(appHost.status()).toBe(200);
  expect((await appHost.json()).result.tools).toHaveLength(7);
});
