import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

/**
 * `npm run lint` (after ESLint): the module graph must have no cycle, and no domain module may
 * reach into the transport layers (ADR 024).
 *
 * Every file under src/ is collapsed to its unit: `src/modules/<x>/**` → `modules/<x>`,
 * `src/server/edge/**` → `server/edge` (the edge), `src/server/gate*.ts` → `server/gate` (the
 * gate: it composes the session of modules/auth with membership, above the plumbing), any other
 * `src/<top>/**` → `<top>`, and `src/proxy.ts` → `proxy.ts`. Imports are read with TypeScript's
 * own pre-processor (type-only imports and re-exports count: a cycle of types is still a cycle
 * for a reader), resolved through the `@/` alias or relatively. Then:
 *   1. any cycle between units fails (each strongly connected set of units is printed, with one
 *      file-level import for every edge in it, so the fix is easy to find);
 *   2. an import of `src/proxy.ts` or `src/server/edge/**` from `src/modules/**` fails.
 * Exit 1 on any finding. `--print` also prints the unit graph.
 */
const ROOT = path.resolve(process.argv.find((arg) => arg.startsWith("--root="))?.slice(7) ?? ".");
const SRC = path.join(ROOT, "src");
const EXTENSIONS = [".ts", ".tsx", ".mts", ".js", ".mjs"];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === "generated" ? [] : sourceFiles(full);
    return EXTENSIONS.some((ext) => name.endsWith(ext)) && !name.endsWith(".d.ts") ? [full] : [];
  });
}

function resolveImport(from: string, specifier: string): string | null {
  let base: string;
  if (specifier.startsWith("@/")) base = path.join(SRC, specifier.slice(2));
  else if (specifier.startsWith(".")) base = path.resolve(path.dirname(from), specifier);
  else return null; // a package
  for (const candidate of [base, ...EXTENSIONS.map((ext) => base + ext), ...EXTENSIONS.map((ext) => path.join(base, `index${ext}`))]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not this one
    }
  }
  return null;
}

export function unitOf(file: string): string | null {
  const rel = path.relative(SRC, file).split(path.sep).join("/");
  if (rel.startsWith("..")) return null;
  const parts = rel.split("/");
  if (parts[0] === "modules" && parts.length > 2) return `modules/${parts[1]}`;
  if (parts[0] === "server" && parts[1] === "edge" && parts.length > 2) return "server/edge";
  if (parts[0] === "server" && /^gate(-page|-api)?\.ts$/.test(parts[1] ?? "")) return "server/gate";
  if (parts[0] === "components" && parts.length > 2) return `components/${parts[1]}`;
  return parts.length > 1 ? parts[0]! : rel;
}

type Edge = { from: string; to: string; example: string };

export function analyse(files: string[]) {
  const edges = new Map<string, Edge>();
  const forbidden: string[] = [];
  for (const file of files) {
    const fromUnit = unitOf(file)!;
    const info = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
    for (const imported of info.importedFiles) {
      const target = resolveImport(file, imported.fileName);
      if (!target) continue;
      const toUnit = unitOf(target);
      if (!toUnit) continue;
      const relFile = path.relative(ROOT, file);
      if (fromUnit.startsWith("modules/") && (toUnit === "proxy.ts" || toUnit === "server/edge")) {
        forbidden.push(`${relFile} imports ${imported.fileName}: domain modules never import the edge or the proxy`);
      }
      if (toUnit === fromUnit) continue;
      const key = `${fromUnit}\u0000${toUnit}`;
      if (!edges.has(key)) edges.set(key, { from: fromUnit, to: toUnit, example: `${relFile} → ${imported.fileName}` });
    }
  }
  return { edges: [...edges.values()], forbidden, cycles: stronglyConnected([...edges.values()]) };
}

/** Tarjan's algorithm: every set of two or more units that reach each other. */
function stronglyConnected(edges: Edge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const edge of edges) next.set(edge.from, [...(next.get(edge.from) ?? []), edge.to]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let counter = 0;
  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const to of next.get(node) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node)!, low.get(to)!));
      } else if (onStack.has(to)) low.set(node, Math.min(low.get(node)!, index.get(to)!));
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const node of new Set(edges.flatMap((edge) => [edge.from, edge.to]))) if (!index.has(node)) visit(node);
  return found;
}

const { edges, forbidden, cycles } = analyse(sourceFiles(SRC));
if (process.argv.includes("--print")) for (const edge of edges) console.log(`${edge.from} → ${edge.to}   (${edge.example})`);
for (const line of forbidden) console.error(`check-modules: ${line}`);
for (const cycle of cycles) {
  console.error(`check-modules: import cycle between ${cycle.join(", ")}:`);
  for (const edge of edges.filter((e) => cycle.includes(e.from) && cycle.includes(e.to))) console.error(`  ${edge.from} → ${edge.to}   e.g. ${edge.example}`);
}
if (forbidden.length || cycles.length) process.exit(1);
console.log(`check-modules: ${new Set(edges.flatMap((e) => [e.from, e.to])).size} units, ${edges.length} edges, no cycle, no domain module imports the edge`);
