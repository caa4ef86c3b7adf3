import "server-only";

import { Resend } from "resend";
import type { Db } from "@/server/db/client";
import { log } from "@/server/log";

export type OutgoingEmail = { id: string; from: string; to: string; subject: string; html: string; text: string; headers?: Record<string, string> };

export interface MailTransport {
  readonly name: string;
  send(email: OutgoingEmail): Promise<{ providerMessageId?: string }>;
  /**
   * Several messages in one call, where the provider offers it; all or none are accepted. `key`
   * names the batch: a repeat with the same key is not sent again (the provider's idempotency).
   */
  sendBatch?(emails: OutgoingEmail[], key: string): Promise<{ providerMessageIds: (string | undefined)[] }>;
}

/** Resend. Its SDK returns `{ error }` instead of throwing: that is a failure to retry. */
export function resendTransport(apiKey: string): MailTransport {
  const client = new Resend(apiKey);
  return {
    name: "resend",
    async send(email) {
      const { data, error } = await client.emails.send(
        { from: email.from, to: email.to, subject: email.subject, html: email.html, text: email.text, headers: email.headers },
        { idempotencyKey: `outbox-${email.id}` },
      );
      if (error) throw new Error(`Resend refused the message: ${error.name}: ${error.message}`);
      return { providerMessageId: data?.id };
    },
    // Resend's batch API: up to 100 messages a call, all accepted or none (strict validation).
    async sendBatch(emails, key) {
      const { data, error } = await client.batch.send(
        emails.map((email) => ({ from: email.from, to: email.to, subject: email.subject, html: email.html, text: email.text, headers: email.headers })),
        { idempotencyKey: key },
      );
      if (error) throw new Error(`Resend refused the batch: ${error.name}: ${error.message}`);
      return { providerMessageIds: emails.map((_email, index) => data?.data[index]?.id) };
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
        create: { outboxId: email.id, recipient: email.to, subject: email.subject, html: email.html, text: email.text, headers: email.headers ?? undefined },
        update: {},
      });
      if (options.print !== false) {
        log.info({ to: email.to, subject: email.subject }, "dev mailbox: message kept at /dev/mailbox");
        // eslint-disable-next-line no-console -- the development mailbox prints mail on purpose
        console.log(`\n──── mail to ${email.to}: ${email.subject}\n${email.text}\n────\n`);
      }
      return { providerMessageId: `mailbox-${stored.id}` };
    },
    async sendBatch(emails) {
      // Idempotent per outbox message: a batch sent again keeps each message once.
      await db.devMailboxMessage.createMany({
        data: emails.map((email) => ({ outboxId: email.id, recipient: email.to, subject: email.subject, html: email.html, text: email.text, headers: email.headers ?? undefined })),
        skipDuplicates: true,
      });
      if (options.print !== false) log.info({ count: emails.length }, "dev mailbox: batch kept at /dev/mailbox");
      return { providerMessageIds: emails.map(() => undefined) };
    },
  };
}
