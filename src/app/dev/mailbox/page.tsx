import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { headers } from "next/headers";
import { MailboxScreen } from "@/modules/email/components/mailbox-screens";
import { listMailbox, mailboxFilterSchema, mailboxOpenTo } from "@/modules/email/server/mailbox";

export const metadata: Metadata = { title: "Development mailbox", robots: { index: false } };

export default async function MailboxPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  // Per request: the mailbox exists only with EMAIL_TRANSPORT=mailbox, and only for this machine.
  if (!mailboxOpenTo(await headers())) notFound();
  const { to } = mailboxFilterSchema.parse(await searchParams);
  return <MailboxScreen to={to} messages={await listMailbox({ to })} />;
}
