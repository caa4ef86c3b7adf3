import Link from "next/link";
import { notFound } from "next/navigation";
import { headers } from "next/headers";
import { getMailboxMessage, mailboxOpenTo } from "@/modules/email/server/mailbox";

export default async function MailboxMessagePage({ params }: { params: Promise<{ id: string }> }) {
  // Per request: the mailbox exists only with EMAIL_TRANSPORT=mailbox, and only for this machine.
  if (!mailboxOpenTo(await headers())) notFound();
  const message = await getMailboxMessage((await params).id);
  if (!message) notFound();
  const links = [...message.text.matchAll(/https?:\/\/[^\s\]]+/g)].map((match) => match[0]);
  return (
    <main className="mx-auto max-w-4xl space-y-6 px-4 py-10">
      <p>
        <Link href="/dev/mailbox">← Mailbox</Link>
      </p>
      <header>
        <h1 className="text-2xl font-semibold">{message.subject}</h1>
        <p className="text-sm text-zinc-500">
          to <span data-testid="recipient">{message.recipient}</span> · {message.createdAt.toISOString()}
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
