import type { MailTransport, OutgoingEmail } from "../../src/modules/email/server/transports";

/**
 * The worker process of `npm run bench:notify`: the real worker (src/worker/main.ts) with a
 * transport that only counts what it is given, by outbox id and by recipient. The parent asks for
 * the counts over IPC ("report") and stops it ("stop"); its peak RSS is read from /proc by the parent.
 */
const byId = new Map<string, number>();
const byRecipient = new Map<string, number>();
let calls = 0;
const count = (email: OutgoingEmail) => {
  byId.set(email.id, (byId.get(email.id) ?? 0) + 1);
  byRecipient.set(email.to, (byRecipient.get(email.to) ?? 0) + 1);
};
const counting: MailTransport = {
  name: "counting",
  async send(email) {
    calls += 1;
    count(email);
    return {};
  },
  async sendBatch(emails) {
    calls += 1;
    for (const email of emails) count(email);
    return { providerMessageIds: emails.map(() => undefined) };
  },
};

const { startWorker } = await import("../../src/worker/main");
const worker = await startWorker({ transport: counting, pollingIntervalSeconds: 0.5 });
process.send?.({ ready: true });
process.on("message", async (message: string) => {
  if (message === "report") {
    let sent = 0;
    for (const n of byId.values()) sent += n;
    const duplicates = [...byRecipient.values()].reduce((sum, n) => sum + (n - 1), 0);
    process.send?.({ sent, distinctMessages: byId.size, recipients: byRecipient.size, duplicates, providerCalls: calls });
  }
  if (message === "stop") {
    await worker.stop();
    process.exit(0);
  }
});
