import { Link } from "@/components/ui/link";
import { DateText } from "@/components/ui/date-text";
import type { getMailboxMessage, listMailbox } from "@/modules/email/server/mailbox";

type Messages = Awaited<ReturnType<typeof listMailbox>>;
type Message = NonNullable<Awaited<ReturnType<typeof getMailboxMessage>>>;

/** The development mailbox: what Candor would have sent, newest first. */
export function MailboxScreen({ to, messages }: { to: string | undefined; messages: Messages }) {
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
                  to {message.recipient} · <DateText value={message.createdAt} withTime="seconds" utc />
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}

/** One message of the development mailbox: its links, its text part, its HTML part (sandboxed). */
export function MailboxMessageScreen({ message }: { message: Message }) {
  const links = [...message.text.matchAll(/https?:\/\/[^\s\]]+/g)].map((match) => match[0]);
  return (
    <main className="mx-auto max-w-4xl space-y-6 px-4 py-10">
      <p>
        <Link href="/dev/mailbox">← Mailbox</Link>
      </p>
      <header>
        <h1 className="text-2xl font-semibold">{message.subject}</h1>
        <p className="text-sm text-zinc-500">
          to <span data-testid="recipient">{message.recipient}</span> · <DateText value={message.createdAt} withTime="seconds" utc />
        </p>
      </header>
      {links.length ? (
        <section>
          <h2 className="text-sm font-semibold uppercase text-zinc-500">Links</h2>
          <ul className="mt-2 space-y-1 text-sm">
            {links.map((link) => (
              <li key={link}>
                <a href={link} className="break-all" data-testid="mail-link">
                  {link}
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section>
        <h2 className="text-sm font-semibold uppercase text-zinc-500">Text part</h2>
        <pre data-testid="mail-text" className="mt-2 whitespace-pre-wrap rounded-md border border-zinc-200 bg-white p-4 text-sm dark:border-zinc-800 dark:bg-zinc-900">
          {message.text}
        </pre>
      </section>
      <section>
        <h2 className="text-sm font-semibold uppercase text-zinc-500">HTML part</h2>
        <iframe title="HTML part of the message" sandbox="" srcDoc={message.html} className="mt-2 h-[32rem] w-full rounded-md border border-zinc-200 bg-white dark:border-zinc-800" />
      </section>
    </main>
  );
}
