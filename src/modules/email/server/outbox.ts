import "server-only";

import { randomUUID } from "node:crypto";
import PgBoss from "pg-boss";
import { env } from "@/server/env";
import { seal } from "@/server/crypto";
import type { Tx } from "@/server/db/client";
import { EMAIL_BATCH_QUEUE, EMAIL_BATCH_SIZE, EMAIL_QUEUE, OUTBOX_SEAL_PURPOSE, emailTemplates, type EmailMessage } from "../templates";

/**
 * Writes an email to the outbox inside the caller's transaction, together with the pg-boss job
 * that will deliver it: both commit with the change that caused the email, or neither does.
 */
export async function enqueueEmail(tx: Tx, message: EmailMessage): Promise<string> {
  const props = emailTemplates[message.template].parse(message.props);
  const id = randomUUID();
  await tx.outboxMessage.create({
    data: {
      id,
      template: message.template,
      recipient: message.to,
      payload: seal(JSON.stringify({ template: message.template, props }), env().AUTH_SECRET, OUTBOX_SEAL_PURPOSE),
    },
  });
  await jobSender().send(EMAIL_QUEUE, { outboxId: id }, { db: transactionDb(tx) });
  return id;
}

/**
 * Many emails at once (a subscriber fan-out): the outbox rows in one insert, and one delivery job
 * (`email.deliver-batch`, { outboxIds }) per EMAIL_BATCH_SIZE of them instead of one job each, so
 * a provider with a batch API sends them in one call (deliverOutboxBatch in deliver.ts).
 */
export async function enqueueEmails(tx: Tx, messages: EmailMessage[]): Promise<string[]> {
  if (messages.length === 0) return [];
  const rows = messages.map((message) => {
    const props = emailTemplates[message.template].parse(message.props);
    return {
      id: randomUUID(),
      template: message.template,
      recipient: message.to,
      payload: seal(JSON.stringify({ template: message.template, props }), env().AUTH_SECRET, OUTBOX_SEAL_PURPOSE),
    };
  });
  await tx.outboxMessage.createMany({ data: rows });
  const ids = rows.map((row) => row.id);
  for (let i = 0; i < ids.length; i += EMAIL_BATCH_SIZE) {
    await enqueueJob(tx, EMAIL_BATCH_QUEUE, { outboxIds: ids.slice(i, i + EMAIL_BATCH_SIZE) });
  }
  return ids;
}

/** A pg-boss job, committed (or not) with the caller's transaction. Its queue is made by a migration. */
export async function enqueueJob(tx: Tx, queue: string, data: object, options: { singletonKey?: string } = {}): Promise<void> {
  await jobSender().send(queue, data, { ...options, db: transactionDb(tx) });
}

// pg-boss is used here only to build the job row; `db` points it at our transaction, so this
// instance never opens a connection of its own.
let sender: PgBoss | undefined;
function jobSender() {
  sender ??= new PgBoss({ connectionString: "postgres://unused", schema: "pgboss" });
  return sender;
}

function transactionDb(tx: Tx): PgBoss.Db {
  return {
    async executeSql(text, values) {
      const rows = await tx.$queryRawUnsafe<unknown[]>(text, ...values.map((value) => (value === undefined ? null : value)));
      return { rows };
    },
  };
}
