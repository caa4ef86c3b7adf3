import { expect, test } from "vitest";

// Run only by scripts/check-test-gate.ts, which expects this run to FAIL (exit status ≠ 0).
test("a deliberately failing test: the run that holds it must exit non-zero", () => {
  expect(1 + 1).toBe(3);
});
