import { afterEach, describe, expect, it } from "vitest";
import { deliverOutboxBatch, deliverOutboxMessage } from "@/modules/email/server/deliver";
import { enqueueEmail } from "@/modules/email/server/outbox";
import { mailboxTransport } from "@/modules/email/server/transports";
import { setClock } from "@/server/clock";
import { db } from "@/server/db/client";

/**
 * A delivered message's sentAt follows the injected clock (src/server/clock.ts), like the rest of
 * the domain: a test that moves the clock sees the time it set, one by one and in a batch.
 */
const message = (to: string) => ({
  to,
  template: "sign-in" as const,
  props: { url: "http://localhost:3000/login/confirm?token=abc", code: "123456", expiresInMinutes: 10 },
});

afterEach(() => setClock());

describe("the outbox's sentAt", () => {
  it("one message delivered at a set time is SENT at that time", async () => {
    const id = await db.$transaction((tx) => enqueueEmail(tx, message("clock-one@example.com")));
    setClock(() => Date.parse("2031-02-03T04:05:06.000Z"));
    await expect(deliverOutboxMessage({ db, outboxId: id, transport: mailboxTransport(db, { print: false }), finalAttempt: false })).resolves.toBe("sent");
    const row = await db.outboxMessage.findUniqueOrThrow({ where: { id } });
    expect(row.status).toBe("SENT");
    expect(row.sentAt?.toISOString()).toBe("2031-02-03T04:05:06.000Z");
  });

  it("a batch delivered at a set time is SENT at that time, every message of it", async () => {
    const ids = await db.$transaction(async (tx) => [await enqueueEmail(tx, message("clock-a@example.com")), await enqueueEmail(tx, message("clock-b@example.com"))]);
    setClock(() => Date.parse("2029-12-31T23:59:58.000Z"));
    await expect(deliverOutboxBatch({ db, outboxIds: ids, transport: mailboxTransport(db, { print: false }), finalAttempt: false })).resolves.toEqual({ sent: 2 });
    const rows = await db.outboxMessage.findMany({ where: { id: { in: ids } }, orderBy: { recipient: "asc" } });
    expect(rows.map((row) => [row.recipient, row.status, row.sentAt?.toISOString()])).toEqual([
      ["clock-a@example.com", "SENT", "2029-12-31T23:59:58.000Z"],
      ["clock-b@example.com", "SENT", "2029-12-31T23:59:58.000Z"],
    ]);
  });
});
