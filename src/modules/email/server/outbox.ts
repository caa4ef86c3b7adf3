import "server-only";

import { randomUUID } from "node:crypto";
import PgBoss from "pg-boss";
import { env } from "@/server/env";
import { seal } from "@/server/crypto";
import type { Tx } from "@/server/db/client";
import { EMAIL_QUEUE, OUTBOX_SEAL_PURPOSE, emailTemplates, type EmailMessage } from "../templates";

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

/**
 * Inserts a pg-boss job through the caller's transaction (as enqueueEmail does for mail): the job
 * exists if and only if the change that caused it commits. Used by other modules' queues
 * (webhooks.deliver).
 */
export async function enqueueJob(tx: Tx, queue: string, data: object): Promise<void> {
  await jobSender().send(queue, data, { db: transactionDb(tx) });
}
