import cluster from "node:cluster";
import http from "node:http";
import next from "next";
import { compressed } from "./lib/compress";
import { keepIdleConnectionsOpen } from "./lib/keep-alive";

/**
 * The web server: Next.js in a plain Node HTTP server. `npm start` runs it for production
 * (scripts/start.ts), `npm run dev` with --dev. Every request first passes the front
 * (src/server/front.ts), which establishes the client's address and scheme from the socket;
 * in production, the public trust-center surfaces are then answered by the fast path (ADR 015).
 * Everything else, and any /t/ path the fast path does not serve, goes to Next unchanged.
 */
const dev = process.argv.includes("--dev");
const { bindAddress, env } = await import("../src/server/env");
// WEB_CONCURRENCY > 1 (production): this process forks that many copies of itself, which share
// the port (node:cluster hands each new connection to one of them in turn) and replaces one that
// dies. Each is a whole web process: its own Next, caches, LISTEN connection and pools, as if
// several instances ran on one database (ADR 024); only the first writes PUBLISHED_DIR.
const processes = dev ? 1 : env().WEB_CONCURRENCY;
if (processes > 1 && cluster.isPrimary) {
  runPrimary(processes);
} else {
  await serve();
}

function runPrimary(count: number) {
  const forkAs = (index: number) => cluster.fork({ WEB_PROCESS_INDEX: String(index) }).on("exit", (code, signal) => {
    if (stopping) return;
    console.error(`web: process ${index} exited (${signal ?? code}); starting another`);
    forkAs(index);
  });
  let stopping = false;
  for (let index = 0; index < count; index++) forkAs(index);
  const stop = () => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill("SIGTERM");
    setTimeout(() => process.exit(0), 6_000).unref();
    cluster.disconnect(() => process.exit(0));
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  console.log(`web: ${count} processes (WEB_CONCURRENCY)`);
}

async function serve() {
  const firstProcess = (process.env.WEB_PROCESS_INDEX ?? "0") === "0";
  const port = Number(process.env.PORT ?? 3000);
  const hostname = bindAddress(env());
  const app = next({ dev, hostname, port });
  const handle = app.getRequestHandler();
  await app.prepare();
  // Imported after prepare(): Next sets up its Node environment (AsyncLocalStorage and the like)
  // there, and modules the fast path shares with the app expect it.
  const { answeredByFront, prepareRequest } = await import("../src/server/front");
  const fastPath = dev ? undefined : await import("../src/server/edge/fast-path");
  const servePublicSurface = fastPath?.servePublicSurface;
  const serveReady = fastPath?.serveReady;
  // Published pages for Caddy (PUBLISHED_DIR): whatever an earlier run left is removed, then every
  // live page is written again from the stored artifacts, in the background.
  if (!dev && firstProcess) await (await import("../src/server/edge/published-dir")).startPublishedDir();
  // The live pages into memory before listening, so a restart does not make each tenant's first
  // visitor wait on a query (ADR 025). A database that is down only makes it lazy, not fatal.
  if (!dev) {
    const { warmStoredArtifacts } = await import("../src/modules/publishing/server/stored");
    await warmStoredArtifacts()
      .then(({ pages, ms }) => console.log(`web: ${pages} live pages in memory in ${ms} ms`))
      .catch((error: unknown) => console.error("web: could not load the live pages ahead (they load on demand)", error));
}

  // Dashboard pages and saves in arrival order, a few at a time (ADR 041); the public surfaces,
  // sign-in, the API and uploads still arriving are not held behind them.
  const { createAdmission } = await import("./lib/admission");
  const limit = env().DASHBOARD_CONCURRENCY;
  const dashboard = !dev && limit > 0 ? createAdmission({ limit, maxQueue: 1_000 }) : undefined;
  const listener: http.RequestListener = (req, res) => {
    // An answer kept ready (a published page asked for before) goes out at once, synchronously,
    // before the front and any Promise (fast-path.ts serveReady(): why that is the same answer).
    if (serveReady?.(req, res)) return;
    const facts = prepareRequest(req);
    if (answeredByFront(req, res, facts)) return;
    (servePublicSurface ? servePublicSurface(req, res) : Promise.resolve(false))
      .then((served) => {
        if (served) return;
        compressed(req, res);
        if (dashboard && req.url?.startsWith("/dashboard")) {
          dashboard.admit(req, res, () => void handle(req, res).catch((error: unknown) => failed(res, error)));
          return;
        }
        return handle(req, res);
      })
      .catch((error: unknown) => failed(res, error));
  };
  // The fast path's code run on the pages just loaded, before the port opens (ADR 025, "A start").
  if (!dev && env().EDGE_WARM_UP_REQUESTS > 0) {
    const { warmFastPath } = await import("../src/server/edge/warm-up");
    await warmFastPath(listener, { requests: env().EDGE_WARM_UP_REQUESTS })
      .then(({ requests, answers, copied, ms }) => console.log(`web: the fast path warmed on ${requests} requests in ${ms} ms, ${answers} answers made ahead, ${copied} bodies copied through the kernel once`))
      .catch((error: unknown) => console.error("web: could not warm the fast path (it warms on its first visitors)", error));
  }
  const server = http.createServer(listener);
  keepIdleConnectionsOpen(server);
  server.listen(port, hostname, () => console.log(`web: listening on http://${hostname.includes(":") ? `[${hostname}]` : hostname}:${port}`));

  function failed(res: http.ServerResponse, error: unknown) {
    console.error(error);
    if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain; charset=utf-8" });
    res.end("Internal error\n");
  }

  function stop() {
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 5_000).unref();
}
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}
