import "server-only";

import { createHash } from "node:crypto";
import { now } from "@/server/clock";
import { env } from "@/server/env";
import { open } from "@/server/crypto";
import type { Db } from "@/server/db/client";
import { OUTBOX_SEAL_PURPOSE, type EmailMessage } from "../templates";
import { renderEmail } from "./render";
import type { MailTransport, OutgoingEmail } from "./transports";

export type DeliveryOutcome = "sent" | "skipped" | "failed-will-retry" | "failed-final";

/**
 * Delivers one outbox message. Safe to run twice, or on two workers at once: the row is locked
 * while it is sent, and only a PENDING row is sent. A failure is recorded and rethrown so the
 * queue retries with backoff; on the last attempt the message is marked FAILED.
 */
export async function deliverOutboxMessage(options: {
  db: Db;
  outboxId: string;
  transport: MailTransport;
  finalAttempt: boolean;
}): Promise<DeliveryOutcome> {
  const { db, outboxId, transport, finalAttempt } = options;
  let failure: Error | undefined;
  const outcome = await db.$transaction(
    async (tx) => {
      const rows = await tx.$queryRaw<{ id: string; status: string; recipient: string; payload: string | null }[]>`
        SELECT id, status::text AS status, recipient, payload FROM "OutboxMessage" WHERE id = ${outboxId}::uuid FOR UPDATE`;
      const row = rows[0];
      if (!row || row.status !== "PENDING" || !row.payload) return "skipped" as const;

      try {
        const message = JSON.parse(open(row.payload, env().AUTH_SECRET, OUTBOX_SEAL_PURPOSE)) as Pick<EmailMessage, "template" | "props">;
        const rendered = await renderEmail(message);
        const result = await transport.send({ id: row.id, from: env().EMAIL_FROM, to: row.recipient, ...rendered });
        await tx.outboxMessage.update({
          where: { id: row.id },
          // The payload may hold a sign-in link: once delivered, it is not kept.
          data: { status: "SENT", sentAt: new Date(now()), payload: null, attempts: { increment: 1 }, lastError: null, providerMessageId: result.providerMessageId ?? null },
        });
        return "sent" as const;
      } catch (error) {
        failure = error instanceof Error ? error : new Error(String(error));
        await tx.outboxMessage.update({
          where: { id: row.id },
          data: {
            attempts: { increment: 1 },
            lastError: failure.message.slice(0, 1_000),
            ...(finalAttempt ? { status: "FAILED" as const, payload: null } : {}),
          },
        });
        return finalAttempt ? ("failed-final" as const) : ("failed-will-retry" as const);
      }
    },
    { timeout: 60_000, maxWait: 10_000 },
  );
  if (outcome === "failed-will-retry" && failure) throw failure;
  return outcome;
}

/**
 * Delivers up to EMAIL_BATCH_SIZE outbox messages in one provider call where the transport has a
 * batch API (else one by one). The PENDING rows among `outboxIds` are locked, sent and marked SENT
 * in one transaction: a second run, or a second worker, finds them SENT (or waits for the lock)
 * and sends nothing. A worker killed after the provider accepted the batch but before the commit
 * leaves them PENDING: the retry sends the same rows under the same key (the SHA-256 of their ids),
 * which the provider does not send again (Resend keeps idempotency keys for 24 hours; the mailbox
 * keeps one message per outbox id). A message whose payload cannot be rendered fails alone.
 */
export async function deliverOutboxBatch(options: { db: Db; outboxIds: string[]; transport: MailTransport; finalAttempt: boolean }) {
  const { db, outboxIds, transport, finalAttempt } = options;
  let failure: Error | undefined;
  const result = await db.$transaction(
    async (tx) => {
      const rows = await tx.$queryRaw<{ id: string; recipient: string; payload: string }[]>`
        SELECT id, recipient, payload FROM "OutboxMessage"
        WHERE id = ANY(${outboxIds}::uuid[]) AND status = 'PENDING' AND payload IS NOT NULL ORDER BY id FOR UPDATE`;
      const ready: OutgoingEmail[] = [];
      for (const row of rows) {
        try {
          const message = JSON.parse(open(row.payload, env().AUTH_SECRET, OUTBOX_SEAL_PURPOSE)) as Pick<EmailMessage, "template" | "props">;
          ready.push({ id: row.id, from: env().EMAIL_FROM, to: row.recipient, ...(await renderEmail(message)) });
        } catch (error) {
          const lastError = (error instanceof Error ? error.message : String(error)).slice(0, 1_000);
          await tx.outboxMessage.update({ where: { id: row.id }, data: { status: "FAILED", payload: null, attempts: { increment: 1 }, lastError } });
        }
      }
      if (ready.length === 0) return { sent: 0 };
      try {
        const providerIds = await sendAll(transport, ready);
        const sentAt = new Date(now());
        await tx.outboxMessage.updateMany({ where: { id: { in: ready.map((email) => email.id) } }, data: { status: "SENT", sentAt, payload: null, attempts: { increment: 1 }, lastError: null } });
        if (providerIds.some(Boolean)) {
          await tx.$executeRaw`UPDATE "OutboxMessage" AS o SET "providerMessageId" = p.pid FROM unnest(${ready.map((email) => email.id)}::uuid[], ${providerIds.map((id) => id ?? null)}::text[]) AS p(id, pid) WHERE o.id = p.id AND p.pid IS NOT NULL`;
        }
        return { sent: ready.length };
      } catch (error) {
        failure = error instanceof Error ? error : new Error(String(error));
        await tx.outboxMessage.updateMany({
          where: { id: { in: ready.map((email) => email.id) } },
          data: { attempts: { increment: 1 }, lastError: failure.message.slice(0, 1_000), ...(finalAttempt ? { status: "FAILED" as const, payload: null } : {}) },
        });
        return { sent: 0 };
      }
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
  if (failure && !finalAttempt) throw failure;
  return result;
}

async function sendAll(transport: MailTransport, emails: OutgoingEmail[]): Promise<(string | undefined)[]> {
  if (transport.sendBatch) {
    const key = `outbox-batch-${createHash("sha256").update(emails.map((email) => email.id).join(",")).digest("hex").slice(0, 48)}`;
    return (await transport.sendBatch(emails, key)).providerMessageIds;
  }
  const ids: (string | undefined)[] = [];
  for (const email of emails) ids.push((await transport.send(email)).providerMessageId);
  return ids;
}
