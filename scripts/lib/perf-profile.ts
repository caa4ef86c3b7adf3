import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { readFileSync } from "node:fs";

/**
 * Where one thread's CPU went, sampled by the kernel (`perf record -e cpu-clock`: a software
 * clock, which this VM offers though it passes no hardware counters), kernel and JavaScript
 * alike. `node --cpu-prof` sees JavaScript only; the kernel copying a response, faulting a page
 * in or switching to the hypervisor shows here. The web process runs with
 * `--perf-basic-prof-only-functions` so its JIT code has names (/tmp/perf-PID.map).
 *
 * One sample every PERIOD_NS of the thread's CPU time, so a symbol's samples × PERIOD_NS ÷
 * requests is its CPU per request, comparable between rows of different lengths.
 */
export const PERIOD_NS = 200_000;

export function perfAvailable(): boolean {
  try {
    execFileSync("perf", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** Starts sampling thread `tid` into `file`; the returned function stops it and waits for the file. */
export async function recordThread(tid: number, file: string): Promise<() => Promise<void>> {
  const perf: ChildProcess = spawn("perf", ["record", "-q", "-e", "cpu-clock", "-c", String(PERIOD_NS), "-t", String(tid), "-o", file], { stdio: "ignore" });
  // perf opens its counters within a few ms of starting; the row starts after that.
  await new Promise((resolve) => setTimeout(resolve, 150));
  return async () => {
    const exited = new Promise((resolve) => perf.once("exit", resolve));
    perf.kill("SIGINT");
    await exited;
  };
}

/**
 * Samples per symbol in a recording, keyed "where symbol" with where one of kernel, JIT
 * (JavaScript V8 compiled), node (V8's builtins and runtime, Node's C++), libc, other.
 */
export function perfSymbols(file: string): Map<string, number> {
  const out = execFileSync("perf", ["report", "-i", file, "--stdio", "--sort", "dso,sym", "-F", "sample,dso,sym"], { encoding: "utf8", maxBuffer: 64 << 20, stdio: ["ignore", "pipe", "ignore"] });
  const symbols = new Map<string, number>();
  for (const line of out.split("\n")) {
    const match = /^\s*(\d+)\s+(\S.*?)\s+\[[.k]\]\s+(.*)$/.exec(line);
    if (!match) continue;
    const key = `${place(match[2]!)} ${symbolName(match[3]!)}`;
    symbols.set(key, (symbols.get(key) ?? 0) + Number(match[1]));
  }
  return symbols;
}

function place(dso: string) {
  if (dso.startsWith("[kernel")) return "kernel";
  if (dso.startsWith("[JIT]") || dso.startsWith("perf-")) return "JIT";
  if (dso === "node") return "node";
  if (dso.startsWith("libc")) return "libc";
  return "other";
}

/** JIT names carry their source position and an address when unnamed: one key per function. */
function symbolName(symbol: string) {
  return symbol.trim().replace(/^0x[0-9a-f]+$/, "(unnamed)").replace(/\s+/g, " ").slice(0, 90);
}

/**
 * The machine's memory-management counters (/proc/vmstat) that move when the kernel works on memory a
 * process did not ask it to: faults, pages migrated by compaction, reclaim's scans and steals,
 * transparent huge pages, TLB flushes. `vmstatDelta(before)` gives those that moved since.
 */
const VMSTAT = /^(pgfault|pgmajfault|pgmigrate_success|compact_\w+|pgscan_\w+|pgsteal_\w+|thp_\w+|nr_tlb_\w+|workingset_refault_\w+|pgactivate|pgdeactivate)$/;

export function vmstat(): Map<string, number> {
  const counters = new Map<string, number>();
  try {
    for (const line of readFileSync("/proc/vmstat", "utf8").split("\n")) {
      const [name, value] = line.split(" ");
      if (name && VMSTAT.test(name)) counters.set(name, Number(value));
    }
  } catch {
    // not Linux: nothing to say
  }
  return counters;
}

export function vmstatDelta(before: Map<string, number>): string {
  return [...vmstat()]
    .map(([name, value]) => [name, value - (before.get(name) ?? 0)] as const)
    .filter(([, delta]) => delta !== 0)
    .map(([name, delta]) => `${name} ${delta}`)
    .join(", ");
}
