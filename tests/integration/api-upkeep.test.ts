import { describe, expect, it } from "vitest";
import { purgeIdempotencyRecords } from "@/server/api/idempotency";
import { db } from "@/server/db/client";
import { withTenant } from "@/server/db/tenant";
import { API_UPKEEP_QUEUE, startWorker } from "@/worker/main";
import { revokeApiKey } from "@/modules/apikeys/server/keys";
import { createOrg } from "../support/factories";
import { keyFor } from "../support/api";

const HOUR = 3_600_000;
const AT = new Date("2026-12-05T12:00:00.000Z");

/** An org with a key and one stored answer per age (hours before AT). */
async function orgWithRecords(ages: number[], at = AT) {
  const { ctx } = await createOrg();
  const key = await keyFor(ctx, ["posture:write"]);
  await withTenant({ orgId: ctx.org.id }, (tx) =>
    tx.apiIdempotencyRecord.createMany({
      data: ages.map((age) => ({ orgId: ctx.org.id, apiKeyId: key.id, idempotencyKey: `age-${age}`, requestHash: "0".repeat(64), status: 201, body: "{}", headers: {}, createdAt: new Date(at.getTime() - age * HOUR) })),
    }),
  );
  return { ctx, key };
}

const keysLeft = (orgId: string) =>
  withTenant({ orgId }, (tx) => tx.apiIdempotencyRecord.findMany({ where: { orgId }, orderBy: { idempotencyKey: "asc" }, select: { idempotencyKey: true } })).then((rows) => rows.map((r) => r.idempotencyKey));

describe("the Idempotency-Key store's upkeep (api.upkeep)", () => {
  it("deletes every record older than 24 hours in every organisation, a revoked key's too, keeps the rest, and a second run deletes nothing", async () => {
    const a = await orgWithRecords([25, 24.01, 23.99, 1]);
    const b = await orgWithRecords([200, 2]);
    await revokeApiKey({ ctx: b.ctx, id: b.key.id });

    expect(await purgeIdempotencyRecords(AT)).toEqual({ deleted: 3 });
    expect(await keysLeft(a.ctx.org.id)).toEqual(["age-1", "age-23.99"]);
    expect(await keysLeft(b.ctx.org.id)).toEqual(["age-2"]);
    expect(await purgeIdempotencyRecords(AT)).toEqual({ deleted: 0 });
  });

  it("the migration created the queue and the worker schedules it hourly and runs it", async () => {
    const queue = await db.$queryRaw<{ name: string; policy: string }[]>`SELECT name, policy FROM pgboss.queue WHERE name = ${API_UPKEEP_QUEUE}`;
    expect(queue).toEqual([{ name: "api.upkeep", policy: "singleton" }]);
    const { ctx } = await orgWithRecords([48], new Date());
    const worker = await startWorker({ pollingIntervalSeconds: 1 });
    try {
      const schedule = await db.$queryRaw<{ cron: string }[]>`SELECT cron FROM pgboss.schedule WHERE name = ${API_UPKEEP_QUEUE}`;
      expect(schedule).toEqual([{ cron: "17 * * * *" }]);
      await worker.boss.send(API_UPKEEP_QUEUE, {});
      for (let i = 0; i < 300 && (await keysLeft(ctx.org.id)).length > 0; i++) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await keysLeft(ctx.org.id)).toEqual([]);
    } finally {
      await worker.stop();
    }
  }, 60_000);
});
