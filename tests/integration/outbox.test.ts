import { describe, expect, it } from "vitest";
import { enqueueEmail } from "@/modules/email/server/outbox";
import { deliverOutboxMessage } from "@/modules/email/server/deliver";
import { mailboxTransport, type MailTransport, type OutgoingEmail } from "@/modules/email/server/transports";
import { startWorker } from "@/worker/main";
import { db } from "@/server/db/client";

const message = (to: string) => ({
  to,
  template: "sign-in" as const,
  props: { url: "http://localhost:3000/login/confirm?token=abc", code: "123456", expiresInMinutes: 10 },
});

async function jobsFor(outboxId: string) {
  return db.$queryRaw<{ state: string; retry_count: number }[]>`
    SELECT state::text, retry_count FROM pgboss.job WHERE name = 'email.deliver' AND data->>'outboxId' = ${outboxId}`;
}

describe("the email outbox", () => {
  it("commits the message and its delivery job with the change, or neither", async () => {
    const kept = await db.$transaction((tx) => enqueueEmail(tx, message("kept@example.com")));
    expect(await db.outboxMessage.findUnique({ where: { id: kept } })).toMatchObject({ status: "PENDING", recipient: "kept@example.com" });
    expect(await jobsFor(kept)).toHaveLength(1);

    let rolledBack = "";
    await expect(
      db.$transaction(async (tx) => {
        rolledBack = await enqueueEmail(tx, message("lost@example.com"));
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await db.outboxMessage.findUnique({ where: { id: rolledBack } })).toBeNull();
    expect(await jobsFor(rolledBack)).toHaveLength(0);
  });

  it("refuses props that do not fit the template", async () => {
    await expect(
      db.$transaction((tx) => enqueueEmail(tx, { ...message("x@example.com"), props: { url: "not a url", code: "12", expiresInMinutes: 10 } })),
    ).rejects.toThrow();
    expect(await db.outboxMessage.count({ where: { recipient: "x@example.com" } })).toBe(0);
  });

  it("records a failed attempt, delivers on retry, and never delivers twice", async () => {
    const id = await db.$transaction((tx) => enqueueEmail(tx, message("retry@example.com")));
    const sent: OutgoingEmail[] = [];
    const down: MailTransport = { name: "down", send: async () => Promise.reject(new Error("provider unavailable")) };
    const up: MailTransport = { name: "up", send: async (email) => (sent.push(email), { providerMessageId: "msg-1" }) };

    await expect(deliverOutboxMessage({ db, outboxId: id, transport: down, finalAttempt: false })).rejects.toThrow("provider unavailable");
    expect(await db.outboxMessage.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "PENDING", attempts: 1, lastError: "provider unavailable" });

    await expect(deliverOutboxMessage({ db, outboxId: id, transport: up, finalAttempt: false })).resolves.toBe("sent");
    await expect(deliverOutboxMessage({ db, outboxId: id, transport: up, finalAttempt: false })).resolves.toBe("skipped");
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ to: "retry@example.com", subject: "Sign in to Candor" });
    expect(sent[0]!.text).toContain("http://localhost:3000/login/confirm?token=abc");
    expect(sent[0]!.html).toContain("123456");
    // Delivered: the payload (which can hold a sign-in link) is gone.
    expect(await db.outboxMessage.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "SENT", attempts: 2, payload: null, providerMessageId: "msg-1" });
  });

  it("marks a message FAILED after its last attempt", async () => {
    const id = await db.$transaction((tx) => enqueueEmail(tx, message("never@example.com")));
    const down: MailTransport = { name: "down", send: async () => Promise.reject(new Error("bounced")) };
    await expect(deliverOutboxMessage({ db, outboxId: id, transport: down, finalAttempt: true })).resolves.toBe("failed-final");
    expect(await db.outboxMessage.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "FAILED", payload: null, lastError: "bounced" });
  });

  it("the worker retries through the queue after a transport failure and delivers exactly once", async () => {
    const id = await db.$transaction((tx) => enqueueEmail(tx, message("queued@example.com")));
    let calls = 0;
    const mailbox = mailboxTransport(db, { print: false });
    const flaky: MailTransport = {
      name: "flaky",
      async send(email) {
        if (email.id !== id) return mailbox.send(email); // messages queued by earlier tests
        calls += 1;
        if (calls === 1) throw new Error("timeout talking to the provider");
        return mailbox.send(email);
      },
    };
    const worker = await startWorker({ transport: flaky, pollingIntervalSeconds: 0.5 });
    try {
      await expect.poll(async () => (await db.outboxMessage.findUniqueOrThrow({ where: { id } })).status, { timeout: 25_000, interval: 250 }).toBe("SENT");
    } finally {
      await worker.stop();
    }
    expect(calls).toBe(2);
    expect(await db.devMailboxMessage.count({ where: { outboxId: id } })).toBe(1);
    const [job] = await jobsFor(id);
    expect(job).toMatchObject({ state: "completed", retry_count: 1 });
  }, 40_000);
});
