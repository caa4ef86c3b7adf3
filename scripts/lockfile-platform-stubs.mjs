// Run after `npm install` changes package-lock.json:  node scripts/lockfile-platform-stubs.mjs
//
// The npm registry mirror Candor is developed and tested against serves only some platforms'
// builds of native packages (e.g. @next/swc-darwin-arm64@16.4.6 answers 404). `npm install` then
// leaves those optional packages out of package-lock.json, and `npm ci` refuses a lockfile that
// lacks any optional dependency. This adds the missing entries, with the os/cpu/libc fields the
// real packages declare, so npm ci skips them on other platforms exactly as it would with a full
// registry. See docs/decisions/001-stack.md.
import { readFileSync, writeFileSync } from "node:fs";

const file = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(readFileSync(file, "utf8"));
const OS = ["android", "darwin", "freebsd", "linux", "win32", "openharmony", "netbsd", "openbsd", "sunos", "aix"];
const CPU = { arm64: "arm64", x64: "x64", ia32: "ia32", arm: "arm", loong64: "loong64", ppc64: "ppc64", riscv64: "riscv64", s390x: "s390x" };

function platformOf(name) {
  const base = name.split("/").pop();
  if (/wasm32/.test(base)) return { cpu: ["wasm32"] };
  const os = OS.find((candidate) => base.includes(`-${candidate}-`) || base.endsWith(`-${candidate}`));
  const cpuKey = Object.keys(CPU).find((candidate) => new RegExp(`-${candidate}(-|$)`).test(base));
  if (!os || !cpuKey) return undefined;
  const platform = { os: [os], cpu: [CPU[cpuKey]] };
  if (/-gnu(eabihf)?$/.test(base) || /-gnu-/.test(base)) platform.libc = ["glibc"];
  if (/-musl(eabihf)?$/.test(base)) platform.libc = ["musl"];
  return platform;
}

let added = 0;
for (const [path, entry] of Object.entries(lock.packages)) {
  for (const [dependency, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const key = `node_modules/${dependency}`;
    if (lock.packages[key]) continue;
    const platform = platformOf(dependency);
    if (!platform) continue;
    lock.packages[key] = { version, ...platform, ...(entry.dev ? { dev: true } : {}), optional: true };
    added += 1;
    void path;
  }
}
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a.localeCompare(b))));
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`lockfile: added ${added} optional platform entries`);
