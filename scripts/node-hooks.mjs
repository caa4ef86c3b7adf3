// Loaded with `node --import` (through tsx) by the worker and the scripts: lets server modules
// that start with `import "server-only"` (a guard for Next's client bundles) load in plain Node.
import { register } from "node:module";

register(
  "data:text/javascript," +
    encodeURIComponent(`
      export async function resolve(specifier, context, next) {
        if (specifier === "server-only") return { url: "data:text/javascript,export {};", shortCircuit: true };
        return next(specifier, context);
      }
    `),
  import.meta.url,
);
