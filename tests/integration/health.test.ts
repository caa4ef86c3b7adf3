import { describe, expect, it } from "vitest";
import { GET } from "@/app/api/health/route";
import { disconnectDb } from "@/server/db/client";
import { resetEnvCache } from "@/server/env";

describe("GET /api/health", () => {
  it("answers 200 with the database reachable", async () => {
    const response = await GET();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", database: "ok" });
  });

  it("answers 503, without internals, when the database is unreachable", async () => {
    const saved = process.env.APP_DATABASE_URL;
    await disconnectDb();
    process.env.APP_DATABASE_URL = "postgresql://candor_app:x@127.0.0.1:9/candor"; // nothing listens on port 9
    resetEnvCache();
    try {
      const response = await GET();
      expect(response.status).toBe(503);
      const body = await response.text();
      expect(JSON.parse(body)).toEqual({ status: "degraded", database: "unreachable" });
      expect(body).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|postgres/i);
    } finally {
      await disconnectDb();
      process.env.APP_DATABASE_URL = saved;
      resetEnvCache();
    }
  });
});
