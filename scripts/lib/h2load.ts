import { runTimed } from "./timed-run";

/**
 * h2load (Debian's `nghttp2-client`, a C load generator like wrk) for the rows that must be
 * measured as browsers fetch a page over HTTPS: HTTP/2, whose headers are HPACK-compressed and
 * framed apart from the body, where wrk speaks HTTP/1.1 only. Each of `connections` clients keeps
 * one request in flight (`-m 1`), as wrk's connections do, so the two protocols' rows differ in
 * the protocol alone. `connectTo` as in wrk.ts: the URL's host stays the TLS name and :authority.
 */
export type H2Result = { rps: number; requests: number; failed: number; non2xx: number; clientCpuMs: number };

export async function h2load(options: { url: string; headers?: Record<string, string>; connections?: number; seconds?: number; connectTo?: string }): Promise<H2Result> {
  const args = ["-t", "1", "-c", String(options.connections ?? 32), "-m", "1", "-D", String(options.seconds ?? 5)];
  if (options.connectTo) args.push(`--connect-to=${options.connectTo}`);
  for (const [name, value] of Object.entries(options.headers ?? {})) args.push("-H", `${name.toLowerCase()}: ${value}`);
  args.push(options.url);
  const { output, cpuMs } = await runTimed("h2load", args);
  return { ...parseH2load(output), clientCpuMs: cpuMs };
}

/** h2load's summary: "finished in 5.00s, 7012.40 req/s, …", "requests: N total, … S succeeded, F failed, E errored, T timeout", "status codes: A 2xx, …". */
function parseH2load(output: string): Omit<H2Result, "clientCpuMs"> {
  const finished = /finished in ([\d.]+)(m?s), ([\d.]+) req\/s/.exec(output);
  const requests = /requests: (\d+) total, \d+ started, (\d+) done, (\d+) succeeded, (\d+) failed, (\d+) errored, (\d+) timeout/.exec(output);
  const status = /status codes: (\d+) 2xx, (\d+) 3xx, (\d+) 4xx, (\d+) 5xx/.exec(output);
  if (!finished || !requests || !status) throw new Error(`h2load printed no summary: ${output}`);
  const done = Number(requests[2]);
  return { rps: Number(finished[3]), requests: done, failed: Number(requests[4]) + Number(requests[5]) + Number(requests[6]), non2xx: done - Number(status[1]) };
}
