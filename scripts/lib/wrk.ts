import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { runTimed } from "./timed-run";

/**
 * wrk (Debian's `wrk`, a multi-threaded C load generator) for the benches: on this 2-core
 * machine autocannon saturates near 3,000 req/s, far below what nginx or the fast path serve,
 * so a ratio taken with it says more about the generator than the server (issue 11).
 *
 * A Lua script prints the summary as JSON. Options: rotate paths (`paths`, one per request, in
 * order), stop after `maxRequests` (a "cold pass": each path once), and `connectTo` (connect to
 * this address whatever the URL's host says: the URL's host is then the TLS server name and
 * the Host header, as a browser would send for that name).
 */
export type WrkResult = { rps: number; requests: number; seconds: number; p50: number; p99: number; errors: number; non2xx: number; wrkCpuMs: number };

export async function wrk(options: {
  url: string;
  headers?: Record<string, string>;
  connections?: number;
  threads?: number;
  seconds?: number;
  paths?: string[];
  maxRequests?: number;
  connectTo?: string;
}): Promise<WrkResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "candor-wrk-"));
  try {
    const lua: string[] = [];
    if (options.connectTo) lua.push(`wrk.resolve = function(host, service) wrk.addrs = wrk.lookup(${JSON.stringify(options.connectTo)}, service) end`);
    if (options.paths) {
      writeFileSync(path.join(dir, "paths.txt"), options.paths.join("\n") + "\n");
      lua.push(`local paths = {}`, `for line in io.lines(${JSON.stringify(path.join(dir, "paths.txt"))}) do paths[#paths + 1] = line end`, `local i = 0`);
      lua.push(`request = function() i = i + 1; return wrk.format(nil, paths[((i - 1) % #paths) + 1]) end`);
    }
    if (options.maxRequests) lua.push(`local seen = 0`, `response = function() seen = seen + 1; if seen >= ${options.maxRequests} then wrk.thread:stop() end end`);
    lua.push(`done = function(summary, latency)
  local e = summary.errors
  io.write(string.format('\\nWRK-JSON {"requests":%d,"us":%d,"errors":%d,"non2xx":%d,"p50":%d,"p99":%d}\\n', summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status, latency:percentile(50), latency:percentile(99)))
end`);
    writeFileSync(path.join(dir, "script.lua"), lua.join("\n"));
    const args = ["-t", String(options.threads ?? 1), "-c", String(options.connections ?? 32), "-d", `${options.seconds ?? 10}s`, "--timeout", "10s", "-s", path.join(dir, "script.lua")];
    for (const [name, value] of Object.entries(options.headers ?? {})) args.push("-H", `${name}: ${value}`);
    args.push(options.url);
    // Through bash (runTimed): wrk's own CPU time, as with one wrk thread on a shared 2-core
    // machine the generator may be the ceiling of a row.
    const { output, cpuMs: wrkCpuMs } = await runTimed("wrk", args);
    const line = output.split("\n").find((l) => l.startsWith("WRK-JSON "));
    if (!line) throw new Error(`wrk printed no summary: ${output}`);
    const summary = JSON.parse(line.slice(9)) as { requests: number; us: number; errors: number; non2xx: number; p50: number; p99: number };
    const seconds = summary.us / 1e6;
    return { rps: summary.requests / seconds, requests: summary.requests, seconds, p50: summary.p50 / 1000, p99: summary.p99 / 1000, errors: summary.errors, non2xx: summary.non2xx, wrkCpuMs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function hasWrk() {
  return new Promise<boolean>((resolve) => {
    const child = spawn("wrk", ["--version"], { stdio: "ignore" });
    child.on("error", () => resolve(false));
    child.on("exit", () => resolve(true));
  });
}

/** A benchmark row: 2 s of warm-up (same URL, headers and connections), then the run as asked. */
export async function wrkAfterWarmup(options: Parameters<typeof wrk>[0] & { seconds: number; connections: number }): Promise<WrkResult> {
  await wrk({ ...options, seconds: 2 });
  return wrk(options);
}
