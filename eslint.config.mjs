import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const DATABASE_ONLY_ON_SERVER = [
  { group: ["@/generated/prisma", "@/generated/prisma/*"], message: "Only src/server and modules/*/server may use the Prisma client." },
  { group: ["@/server/db/*"], message: "Only src/server and modules/*/server may use the database." },
];
// Domain modules never reach into the transport: the edge imports domain read functions, never
// the other way round (ADR 024; scripts/check-modules.ts, run by `npm run lint`, also fails on
// any import cycle between modules).
const NO_EDGE_IN_MODULES = [
  { group: ["@/proxy", "**/proxy"], message: "Domain modules never import the proxy (src/proxy.ts)." },
  { group: ["@/server/edge", "@/server/edge/*", "**/server/edge/*"], message: "Domain modules never import the edge (src/server/edge)." },
];

// Links and filter forms go through src/components/ui/, which never prefetches (ADR 045).
const NO_NEXT_LINK = [
  { name: "next/link", message: "Use Link from @/components/ui/link (no prefetch: ADR 045)." },
  { name: "next/form", message: "Use FilterForm from @/components/ui/filter-form (no prefetch: ADR 045)." },
];

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [".next/**", "node_modules/**", "src/generated/**", ".data/**", ".tmp/**", "test-results/**", "playwright-report/**", "next-env.d.ts"],
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // No randomness that is not the CSPRNG (ASVS 11.5.1), no code from strings.
      "no-restricted-properties": ["error", { object: "Math", property: "random", message: "Use node:crypto (randomBytes, randomInt)." }],
      "no-eval": "error",
      // Log through src/server/log.ts (structured, redacted); the console is for scripts.
      "no-console": ["error", { allow: ["warn", "error"] }],
      "no-new-func": "error",
    },
  },
  { files: ["scripts/**", "prisma/**", "tests/**", "public/**/*.mjs"], rules: { "no-console": "off" } },
  {
    // The shape cannot silently regress (issue 11, ADR 026): no function over 80 lines in src/,
    // and a page is gate + load + one <Screen/>; the screen lives in its module's components/.
    files: ["src/**/*.{ts,tsx}"],
    ignores: ["src/generated/**"],
    rules: { "max-lines-per-function": ["error", { max: 80, skipBlankLines: true, skipComments: true }] },
  },
  { files: ["src/app/**/page.tsx"], rules: { "max-lines": ["error", { max: 40, skipBlankLines: true, skipComments: true }] } },
  {
    // The database client stays on the server: only server plumbing, domain server code,
    // route handlers, scripts and tests may import it.
    files: ["src/**/*.{ts,tsx}"],
    ignores: ["src/server/**", "src/modules/**", "src/worker/**", "src/app/**/route.ts"],
    rules: { "no-restricted-imports": ["error", { paths: NO_NEXT_LINK, patterns: DATABASE_ONLY_ON_SERVER }] },
  },
  // (One block per file set: a later block's options for a rule replace an earlier one's.)
  {
    files: ["src/modules/**/*.{ts,tsx}"],
    ignores: ["src/modules/*/server/**"],
    rules: { "no-restricted-imports": ["error", { paths: NO_NEXT_LINK, patterns: [...DATABASE_ONLY_ON_SERVER, ...NO_EDGE_IN_MODULES] }] },
  },
  {
    files: ["src/modules/*/server/**/*.{ts,tsx}"],
    rules: { "no-restricted-imports": ["error", { paths: NO_NEXT_LINK, patterns: NO_EDGE_IN_MODULES }] },
  },
  { files: ["src/components/ui/link.tsx", "src/components/ui/filter-form.tsx"], rules: { "no-restricted-imports": ["error", { patterns: DATABASE_ONLY_ON_SERVER }] } },
];

export default config;
