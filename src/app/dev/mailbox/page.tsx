import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { headers } from "next/headers";
import { listMailbox, mailboxFilterSchema, mailboxOpenTo } from "@/modules/email/server/mailbox";

export const metadata: Metadata = { title: "Development mailbox", robots: { index: false } };

export default async function MailboxPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  // Per request: the mailbox exists only with EMAIL_TRANSPORT=mailbox, and only for this machine.
  if (!mailboxOpenTo(await headers())) notFound();
  const { to } = mailboxFilterSchema.parse(await searchParams);
  const messages = await listMailbox({ to });
  return (
    <main className="mx-auto max-w-4xl px-4 py-10">
      <h1 className="text-2xl font-semibold">Development mailbox</h1>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
        Mail Candor would have sent (EMAIL_TRANSPORT=mailbox). Newest first{to ? `, to ${to}` : ""}. This page does not exist when
        mail goes through Resend.
      </p>
      <form className="mt-4 flex gap-2" action="/dev/mailbox">
        <label htmlFor="to" className="sr-only">
          Recipient
        </label>
        <input id="to" name="to" defaultValue={to} placeholder="Filter by recipient" className="rounded-md border border-zinc-300 px-3 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900" />
        <button type="submit" className="rounded-md border border-zinc-300 px-3 py-1.5 text-sm dark:border-zinc-700">
          Filter
        </button>
      </form>
      {messages.length === 0 ? (
        <p className="mt-8 text-zinc-500">No messages yet.</p>
      ) : (
        <ul className="mt-6 divide-y divide-zinc-200 rounded-lg border border-zinc-200 bg-white dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900">
          {messages.map((message) => (
            <li key={message.id}>
              <Link href={`/dev/mailbox/${message.id}`} className="block px-4 py-3 no-underline hover:bg-zinc-50 dark:hover:bg-zinc-800">
                <span className="block text-sm font-medium text-zinc-900 dark:text-zinc-100">{message.subject}</span>
                <span className="block text-xs text-zinc-500">
                  to {message.recipient} · {message.createdAt.toISOString()}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
