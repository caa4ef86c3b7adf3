import path from "node:path";
import { defineConfig } from "vitest/config";
import base from "../../vitest.config.mts";

/**
 * The project's vitest configuration (global PostgreSQL setup included: that is where the exit
 * code was once lost), running only the gate fixtures. Used by scripts/check-test-gate.ts.
 */
export default defineConfig({
  ...base,
  root: path.resolve(import.meta.dirname, "../.."),
  test: { ...base.test, include: [`tests/gate/${process.env.CANDOR_GATE_FIXTURE ?? "*"}.fixture.ts`] },
});
