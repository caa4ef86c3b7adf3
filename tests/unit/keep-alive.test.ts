import http from "node:http";
import net, { type AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keepIdleConnectionsOpen } from "../../scripts/lib/keep-alive";

/**
 * scripts/web.ts keeps idle connections open longer than the proxies and clients that reuse them
 * (scripts/lib/keep-alive.ts). With Node's default (5 s), a connection reused after a pause got
 * ECONNRESET; this reuses one after a longer pause, on a raw socket, as Caddy or Playwright would.
 */
const NODE_DEFAULT_MS = 5_000;
let server: http.Server;
let port: number;

beforeAll(async () => {
  server = http.createServer((_req, res) => res.end("ok"));
  keepIdleConnectionsOpen(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("the web server's idle connections", () => {
  it("announce a keep-alive beyond Caddy's 2 minutes, and serve a request after a pause longer than Node's default", async () => {
    const socket = net.connect(port, "127.0.0.1");
    let received = "";
    let closed = false;
    socket.on("data", (chunk: Buffer) => (received += chunk.toString("latin1")));
    socket.on("close", () => (closed = true));
    socket.on("error", () => undefined);
    // Each response's body ("ok") runs straight into the next status line.
    const responses = () => received.match(/HTTP\/1\.1 \d{3} [A-Za-z ]+(?=\r\n)/g) ?? [];
    const waitFor = async (count: number) => {
      while (responses().length < count && !closed) await new Promise((resolve) => setTimeout(resolve, 20));
    };

    socket.write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
    await waitFor(1);
    expect(received).toMatch(/\r\nKeep-Alive: timeout=125\r\n/);

    await new Promise((resolve) => setTimeout(resolve, NODE_DEFAULT_MS + 1_000));
    expect(closed).toBe(false);
    socket.write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
    await waitFor(2);
    expect(responses()).toEqual(["HTTP/1.1 200 OK", "HTTP/1.1 200 OK"]);
    socket.destroy();
  }, 20_000);
});
