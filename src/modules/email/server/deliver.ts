import "server-only";

import { env } from "@/server/env";
import { open } from "@/server/crypto";
import type { Db } from "@/server/db/client";
import { OUTBOX_SEAL_PURPOSE, type EmailMessage } from "../templates";
import { renderEmail } from "./render";
import type { MailTransport } from "./transports";

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
          data: { status: "SENT", sentAt: new Date(), payload: null, attempts: { increment: 1 }, lastError: null, providerMessageId: result.providerMessageId ?? null },
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
