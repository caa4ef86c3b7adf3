import http from "node:http";
import next from "next";

/**
 * The production web server (started by scripts/start.ts): Next.js in a plain Node HTTP server,
 * with the public trust-center surfaces answered first by the fast path (ADR 015). Everything
 * else, and any /t/ path the fast path does not serve, goes to Next unchanged.
 */
const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOSTNAME_BIND ?? "0.0.0.0";
const app = next({ dev: false, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();
// Imported after prepare(): Next sets up its Node environment (AsyncLocalStorage and the like)
// there, and modules the fast path shares with the app expect it.
const { servePublicSurface } = await import("../src/server/edge/fast-path");
// Published pages for Caddy (PUBLISHED_DIR): whatever an earlier run left is removed, then every
// live page is written again from the stored artifacts, in the background.
await (await import("../src/server/edge/published-dir")).startPublishedDir();

const server = http.createServer((req, res) => {
  servePublicSurface(req, res)
    .then((served) => (served ? undefined : handle(req, res)))
    .catch((error: unknown) => {
      console.error(error);
      if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain; charset=utf-8" });
      res.end("Internal error\n");
    });
});
server.listen(port, hostname, () => console.log(`web: listening on http://${hostname}:${port}`));

function stop() {
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 5_000).unref();
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
