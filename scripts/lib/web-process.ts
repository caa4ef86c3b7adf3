/**
 * How the production web server (scripts/web.ts) is started, by `npm start` and by the benches.
 *
 * `--max-semi-space-size=64` (MiB, V8's default is 16): rendering a dashboard page allocates a
 * few MiB of short-lived objects; with the default young generation, V8 scavenged so often that
 * garbage collection was 13% of the server's time under load. Measured with `npm run
 * bench:dashboard` (50 signed-in users): 40 → 49 req/s, p99 1,031 → 817 ms. It costs at most
 * 3 × 64 MiB of address space, used only when allocation is that fast.
 */
export const WEB_NODE_ARGS = ["--max-semi-space-size=64", "--import", "tsx", "--import", "./scripts/node-hooks.mjs", "scripts/web.ts"];
