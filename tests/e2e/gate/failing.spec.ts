import { expect, test } from "@playwright/test";

// Run only by scripts/check-test-gate.ts (CANDOR_GATE_CHECK=1), which expects the end-to-end run
// holding this test to FAIL: a real request to the real server, with an expectation that is false.
test("a deliberately failing end-to-end test: the run must exit non-zero", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(599);
});
