import { notFound } from "next/navigation";
import { headers } from "next/headers";
import { MailboxMessageScreen } from "@/modules/email/components/mailbox-screens";
import { getMailboxMessage, mailboxOpenTo } from "@/modules/email/server/mailbox";

export default async function MailboxMessagePage({ params }: { params: Promise<{ id: string }> }) {
  // Per request: the mailbox exists only with EMAIL_TRANSPORT=mailbox, and only for this machine.
  if (!mailboxOpenTo(await headers())) notFound();
  const message = await getMailboxMessage((await params).id);
  if (!message) notFound();
  return <MailboxMessageScreen message={message} />;
}
