import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * A first-come, first-served door in front of the dashboard's page renders (ADR 041).
 *
 * One Node process runs every request's JavaScript on one thread. Let fifty pages in at once and
 * they share that thread: each advances a little, waits for the database, waits again for its
 * turn, and all of them finish late, the heaviest last by a wide margin, while fifty half-built
 * pages stay in memory for the garbage collector to walk and their transactions hold pooled
 * connections across every turn. With at most `limit` in progress and the rest waiting in
 * arrival order, a request waits for the ones before it and then runs nearly undisturbed.
 *
 * - A request waits here only once all of it has arrived: a GET or HEAD (its line and headers are
 *   all there is), or a post whose whole body came with its headers (a save's form). A post still
 *   arriving (an upload, a slow sender) passes straight through, so nobody holds a place by
 *   sending slowly; it runs beside the pages as before. A post is looked at one turn of the
 *   event loop after it arrives, when the parser has read whatever came with its headers.
 * - A place is given back as soon as the response's headers go out (a page: when it is complete;
 *   a download: when it starts, so a slow reader holds nothing), or the response finishes, or
 *   the connection closes: once, whatever the handler did.
 * - A request whose client goes away while it waits is dropped, never run.
 * - A prefetch (Next's router asking ahead for a page the visitor may open, `Next-Router-Prefetch`)
 *   waits behind every page somebody asked for: it starts only when no such page waits.
 * - More than `maxQueue` waiting: the newcomer gets 503 with Retry-After at once, rather than a
 *   wait nobody would sit through; the people already in the queue keep being served.
 */
export type Admission = {
  /** Runs `handle` now, or once a place is free (a request all arrived); answers 503 itself when the queue is full. */
  admit(req: IncomingMessage, res: ServerResponse, handle: () => void): void;
  /** Requests in progress that hold a place. */
  readonly running: number;
  /** Requests waiting for a place. */
  readonly waiting: number;
};

type Waiting = { res: ServerResponse; handle: () => void; gone: boolean };

export function createAdmission({ limit, maxQueue, retryAfterSeconds = 2 }: { limit: number; maxQueue: number; retryAfterSeconds?: number }): Admission {
  if (!Number.isInteger(limit) || limit < 1) throw new Error(`createAdmission: limit must be a whole number from 1 (got ${limit})`);
  let running = 0;
  let waiting = 0;
  // Entries whose client left stay in the array, marked gone, and are skipped at the front:
  // removing them from the middle on every close would cost more than it saves.
  const queues: { asked: Waiting[]; prefetch: Waiting[] } = { asked: [], prefetch: [] };

  const leave = (entry: Waiting) => {
    if (entry.gone) return;
    entry.gone = true;
    waiting--;
  };

  const startNext = () => {
    while (running < limit && (queues.asked.length > 0 || queues.prefetch.length > 0)) {
      const entry = (queues.asked.length > 0 ? queues.asked : queues.prefetch).shift()!;
      if (entry.gone) continue;
      leave(entry);
      if (!entry.res.destroyed) run(entry.res, entry.handle);
    }
  };

  function run(res: ServerResponse, handle: () => void) {
    running++;
    let released = false;
    const writeHead = res.writeHead;
    const release = () => {
      if (released) return;
      released = true;
      res.writeHead = writeHead;
      running--;
      startNext();
    };
    // res.write and res.end without an explicit writeHead call it too (Node's implicit header).
    res.writeHead = function (this: ServerResponse, ...args: unknown[]) {
      const result = (writeHead as (...a: unknown[]) => ServerResponse).apply(this, args);
      release();
      return result;
    } as typeof res.writeHead;
    res.once("finish", release);
    res.once("close", release);
    try {
      handle();
    } catch (error) {
      release();
      throw error;
    }
  }

  return {
    admit(req, res, handle) {
      if (req.method === "GET" || req.method === "HEAD" || req.complete) return enter(req, res, handle);
      // A body that came in the same read as the headers is parsed after the request event's
      // callbacks: one turn later it is all there, or the sender is still sending.
      setImmediate(() => (req.complete ? enter(req, res, handle) : handle()));
    },
    get running() {
      return running;
    },
    get waiting() {
      return waiting;
    },
  };

  function enter(req: IncomingMessage, res: ServerResponse, handle: () => void) {
    if (running < limit && waiting === 0) return run(res, handle);
    if (waiting >= maxQueue) {
      res.writeHead(503, { "Content-Type": "text/plain; charset=utf-8", "Retry-After": String(retryAfterSeconds), "Cache-Control": "no-store" });
      res.end("The server is busy. Please try again in a moment.\n");
      return;
    }
    const entry: Waiting = { res, handle, gone: false };
    (req.headers["next-router-prefetch"] ? queues.prefetch : queues.asked).push(entry);
    waiting++;
    // Closed before it started: the client left while waiting.
    res.once("close", () => leave(entry));
  }
}
