import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname, "src"),
      "server-only": path.resolve(import.meta.dirname, "tests/setup/server-only-stub.ts"),
    },
  },
  test: {
    include: ["src/**/*.test.{ts,tsx}", "tests/unit/**/*.test.{ts,tsx}", "tests/integration/**/*.test.{ts,tsx}"],
    globalSetup: ["tests/setup/global-postgres.ts"],
    setupFiles: ["tests/setup/per-file-database.ts"],
    pool: "forks",
    // next-auth imports "next/server" without an extension, which Node's ESM resolver refuses;
    // letting Vite process it resolves the import the way Next does.
    server: { deps: { inline: ["next-auth"] } },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // expect.poll waits for what happens in the background (a page written for the edge, a job
    // done). Its default deadline, 1 s, is a race on a loaded machine; a generous one costs
    // nothing when the thing comes at once.
    expect: { poll: { timeout: 15_000 } },
    env: {
      NODE_ENV: "test",
      AUTH_SECRET: "test-secret-test-secret-test-secret-0123456789",
      DATA_ENCRYPTION_KEY: "Y2FuZG9yLXRlc3QtZGF0YS1lbmNyeXB0aW9uLWtleSE=",
      APP_URL: "http://localhost:3000",
      EMAIL_TRANSPORT: "mailbox",
      LOG_LEVEL: "silent",
    },
  },
});
