import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

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
    // The database client stays on the server: only server plumbing, domain server code,
    // route handlers, scripts and tests may import it.
    files: ["src/**/*.{ts,tsx}"],
    ignores: ["src/server/**", "src/modules/*/server/**", "src/worker/**", "src/app/**/route.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["@/generated/prisma", "@/generated/prisma/*"], message: "Only src/server and modules/*/server may use the Prisma client." },
            { group: ["@/server/db/*"], message: "Only src/server and modules/*/server may use the database." },
          ],
        },
      ],
    },
  },
];

export default config;
