import { createHash } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";

/**
 * CPU time (user + system, milliseconds) of a process and every process below it, read from
 * /proc (Linux). The benches print it per request: on a shared machine a latency figure moves
 * with everyone else's load, the CPU a request costs much less. Elsewhere (no /proc) it is NaN.
 * Children that ended count too, once their parent has waited for them (the kernel adds their
 * time to the parent's cutime and cstime): PostgreSQL's postmaster reaps a backend that exits
 * when the pool drops a connection, and without these fields the tree's sum went backwards by
 * that backend's whole life (negative PostgreSQL columns in bench:public's cold rounds).
 */
const TICKS_PER_SECOND = 100; // Linux's USER_HZ on every architecture Node runs on

export function treeCpuMs(pid: number): number {
  try {
    return ownCpuMs(pid) + reapedChildrenCpuMs(pid) + childrenOf(pid).reduce((sum, child) => sum + treeCpuMs(child), 0);
  } catch {
    return Number.NaN;
  }
}

/**
 * CPU time of a process's main thread alone (its JavaScript; not GC helpers, the thread pool's
 * zlib and crypto, or children). One Node process cannot serve faster than 1000 ÷ this per
 * request, however many cores are free.
 */
export function mainThreadCpuMs(pid: number): number {
  try {
    return ownCpuMs(pid, `/proc/${pid}/task/${pid}/stat`);
  } catch {
    return Number.NaN;
  }
}

/**
 * A process's main thread's user and system CPU (ms) apart, and the whole process's minor page
 * faults (first touches of memory the kernel must map and zero): whether a costly stretch is
 * JavaScript or the kernel mapping memory the heap grew into.
 */
export function mainThreadCounters(pid: number): { userMs: number; sysMs: number; minorFaults: number } {
  try {
    const main = statFields(`/proc/${pid}/task/${pid}/stat`);
    const all = statFields(`/proc/${pid}/stat`);
    return { userMs: (Number(main[11]) * 1000) / TICKS_PER_SECOND, sysMs: (Number(main[12]) * 1000) / TICKS_PER_SECOND, minorFaults: Number(all[7]) };
  } catch {
    return { userMs: Number.NaN, sysMs: Number.NaN, minorFaults: Number.NaN };
  }
}

function ownCpuMs(pid: number, file = `/proc/${pid}/stat`) {
  const fields = statFields(file);
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

/** cutime + cstime (fields 16 and 17): the CPU of the children (and theirs) that exited and were waited for. */
function reapedChildrenCpuMs(pid: number) {
  const fields = statFields(`/proc/${pid}/stat`);
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / TICKS_PER_SECOND;
}

/** A /proc stat line's fields from the state on (field 3 is index 0). */
function statFields(file: string) {
  const stat = readFileSync(file, "utf8");
  // The command name (field 2) may hold spaces and parentheses: count from its closing one.
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
}

function childrenOf(pid: number): number[] {
  return readdirSync(`/proc/${pid}/task`).flatMap((tid) => {
    try {
      return readFileSync(`/proc/${pid}/task/${tid}/children`, "utf8").split(" ").filter(Boolean).map(Number);
    } catch {
      return [];
    }
  });
}

/** The postmaster's pid of a PostgreSQL data directory, if one runs there. */
export function postmasterPid(dataDir: string): number | undefined {
  try {
    const pid = Number(readFileSync(`${dataDir}/postmaster.pid`, "utf8").split("\n")[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** CPU time (ms) of a process's threads, summed by thread name (/proc/PID/task/TID/comm); the main thread is "main". */
export function threadCpuMsByName(pid: number): Map<string, number> {
  const byName = new Map<string, number>();
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        // Node 20 names every thread "node": a thread is then told by its order of creation (t+N).
        const comm = readFileSync(`/proc/${pid}/task/${tid}/comm`, "utf8").trim();
        const name = tid === String(pid) ? "main" : comm === "node" ? `t+${Number(tid) - pid}` : comm;
        byName.set(name, (byName.get(name) ?? 0) + ownCpuMs(pid, `/proc/${pid}/task/${tid}/stat`));
      } catch {
        // a thread that ended meanwhile
      }
    }
  } catch {
    // no /proc
  }
  return byName;
}

/** What each thread name spent between two readings of threadCpuMsByName(), largest first. */
export function threadCpuDelta(before: Map<string, number>, after: Map<string, number>): string {
  return [...after].map(([name, ms]) => [name, ms - (before.get(name) ?? 0)] as const).filter(([, ms]) => ms > 0).sort((a, b) => b[1] - a[1]).map(([name, ms]) => `${name} ${ms.toFixed(0)} ms`).join(", ");
}

/**
 * The whole machine's CPU (ms, every core) from /proc/stat: busy (user, nice, system, irq,
 * softirq, steal), and steal alone (time the hypervisor gave this VM's cores to someone else).
 * A bench row's ratio is only as good as its two sides' share of the machine: what the web
 * process, PostgreSQL and the generator did not use, something else did.
 */
export function machineCpuMs(): { busyMs: number; stealMs: number } {
  try {
    const [user, nice, system, , , irq, softirq, steal] = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number) as number[];
    const ms = (ticks: number) => (ticks * 1000) / TICKS_PER_SECOND;
    return { busyMs: ms(user! + nice! + system! + irq! + softirq! + steal!), stealMs: ms(steal!) };
  } catch {
    return { busyMs: Number.NaN, stealMs: Number.NaN };
  }
}

const PROBE_INPUT = Buffer.alloc(1 << 20, 7);

/**
 * How fast this machine runs a fixed piece of work right now (ms; lower is faster): SHA-256 of
 * 1 MiB, 48 times (~30 ms here), on the calling thread. Steal time does not show every way a VM is slowed (a
 * busy neighbour on the same physical core, a lower clock): a bench row whose web process AND
 * generator both needed more CPU per request than in the other rounds reads this before and after
 * the row, outside its measured window, to tell a slow machine from slow code.
 */
export function speedProbeMs(): number {
  const start = performance.now();
  for (let i = 0; i < 48; i++) createHash("sha256").update(PROBE_INPUT).digest();
  return performance.now() - start;
}

/** A random cycle through 32 Mi indexes (128 MiB, built once: ~1 s): every step of memoryProbeMs() is a read no cache holds and no prefetcher guesses. */
let cycle: Int32Array | undefined;

/**
 * How fast this machine reaches its memory right now (ms; lower is faster): 2^19 dependent reads
 * at random over 128 MiB, on the calling thread. speedProbeMs() works inside 1 MiB, in the
 * caches: it cannot see a neighbour on the host that takes the shared cache or the memory
 * bandwidth, which a row spread over 10,000 tenants' buffers (~200 MB of bodies and answers)
 * feels and a row serving one page from the cache does not.
 */
export function memoryProbeMs(): number {
  cycle ??= randomCycle(1 << 25);
  let at = 0;
  const start = performance.now();
  for (let i = 0; i < 1 << 19; i++) at = cycle[at]!;
  const ms = performance.now() - start;
  if (at < 0) throw new Error("memoryProbeMs: not a cycle");
  return ms;
}

/** Sattolo's shuffle: next[i] walks every index once before it returns to the first. The order is xorshift32's, the same every run (nothing secret). */
function randomCycle(size: number) {
  const next = new Int32Array(size);
  for (let i = 0; i < size; i++) next[i] = i;
  let state = 0x9e3779b9;
  for (let i = size - 1; i > 0; i--) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    const j = (state >>> 0) % i;
    const swap = next[i]!;
    next[i] = next[j]!;
    next[j] = swap;
  }
  return next;
}
