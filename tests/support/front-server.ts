import http from "node:http";
import type { AddressInfo } from "node:net";
import { servePublicSurface } from "@/server/edge/fast-path";
import { startPublishedDir } from "@/server/edge/published-dir";

/**
 * The production server's front (scripts/web.ts) in a real Node HTTP server, for tests: what
 * the fast path serves comes back as it would; what it leaves to Next comes back as a 418
 * "fell through to Next".
 */
export async function startFrontServer(bind = "127.0.0.1") {
  await startPublishedDir(); // as scripts/web.ts does (a no-op without PUBLISHED_DIR)
  const server = http.createServer((req, res) => {
    void servePublicSurface(req, res).then((served) => {
      if (!served) {
        res.writeHead(418);
        res.end("fell through to Next");
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, bind, resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    /** A request with exactly these headers (Host included), the body as sent (not decoded), and how long it took. */
    request(path: string, options: { headers?: Record<string, string>; method?: string; address?: string } = {}) {
      const started = performance.now();
      return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer; ms: number }>((resolve, reject) => {
        const request = http.request({ host: options.address ?? "127.0.0.1", port, path, method: options.method ?? "GET", headers: options.headers }, (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks), ms: performance.now() - started }));
        });
        request.on("error", reject);
        request.end();
      });
    },
  };
}
