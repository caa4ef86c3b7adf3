import "server-only";

import { closeSync, openSync, unlinkSync, writeSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import v8 from "node:v8";
import vm from "node:vm";
import { storedPages } from "@/modules/publishing/server/stored";
import { env } from "@/server/env";
import { forgetAll, prepareStoredAnswers } from "./hot";

/**
 * The fast path's code made hot before the web process listens (ADR 025, "A start"). A fresh
 * process serves its first visitors with V8's interpreter and baseline code: in the bench's cold
 * pass after a restart (each request a different tenant, every page already in memory), its CPU
 * profile spent 60–75% of the first second after listening in JavaScript against 10–35% once warm
 * (part of it is each tenant's first visit, which no warm-up removes: ADR 025 has the rounds).
 * So the process first serves real requests to itself: the same request listener as the port's,
 * on a loopback port of its own (exclusive, also under node:cluster): its health check, then
 * pages it holds (each live page's app-host or tenant-host form, brotli as browsers ask), until
 * `requests` were answered or `budgetMs` passed. Then the ready answers those requests left are dropped (hot.ts),
 * and every held page's ready answer is made from its stored bytes (prepareStoredAnswers(): the
 * answer its first visitor would have made, the same for anyone), so that a tenant's first
 * request after a start is a hit like its thousandth (ADR 025, "The first visit"), and each held
 * body is copied through the kernel once (copyOnceThroughKernel()). Last, a full
 * garbage collection, so the load's garbage is not collected while the first visitors are served
 * (ADR 025, "Cold, again"). The health check goes first because what it loads stays (~40 MB):
 * collected and promoted here, not while the first visitors are served (ADR 043, "The first
 * seconds after a start").
 *
 * Nothing is written or rendered: the health check is one `SELECT 1`, every other request a stored
 * page the process already holds (a page that has meanwhile gone answers as it would to anyone).
 * Without pages (a new install, the database down at start) it returns at once.
 */
export async function warmFastPath(listener: http.RequestListener, options: { requests?: number; budgetMs?: number } = {}) {
  const started = performance.now();
  const pages = storedPages(PAGES);
  const wanted = options.requests ?? REQUESTS;
  const budgetMs = options.budgetMs ?? BUDGET_MS;
  if (pages.length === 0 || wanted <= 0) return { requests: 0, answers: 0, copied: 0, ms: 0 };
  const server = http.createServer(listener);
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen({ port: 0, host: "127.0.0.1", exclusive: true }, resolve));
  const { port } = server.address() as AddressInfo;
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const appHost = new URL(env().APP_URL).host;
  let sent = 0;
  let answered = 0;
  const client = async () => {
    while (sent < wanted && performance.now() - started < budgetMs) {
      const page = pages[sent++ % pages.length]!;
      const target = page.site ? { host: page.site, path: "/" } : { host: appHost, path: `/t/${page.slug}` };
      if (await get(port, agent, target)) answered++;
    }
  };
  try {
    // First the app's own health check (what a load balancer asks first): it loads Next's route
    // machinery and the database client, ~40 MB that stay. Asked after the port opened, that was
    // promoted by the first visitors' scavenges (one of ~90 ms, in the bench's cold pass).
    await get(port, agent, { host: appHost, path: "/api/health" });
    await Promise.all(Array.from({ length: CONNECTIONS }, client));
  } finally {
    agent.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    forgetAll();
  }
  const held = storedPages(Infinity);
  const answers = prepareStoredAnswers(held);
  const copied = copyOnceThroughKernel(held.map(({ value }) => value.bytes));
  collectGarbage();
  return { requests: answered, answers, copied, ms: Math.round(performance.now() - started) };
}

/**
 * Each held body copied by the kernel once before the port opens, into a scratch file of a few
 * pages (written at its start each time, unlinked as soon as it is open). On this kind of VM (a
 * PVM guest, ADR 025 "The kernel's first copy") the kernel's first copy from a page of the
 * process's memory costs ~4 µs more than every later one: 20,000 bodies of 15 KB took 414–440 ms
 * to write the first time and 74–84 ms after, however long the bytes had been held or whether the
 * process had read them itself. A response's write is such a copy, so after a start each tenant's
 * first visitor paid it (the cold pass's `_copy_from_iter`, 6–13 µs a request against ~1–2
 * for one tenant). Paid here, once, in ~0.4 s for 20,000 pages; elsewhere it costs one fast copy.
 * Where no scratch file can be made (a read-only file system), the visitors pay it as before.
 */
function copyOnceThroughKernel(bodies: Buffer[]): number {
  const file = path.join(tmpdir(), `candor-warm-${process.pid}-${Date.now()}`);
  let fd: number;
  try {
    fd = openSync(file, "wx", 0o600);
  } catch {
    return 0;
  }
  try {
    unlinkSync(file);
    for (const body of bodies) writeSync(fd, body, 0, body.byteLength, 0);
    return bodies.length;
  } catch {
    return 0;
  } finally {
    closeSync(fd);
  }
}

/**
 * A full collection before the port opens. Loading the live pages leaves hundreds of MB of
 * garbage (pg's hex text of each row's bytes, ~2× the bytes kept): without this, V8 collected it
 * while the first visitors were served (the bench's cold pass, ADR 025 "Cold, again"). `gc` is
 * taken from a fresh context, so nothing else in the process can call it.
 */
function collectGarbage() {
  v8.setFlagsFromString("--expose-gc");
  const gc = vm.runInNewContext("gc") as () => void;
  v8.setFlagsFromString("--no-expose-gc");
  gc();
}

/** A few connections, as a load balancer keeps; a few thousand requests, in about a second on two cores. */
const CONNECTIONS = 4;
const REQUESTS = 3_000;
const BUDGET_MS = 2_000;
const PAGES = 1_000;

/** One GET through the listener; true when it was answered 200 (its body read and dropped). */
function get(port: number, agent: http.Agent, target: { host: string; path: string }) {
  return new Promise<boolean>((resolve) => {
    const request = http.get({ host: "127.0.0.1", port, agent, path: target.path, headers: { host: target.host, "accept-encoding": "br" } }, (response) => {
      response.resume();
      response.on("end", () => resolve(response.statusCode === 200));
      response.on("error", () => resolve(false));
    });
    request.on("error", () => resolve(false));
  });
}
