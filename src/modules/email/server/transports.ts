import "server-only";

import { Resend } from "resend";
import type { Db } from "@/server/db/client";
import { log } from "@/server/log";

export type OutgoingEmail = { id: string; from: string; to: string; subject: string; html: string; text: string };

export interface MailTransport {
  readonly name: string;
  send(email: OutgoingEmail): Promise<{ providerMessageId?: string }>;
}

/** Resend. Its SDK returns `{ error }` instead of throwing: that is a failure to retry. */
export function resendTransport(apiKey: string): MailTransport {
  const client = new Resend(apiKey);
  return {
    name: "resend",
    async send(email) {
      const { data, error } = await client.emails.send(
        { from: email.from, to: email.to, subject: email.subject, html: email.html, text: email.text },
        { idempotencyKey: `outbox-${email.id}` },
      );
      if (error) throw new Error(`Resend refused the message: ${error.name}: ${error.message}`);
      return { providerMessageId: data?.id };
    },
  };
}

/**
 * The development mailbox: keeps each message for /dev/mailbox and prints it to the console.
 * Idempotent per outbox message, like a provider's idempotency key.
 */
export function mailboxTransport(db: Db, options: { print?: boolean } = {}): MailTransport {
  return {
    name: "mailbox",
    async send(email) {
      const stored = await db.devMailboxMessage.upsert({
        where: { outboxId: email.id },
        create: { outboxId: email.id, recipient: email.to, subject: email.subject, html: email.html, text: email.text },
        update: {},
      });
      if (options.print !== false) {
        log.info({ to: email.to, subject: email.subject }, "dev mailbox: message kept at /dev/mailbox");
        // eslint-disable-next-line no-console -- the development mailbox prints mail on purpose
        console.log(`\n──── mail to ${email.to}: ${email.subject}\n${email.text}\n────\n`);
      }
      return { providerMessageId: `mailbox-${stored.id}` };
    },
  };
}
