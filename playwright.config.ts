import { defineConfig, devices } from "@playwright/test";

/**
 * End-to-end tests against a production build, in Debian's Chromium (no browser download).
 * Run through `npm run test:e2e` (scripts/e2e.ts), which starts a throwaway PostgreSQL, builds,
 * and sets the environment this file reads.
 */
const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  // tests/e2e/gate holds a deliberately failing test, run only by scripts/check-test-gate.ts.
  ...(process.env.CANDOR_GATE_CHECK === "1" ? { testDir: "tests/e2e/gate" } : { testDir: "tests/e2e", testIgnore: ["gate/**"] }),
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? [["line"]] : [["list"]],
  use: { baseURL, trace: "retain-on-failure", screenshot: "only-on-failure" },
  projects: [
    {
      name: "debian-chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
          ],
        },
      },
    },
  ],
  webServer: {
    command: "node --import tsx --import ./scripts/node-hooks.mjs scripts/start.ts",
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    stderr: "pipe",
    env: { PORT: String(port), HOSTNAME_BIND: "127.0.0.1", NODE_ENV: "production", SKIP_MIGRATIONS: "1", NEXT_TELEMETRY_DISABLED: "1" },
  },
});
