import { describe, expect, it } from "vitest";
import { enqueueEmail } from "@/modules/email/server/outbox";
import type { MailTransport, OutgoingEmail } from "@/modules/email/server/transports";
import { db } from "@/server/db/client";
import { startWorker } from "@/worker/main";

/**
 * A burst of sign-in requests must not hold everyone else's mail back. The worker used to take
 * one message per polling interval (pg-boss waits the interval after each fetch), so 50 queued
 * messages delayed the 51st by 50 s. With an interval far longer than the test, every queued
 * message must still go out: the worker drains the queue instead of waiting between messages.
 */
describe("the email worker under a burst", () => {
  it("delivers a queue of 40 messages without waiting a polling interval between them", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) {
      ids.push(
        await db.$transaction((tx) =>
          enqueueEmail(tx, { to: `burst-${i}@example.com`, template: "sign-in", props: { url: "http://localhost:3000/login/confirm?token=abc", code: "123456", expiresInMinutes: 10 } }),
        ),
      );
    }
    const sent: OutgoingEmail[] = [];
    // A provider that takes a little time per message, as a real one does.
    const slowish: MailTransport = { name: "slowish", send: async (email) => (await new Promise((resolve) => setTimeout(resolve, 20)), sent.push(email), {}) };
    const started = Date.now();
    const worker = await startWorker({ transport: slowish, pollingIntervalSeconds: 60 });
    try {
      await expect.poll(() => db.outboxMessage.count({ where: { id: { in: ids }, status: "SENT" } }), { timeout: 45_000, interval: 250 }).toBe(40);
    } finally {
      await worker.stop();
    }
    // Well inside one polling interval (60 s), however busy the machine.
    expect(Date.now() - started).toBeLessThan(50_000);
    expect(new Set(sent.map((email) => email.to)).size).toBe(40);
  }, 90_000);
});
