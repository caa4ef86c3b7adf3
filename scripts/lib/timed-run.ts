import { spawn } from "node:child_process";

/**
 * Runs a load generator through bash, whose `times` prints the generator's own CPU time (user,
 * system) once it exited: with one generator thread on a shared 2-core machine, the generator may be
 * the ceiling of a row, and its CPU says so. Resolves with everything it printed (stdout and stderr)
 * and that CPU in ms (NaN if bash printed none); rejects when it exits non-zero.
 */
export async function runTimed(command: string, args: string[]): Promise<{ output: string; cpuMs: number }> {
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn("bash", ["-c", `"$0" "$@"; rc=$?; echo; echo RUN-TIMES; times; exit $rc`, command, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`${command} exited ${code}: ${out}`))));
  });
  // `times` prints the shell's own user and system time, then its children's on the next line.
  const lines = output.split("\n");
  const times = lines.includes("RUN-TIMES") ? lines[lines.indexOf("RUN-TIMES") + 2] : undefined;
  const cpuMs = times ? times.trim().split(/\s+/).reduce((sum, t) => sum + shellSeconds(t) * 1000, 0) : Number.NaN;
  return { output, cpuMs };
}

/** bash's `times` format: "1m2.345s". */
function shellSeconds(text: string) {
  const match = /^(\d+)m([\d.]+)s$/.exec(text);
  return match ? Number(match[1]) * 60 + Number(match[2]) : Number.NaN;
}
