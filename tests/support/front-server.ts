import http from "node:http";
import type { AddressInfo } from "node:net";
import { servePublicSurface, serveReady } from "@/server/edge/fast-path";
import { startPublishedDir } from "@/server/edge/published-dir";
import { answeredByFront, prepareRequest } from "@/server/front";

/** Request headers Next.js would have been given, echoed in the 418's `x-next-saw` (JSON). */
const ECHOED = ["x-candor-front", "x-candor-client-ip", "x-candor-proto", "x-candor-direct", "x-forwarded-for", "x-forwarded-proto", "x-forwarded-host", "x-forwarded-port"];

/**
 * The production server's front (scripts/web.ts) in a real Node HTTP server, for tests: the
 * request passes the front (src/server/front.ts) as there; what the fast path serves comes back
 * as it would; what it leaves to Next comes back as a 418 "fell through to Next", with the
 * request headers Next would have seen in `x-next-saw`.
 */
/**
 * scripts/web.ts's request listener without Next: the front, then the fast path; what it leaves
 * is a 418 "fell through to Next", with the headers Next would have seen in `x-next-saw`.
 */
export function frontListener(hops?: number): http.RequestListener {
  return (req, res) => {
    if (serveReady(req, res)) return;
    const facts = prepareRequest(req, hops);
    if (answeredByFront(req, res, facts)) return;
    void servePublicSurface(req, res).then((served) => {
      if (!served) {
        const saw = Object.fromEntries(ECHOED.map((name) => [name, req.headers[name] ?? null]));
        res.writeHead(418, { "x-next-saw": JSON.stringify(saw) });
        res.end("fell through to Next");
      }
    });
  };
}

export async function startFrontServer(bind = "127.0.0.1", options: { hops?: number } = {}) {
  await startPublishedDir(); // as scripts/web.ts does (a no-op without PUBLISHED_DIR)
  const server = http.createServer(frontListener(options.hops));
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
