import type { Server } from "node:http";

/**
 * How long the web server keeps an idle keep-alive connection open: longer than anything that
 * reuses one. A client that sends a request on a connection the server is just closing gets
 * ECONNRESET (or a proxy answers 502), so the side that reuses must always give up first.
 *
 * - Caddy (deploy/) keeps idle connections to the app for 2 minutes by default.
 * - Node clients (Playwright's request context, fetch) read the `Keep-Alive: timeout=N` we send
 *   and give up one second before N.
 * - Browsers retry a request that failed on a reused connection, so they only need N > 0.
 *
 * Node's own default is 5 s, under every one of them: an e2e run on a loaded machine got
 * ECONNRESET on GET /t/demo from exactly that race. headersTimeout (60 s) is not tied to it in
 * Node ≥ 18: it counts from a request's first byte, not from the idle time before it.
 */
export const KEEP_ALIVE_TIMEOUT_MS = 125_000;

export function keepIdleConnectionsOpen(server: Server) {
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
}
