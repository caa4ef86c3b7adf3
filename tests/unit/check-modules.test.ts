import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

/**
 * scripts/check-modules.ts, the lint step that keeps the module graph acyclic and the edge out of
 * domain modules, run on small trees as `npm run lint` runs it on src/.
 */
const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

function check(files: Record<string, string>) {
  const root = mkdtempSync(path.join(os.tmpdir(), "candor-modules-"));
  roots.push(root);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  const run = spawnSync(process.execPath, ["--import", "tsx", "scripts/check-modules.ts", `--root=${root}`], { encoding: "utf8" });
  return { status: run.status, output: run.stdout + run.stderr };
}

describe("the module check", () => {
  it("passes a tree whose modules import downwards only", () => {
    const result = check({
      "src/modules/a/server/x.ts": 'import { y } from "@/modules/b/y";\nexport const x = y;\n',
      "src/modules/b/y.ts": 'import { env } from "@/server/env";\nexport const y = env;\n',
      "src/server/env.ts": "export const env = 1;\n",
      "src/server/edge/serve.ts": 'import { x } from "@/modules/a/server/x";\nexport const serve = x;\n',
    });
    expect(result.output).toContain("no cycle");
    expect(result.status).toBe(0);
  });

  it("fails on a cycle between two modules, through a type-only import too, and names the files", () => {
    const result = check({
      "src/modules/a/server/x.ts": 'import type { Y } from "@/modules/b/y";\nexport type X = Y;\n',
      "src/modules/b/y.ts": 'import { helper } from "../a/helper";\nexport type Y = typeof helper;\n',
      "src/modules/a/helper.ts": "export const helper = 1;\n",
    });
    expect(result.status).toBe(1);
    expect(result.output).toContain("import cycle between modules/a, modules/b");
    expect(result.output).toContain("src/modules/b/y.ts → ../a/helper");
  });

  it("fails on a cycle through plumbing (a module and src/server)", () => {
    const result = check({
      "src/modules/a/server/x.ts": 'import { db } from "@/server/db";\nexport const x = db;\n',
      "src/server/db.ts": 'import { x } from "@/modules/a/server/x";\nexport const db = 1;\nexport const again = x;\n',
    });
    expect(result.status).toBe(1);
    expect(result.output).toContain("import cycle between modules/a, server");
  });

  it("fails when a domain module imports the edge or the proxy, even without a cycle", () => {
    const result = check({
      "src/modules/a/server/x.ts": 'import { route } from "@/server/edge/routing";\nimport { proxy } from "../../../proxy";\nexport const x = [route, proxy];\n',
      "src/server/edge/routing.ts": "export const route = 1;\n",
      "src/proxy.ts": "export const proxy = 1;\n",
    });
    expect(result.status).toBe(1);
    expect(result.output).toContain("src/modules/a/server/x.ts imports @/server/edge/routing: domain modules never import the edge");
    expect(result.output).toContain("imports ../../../proxy: domain modules never import the edge or the proxy");
  });
});
